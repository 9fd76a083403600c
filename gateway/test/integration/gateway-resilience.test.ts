import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GatewayProcess, KafkaBroker } from '@cmf/test-harness';
import { CmfClient, type WebSocketLike } from '../../src/client/index.js';
import { ChatFixture, RecordingClient, SECRET, mintToken, until } from '../support/chat-fixture.js';

/** A client whose socket the test can cut; 3000 is an application code the SDK reconnects after. */
async function cuttableClient(url: string | (() => string), user: string, rooms: string[]) {
  let socket: WebSocketLike | undefined;
  const client = new CmfClient({
    url,
    token: await mintToken(user, rooms),
    reconnect: { initialDelayMs: 50, maxDelayMs: 300 },
    webSocket: (u, protocols) => {
      socket = new globalThis.WebSocket(u, protocols) as unknown as WebSocketLike;
      return socket;
    },
  });
  const recording = new RecordingClient(client);
  const subscribed: { room: string; recovered: boolean; missed: number }[] = [];
  client.on('subscribed', (s) => subscribed.push(s));
  await client.connect();
  return { recording, subscribed, cut: () => socket?.close(3000, 'test cut') };
}

describe('cmf-gateway resilience on the real broker', () => {
  let broker: KafkaBroker;
  const gateways: GatewayProcess[] = [];
  const clients: CmfClient[] = [];

  beforeAll(async () => {
    broker = await KafkaBroker.start();
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await Promise.all(gateways.splice(0).map((g) => g.kill()));
  });
  afterAll(async () => {
    await broker.destroy();
  });

  async function gateway(prefix: string, env: Record<string, string> = {}): Promise<GatewayProcess> {
    const g = await GatewayProcess.start({
      brokers: broker.bootstrap,
      topicPrefix: prefix,
      secret: SECRET,
      env,
    });
    gateways.push(g);
    return g;
  }

  it('recovers what a client missed while its connection was down, from the same gateway', async () => {
    const chat = await ChatFixture.create(broker.bootstrap, 'rec1', 3);
    const g = await gateway('rec1');
    const c = await cuttableClient(g.url, 'ann', ['cr_r']);
    clients.push(c.recording.client);
    await c.recording.client.subscribe('cr_r');
    await chat.send([1, 2, 3].map((n) => ({ room: 'cr_r', id: `r-${n}`, content: `m${n}` })));
    await until('first three', () => c.recording.messages.length === 3);

    c.cut();
    await chat.send([4, 5, 6, 7].map((n) => ({ room: 'cr_r', id: `r-${n}`, content: `m${n}` })));
    await until('the missed four, recovered', () => c.recording.messages.length === 7);
    expect(c.recording.contents()).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']);
    expect(c.subscribed.at(-1)).toMatchObject({ room: 'cr_r', recovered: true });
    await chat.close();
  });

  it('recovers on a different gateway process after the first one dies', async () => {
    const chat = await ChatFixture.create(broker.bootstrap, 'rec2', 4);
    const a = await gateway('rec2');
    const b = await gateway('rec2');
    let target = a;
    const c = await cuttableClient(() => target.url, 'ben', ['cr_x']);
    clients.push(c.recording.client);
    await c.recording.client.subscribe('cr_x');
    await chat.send([1, 2].map((n) => ({ room: 'cr_x', id: `x-${n}`, content: `m${n}` })));
    await until('first two', () => c.recording.messages.length === 2);

    target = b;
    await a.kill();
    await chat.send([3, 4, 5].map((n) => ({ room: 'cr_x', id: `x-${n}`, content: `m${n}` })));
    await until('all five via the second gateway', () => c.recording.messages.length === 5);
    expect(c.recording.contents()).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(c.subscribed.at(-1)).toMatchObject({ room: 'cr_x', recovered: true });
    await chat.close();
  });

  it('says recovered: false when the missed messages fell out of the window', async () => {
    const chat = await ChatFixture.create(broker.bootstrap, 'rec3', 2);
    const g = await gateway('rec3', { CMF_HISTORY_MAX_MESSAGES_PER_ROOM: '2' });
    const c = await cuttableClient(g.url, 'cat', ['cr_w']);
    clients.push(c.recording.client);
    await c.recording.client.subscribe('cr_w');
    await chat.send([{ room: 'cr_w', id: 'w-1', content: 'm1' }]);
    await until('first', () => c.recording.messages.length === 1);
    c.cut();
    await chat.send([2, 3, 4, 5].map((n) => ({ room: 'cr_w', id: `w-${n}`, content: `m${n}` })));
    await until('a resubscribe', () => c.subscribed.length === 2);
    expect(c.subscribed[1]).toEqual({ room: 'cr_w', recovered: false, missed: 0 });
    // The app refetches from the messenger; the stream goes on live from here.
    await chat.send([{ room: 'cr_w', id: 'w-6', content: 'm6' }]);
    await until('the next live message', () => c.recording.contents().includes('m6'));
    await chat.close();
  });

  it('closes a slow consumer with 4001 while a healthy client in the same room gets everything', async () => {
    const chat = await ChatFixture.create(broker.bootstrap, 'slow', 1);
    const g = await gateway('slow', { CMF_OUTBOUND_HIGH_WATER_BYTES: '64KiB' });
    const healthy = await RecordingClient.connect(g.url, 'fast', ['cr_s']);
    clients.push(healthy.client);
    await healthy.client.subscribe('cr_s');

    const slow = new WebSocket(g.url, ['cmf.v1.json', `cmf.token.${await mintToken('slow', ['cr_s'])}`]);
    await new Promise((resolve) => slow.once('open', resolve));
    slow.send(JSON.stringify({ type: 'subscribe', id: 1, rooms: [{ room: 'cr_s' }] }));
    await new Promise<void>((resolve) => {
      slow.on('message', (data: Buffer) => {
        if (data.toString().includes('"subscribed"')) resolve();
      });
    });
    slow.pause(); // stops reading: the kernel buffers fill, then the gateway's
    const closed = new Promise<number>((resolve) =>
      slow.once('close', (code) => {
        resolve(code);
      }),
    );

    // Enough to fill both kernels' loopback buffers (several MiB) and then the gateway's 64 KiB.
    const big = 'x'.repeat(8192);
    const total = 2000;
    for (let i = 0; i < total; i += 100) {
      await chat.send(
        Array.from({ length: 100 }, (_, j) => ({
          room: 'cr_s',
          id: `s-${i + j}`,
          content: `${i + j}:${big}`,
        })),
      );
    }
    await until('the healthy client to get everything', () => healthy.messages.length === total, 60_000);
    expect(await g.metrics()).toMatch(/^cmf_gateway_slow_consumer_closes_total 1$/m);
    slow.resume();
    // The close frame sits behind the unread data; terminated sockets report 1006.
    expect([4001, 1006]).toContain(await closed);
    await chat.close();
  });

  it('drains on SIGTERM: clients are told to reconnect elsewhere (4000) and the process exits 0', async () => {
    await (await ChatFixture.create(broker.bootstrap, 'drain', 1)).close();
    const g = await gateway('drain', { CMF_DRAIN_CLOSE_GRACE: '2s', CMF_DRAIN_TIMEOUT: '10s' });
    const d1 = await RecordingClient.connect(g.url, 'd1', ['cr_d']);
    const d2 = await RecordingClient.connect(g.url, 'd2', ['cr_d']);
    d1.client.on('state', (s) => {
      if (s === 'reconnecting') d1.client.close();
    });
    d2.client.on('state', (s) => {
      if (s === 'reconnecting') d2.client.close();
    });
    const started = Date.now();
    expect(await g.terminate()).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    await until('both close events', () => d1.closes.length > 0 && d2.closes.length > 0);
    expect(d1.closes[0]).toMatchObject({ code: 4000, terminal: false });
    expect(d2.closes[0]).toMatchObject({ code: 4000, terminal: false });
    expect(g.logs).toContain('drained; bye');
  });
});
