import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayProcess, KafkaBroker } from '@cmf/test-harness';
import {
  ChatFixture,
  RecordingClient,
  SECRET,
  mintToken,
  rawHandshake,
  seeded,
  until,
} from '../support/chat-fixture.js';

// The gateway as a Pod runs it (dist/src/main.js, configured by CMF_* variables) against the real
// broker, with clients on the SDK over real WebSockets.
describe('cmf-gateway delivery on the real broker', () => {
  let broker: KafkaBroker;
  let chat: ChatFixture;
  let gateway: GatewayProcess;
  const clients: RecordingClient[] = [];

  beforeAll(async () => {
    broker = await KafkaBroker.start();
    chat = await ChatFixture.create(broker.bootstrap, 'deliv', 6);
    gateway = await GatewayProcess.start({ brokers: broker.bootstrap, topicPrefix: 'deliv', secret: SECRET });
  });

  afterAll(async () => {
    for (const c of clients) c.client.close();
    await gateway.kill();
    await chat.close();
    await broker.destroy();
  });

  it('delivers a produced record to a subscribed client, with its position and id', async () => {
    const alice = await RecordingClient.connect(gateway.url, 'alice', ['cr_first']);
    clients.push(alice);
    const sub = await alice.client.subscribe('cr_first');
    expect(sub).toEqual({ room: 'cr_first', recovered: false, missed: 0 });
    await chat.send([{ room: 'cr_first', id: 'first-1', content: 'hello' }]);
    await until('the message', () => alice.messages.length === 1);
    expect(alice.messages[0]).toMatchObject({
      room: 'cr_first',
      id: 'first-1',
      data: { content: 'hello', chatRoomId: 'cr_first' },
    });
    expect(alice.messages[0]?.position.offset).toMatch(/^\d+$/);
  });

  it('keeps rooms isolated and in order under load (seeded random subscriptions over 6 partitions)', async () => {
    const random = seeded(20261129);
    const rooms = Array.from({ length: 24 }, (_, i) => `cr_load_${i}`);
    const plan = Array.from({ length: 30 }, (_, i) => ({
      user: `user${i}`,
      rooms: rooms.filter(() => random() < 0.25),
    }));
    const recorders = await Promise.all(plan.map((p) => RecordingClient.connect(gateway.url, p.user, rooms)));
    clients.push(...recorders);
    await Promise.all(
      recorders.map((r, i) => Promise.all((plan[i]?.rooms ?? []).map((room) => r.client.subscribe(room)))),
    );

    const perRoom = 25;
    const batches: { room: string; id: string; content: string }[][] = [];
    for (let n = 0; n < perRoom; n++) {
      batches.push(rooms.map((room) => ({ room, id: `${room}-${n}`, content: `${room}#${n}` })));
    }
    for (const batch of batches) await chat.send(batch);

    const expected = plan.map((p) => p.rooms.length * perRoom);
    await until('every subscriber to receive its rooms', () =>
      recorders.every((r, i) => r.messages.length >= (expected[i] ?? 0)),
    );
    await new Promise((r) => setTimeout(r, 300)); // anything extra would arrive now
    recorders.forEach((r, i) => {
      const wanted = new Set(plan[i]?.rooms);
      expect(r.messages.length).toBe(expected[i]);
      for (const m of r.messages) expect(wanted.has(m.room)).toBe(true);
      for (const room of wanted) {
        expect(r.contents(room)).toEqual(Array.from({ length: perRoom }, (_, n) => `${room}#${n}`));
      }
    });
  });

  it('refuses a room the token does not grant, and a bad token before the upgrade', async () => {
    const bob = await RecordingClient.connect(gateway.url, 'bob', ['cr_bob']);
    clients.push(bob);
    await expect(bob.client.subscribe('cr_secret')).rejects.toThrow(/forbidden/);

    const bad = await rawHandshake(gateway.url, {
      'sec-websocket-protocol': 'cmf.v1.json, cmf.token.not-a-jwt',
    });
    expect(bad).toEqual({
      status: 401,
      body: { error: 'invalid_token', message: 'token rejected (ERR_JWS_INVALID)' },
    });
    const none = await rawHandshake(gateway.url, { 'sec-websocket-protocol': 'cmf.v1.json' });
    expect(none).toMatchObject({ status: 401, body: { error: 'missing_token' } });
    const noProtocol = await rawHandshake(gateway.url, {
      authorization: `Bearer ${await mintToken('bob', [])}`,
    });
    expect(noProtocol).toMatchObject({ status: 400, body: { error: 'unsupported_protocol' } });
    const good = await rawHandshake(gateway.url, {
      authorization: `Bearer ${await mintToken('bob', [])}`,
      'sec-websocket-protocol': 'cmf.v1.json',
    });
    expect(good.status).toBe(101);
    expect(await gateway.metrics()).toMatch(/^cmf_gateway_handshakes_total\{result="invalid_token"\} 1$/m);
  });

  it('delivers a message with allowedUserIds only to the listed users', async () => {
    const token = ['cr_acl'];
    const carol = await RecordingClient.connect(gateway.url, 'carol', token);
    const dave = await RecordingClient.connect(gateway.url, 'dave', token);
    clients.push(carol, dave);
    await carol.client.subscribe('cr_acl');
    await dave.client.subscribe('cr_acl');
    await chat.send([
      { room: 'cr_acl', id: 'acl-1', content: 'for carol', allowedUserIds: ['carol'] },
      { room: 'cr_acl', id: 'acl-2', content: 'for all' },
    ]);
    await until('carol and dave', () => carol.messages.length === 2 && dave.messages.length === 1);
    expect(carol.contents()).toEqual(['for carol', 'for all']);
    expect(dave.contents()).toEqual(['for all']);
  });

  it('sends a malformed record to the DLQ and keeps delivering the room', async () => {
    const erin = await RecordingClient.connect(gateway.url, 'erin', ['cr_dlq']);
    clients.push(erin);
    await erin.client.subscribe('cr_dlq');
    await chat.send([{ room: 'cr_dlq', id: 'dlq-1', content: 'before' }]);
    await chat.sendRaw('cr_dlq', '{"chatRoomId": "cr_dlq"', 'dlq-bad');
    await chat.send([{ room: 'cr_dlq', id: 'dlq-2', content: 'after' }]);
    await until('both good records', () => erin.messages.length === 2);
    expect(erin.contents()).toEqual(['before', 'after']);
    expect(await gateway.metrics()).toMatch(/^cmf_gateway_dlq_records_total 1$/m);
  });

  it('answers health and readiness on the admin port', async () => {
    expect((await fetch(`${gateway.adminUrl}/healthz`)).status).toBe(200);
    expect(await gateway.readiness()).toEqual({ status: 200, body: { status: 'ready', reasons: [] } });
  });
});
