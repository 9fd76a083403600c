import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayProcess, KafkaBroker } from '@cmf/test-harness';
import { ChatFixture, SECRET, mintToken, rawHandshake } from '../support/chat-fixture.js';

async function open(
  url: string,
  user: string,
  rooms: string[] = [],
): Promise<{ ws: WebSocket; frames: Record<string, unknown>[] }> {
  const ws = new WebSocket(url, ['cmf.v1.json', `cmf.token.${await mintToken(user, rooms)}`]);
  const frames: Record<string, unknown>[] = [];
  ws.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString()) as Record<string, unknown>));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return { ws, frames };
}

function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    ws.once('close', (code: number, reason: Buffer) => {
      resolve({ code, reason: reason.toString() });
    });
  });
}

async function reply(
  frames: Record<string, unknown>[],
  pred: (f: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = frames.find(pred);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no such frame among ${JSON.stringify(frames)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// Every documented limit, enforced by the real process with its documented code.
describe('cmf-gateway limits', () => {
  let broker: KafkaBroker;
  let gateway: GatewayProcess;

  beforeAll(async () => {
    broker = await KafkaBroker.start();
    await (await ChatFixture.create(broker.bootstrap, 'limits', 1)).close();
    gateway = await GatewayProcess.start({
      brokers: broker.bootstrap,
      topicPrefix: 'limits',
      secret: SECRET,
      env: {
        CMF_MAX_FRAME_BYTES: '4KiB',
        CMF_MAX_SUBSCRIPTIONS: '2',
        CMF_COMMANDS_PER_SECOND: '5',
        CMF_COMMAND_BURST: '5',
        CMF_FLOOD_CLOSE_AFTER: '10',
        CMF_MAX_CONNECTIONS: '3',
      },
    });
  });
  afterAll(async () => {
    await gateway.kill();
    await broker.destroy();
  });

  it('closes a connection that sends a frame over the maximum size (1009)', async () => {
    const { ws } = await open(gateway.url, 'big');
    const done = closed(ws);
    ws.send(JSON.stringify({ type: 'ping', id: 1, pad: 'x'.repeat(8192) }));
    expect((await done).code).toBe(1009);
  });

  it('refuses subscriptions past the per-connection limit', async () => {
    const { ws, frames } = await open(gateway.url, 'subs', ['a', 'b', 'c']);
    ws.send(
      JSON.stringify({ type: 'subscribe', id: 7, rooms: [{ room: 'a' }, { room: 'b' }, { room: 'c' }] }),
    );
    const r = await reply(frames, (f) => f['type'] === 'subscribed');
    const rooms = r['rooms'] as { room: string; ok: boolean; error?: { code: string } }[];
    expect(rooms.map((x) => [x.room, x.ok, x.error?.code])).toEqual([
      ['a', true, undefined],
      ['b', true, undefined],
      ['c', false, 'too_many_subscriptions'],
    ]);
    ws.close();
  });

  it('answers rate_limited with the frame id past the bucket, then closes a flood with 4002', async () => {
    const { ws, frames } = await open(gateway.url, 'flood');
    const done = closed(ws);
    for (let id = 1; id <= 30; id++) ws.send(JSON.stringify({ type: 'ping', id }));
    const limited = await reply(frames, (f) => f['type'] === 'error');
    expect(limited).toMatchObject({ type: 'error', error: { code: 'rate_limited', retryable: true } });
    expect(typeof limited['id']).toBe('number');
    expect(await done).toEqual({ code: 4002, reason: 'too many commands' });
  });

  it('answers a bad frame with an error and keeps the connection; closes on non-JSON (4500)', async () => {
    const { ws, frames } = await open(gateway.url, 'bad');
    ws.send(JSON.stringify({ type: 'subscribe', id: 3, rooms: [{ room: 'no spaces allowed' }] }));
    expect(await reply(frames, (f) => f['type'] === 'error')).toMatchObject({
      id: 3,
      error: { code: 'bad_frame' },
    });
    const done = closed(ws);
    ws.send('this is not json');
    expect((await done).code).toBe(4500);
  });

  it('refuses connections past the per-process limit with 503', async () => {
    const held = await Promise.all([
      open(gateway.url, 'h1'),
      open(gateway.url, 'h2'),
      open(gateway.url, 'h3'),
    ]);
    const refused = await rawHandshake(gateway.url, {
      authorization: `Bearer ${await mintToken('h4', [])}`,
      'sec-websocket-protocol': 'cmf.v1.json',
    });
    expect(refused).toEqual({
      status: 503,
      body: { error: 'too_many_connections', message: 'this replica is full; retry' },
    });
    for (const h of held) h.ws.close();
  });
});
