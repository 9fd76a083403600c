import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CmfClient,
  SubscribeError,
  type ClientMessage,
  type ClientState,
  type CmfClientOptions,
  type ErrorPayload,
  type SubscribeResult,
} from './cmf-client.js';
import {
  FakeTransport,
  failedRoom,
  messageFrame,
  okRoom,
  subscribedFrame,
  type FakeWebSocket,
  type Frame,
} from './fake-websocket.js';

const URL = 'wss://gw.test/connection/websocket';
const EPOCH = 'b3f1c2d4-6a1e-4f9b-9c3d-0e4a5b6c7d8e';
const EPOCH_2 = '0f0e0d0c-0b0a-4909-8807-060504030201';

const pos = (partition: number, offset: string) => ({ partition, offset });

/** Lets pending promise callbacks run (the client awaits the token before opening a socket). */
async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** Moves the fake clock and lets what the timers started (token fetch, socket) run. */
async function advance(ms: number): Promise<void> {
  vi.advanceTimersByTime(ms);
  await flush();
}

interface Recorded {
  states: ClientState[];
  messages: ClientMessage[];
  subscribed: SubscribeResult[];
  unsubscribed: { room: string; reason?: ErrorPayload }[];
  closed: { code: number; reason: string; terminal: boolean }[];
  errors: ErrorPayload[];
  welcomes: { connectionId: string; userId: string }[];
  typing: { room: string; userId: string }[];
  presence: { room: string }[];
}

function record(client: CmfClient): Recorded {
  const r: Recorded = {
    states: [],
    messages: [],
    subscribed: [],
    unsubscribed: [],
    closed: [],
    errors: [],
    welcomes: [],
    typing: [],
    presence: [],
  };
  client.on('state', (s) => r.states.push(s));
  client.on('message', (m) => r.messages.push(m));
  client.on('subscribed', (s) => r.subscribed.push(s));
  client.on('unsubscribed', (u) => r.unsubscribed.push(u));
  client.on('closed', (c) => r.closed.push(c));
  client.on('error', (e) => r.errors.push(e));
  client.on('welcome', (w) => r.welcomes.push(w));
  client.on('typing', (t) => r.typing.push(t));
  client.on('presence', (p) => r.presence.push(p));
  return r;
}

type Options = Partial<CmfClientOptions>;

function setup(options: Options = {}) {
  const transport = new FakeTransport();
  const client = new CmfClient({ url: URL, token: 'jwt-1', webSocket: transport.factory, ...options });
  return { transport, client, events: record(client) };
}

/** A client past its first welcome. */
async function connected(options: Options = {}, welcome: Frame = {}) {
  const s = setup(options);
  const ready = s.client.connect();
  await flush();
  s.transport.latest.welcome(welcome);
  await ready;
  return s;
}

/** Answers the last subscribe frame with an ok result for each of its rooms. */
function replyOk(
  ws: FakeWebSocket,
  epoch: string,
  rooms: Record<
    string,
    { position?: { partition: number; offset: string } | null; recovered?: boolean; missed?: number }
  >,
): void {
  const frame = ws.lastSubscribe();
  ws.deliver(
    subscribedFrame(
      frame.id,
      epoch,
      frame.rooms.map(({ room }) => okRoom({ room, ...(rooms[room] ?? {}) })),
    ),
  );
}

/** Asserts that exactly `ms` after now (not a millisecond earlier) a new socket is opened. */
async function expectReconnectAfter(transport: FakeTransport, ms: number): Promise<void> {
  const before = transport.sockets.length;
  if (ms > 0) {
    await advance(ms - 1);
    expect(transport.sockets.length, `no reconnect before ${ms} ms`).toBe(before);
    await advance(1);
  } else {
    await advance(0);
  }
  expect(transport.sockets.length, `a reconnect at ${ms} ms`).toBe(before + 1);
}

/** Settles a promise into a value the test can inspect without unhandled rejections. */
function settle<T>(p: Promise<T>): {
  result: () => { ok: true; value: T } | { ok: false; error: unknown } | undefined;
  /** The message of the rejection's Error; undefined while pending or when fulfilled. */
  rejection: () => string | undefined;
} {
  let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
  p.then(
    (value) => (outcome = { ok: true, value }),
    (error: unknown) => (outcome = { ok: false, error }),
  );
  return {
    result: () => outcome,
    rejection: () =>
      outcome?.ok === false
        ? outcome.error instanceof Error
          ? outcome.error.message
          : 'not an Error'
        : undefined,
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('connect', () => {
  it('resolves at welcome, not before, and walks idle -> connecting -> connected', async () => {
    const { transport, client, events } = setup();
    expect(client.state).toBe('idle');
    const ready = settle(client.connect());
    await flush();
    expect(client.state).toBe('connecting');
    expect(transport.sockets).toHaveLength(1);
    transport.latest.open();
    await flush();
    expect(ready.result(), 'open is not enough: the server speaks first').toBeUndefined();
    transport.latest.deliver({
      type: 'welcome',
      protocol: 1,
      connectionId: 'gw-7f9c-000042',
      userId: 'u1',
      heartbeatMs: 25_000,
      limits: { maxFrameBytes: 65_536, maxSubscriptions: 256, commandsPerSecond: 20, maxRoomsPerFrame: 64 },
    });
    await flush();
    expect(ready.result()).toEqual({ ok: true, value: undefined });
    expect(client.state).toBe('connected');
    expect(events.states).toEqual(['connecting', 'connected']);
    expect(events.welcomes).toEqual([{ connectionId: 'gw-7f9c-000042', userId: 'u1' }]);
  });

  it('offers cmf.v1.json and the token as a cmf.token.<jwt> subprotocol', async () => {
    const { transport } = await connected({ token: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2ln' });
    expect(transport.latest.url).toBe(URL);
    expect(transport.latest.protocols).toEqual([
      'cmf.v1.json',
      'cmf.token.eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2ln',
    ]);
  });

  it('asks the token and url functions before every (re)connect', async () => {
    const calls: string[] = [];
    let n = 0;
    const token = vi.fn(() => {
      calls.push('token');
      n++;
      return Promise.resolve(`jwt-${n}`);
    });
    const url = vi.fn(() => {
      calls.push('url');
      return `wss://gw-${n}.test/connection/websocket`;
    });
    const { transport, client } = setup({ token, url, random: () => 0 });
    const ready = client.connect();
    await flush();
    expect(token).toHaveBeenCalledTimes(1);
    expect(transport.sockets).toHaveLength(1);
    transport.latest.welcome();
    await ready;

    transport.latest.serverClose(4005, 'token expired');
    await advance(0);
    expect(transport.sockets).toHaveLength(2);
    transport.latest.serverClose(1006);
    await advance(0);
    expect(transport.sockets).toHaveLength(3);

    expect(token).toHaveBeenCalledTimes(3);
    expect(url).toHaveBeenCalledTimes(3);
    expect(calls).toEqual(['token', 'url', 'token', 'url', 'token', 'url']);
    expect(transport.sockets.map((s) => s.protocols[1])).toEqual([
      'cmf.token.jwt-1',
      'cmf.token.jwt-2',
      'cmf.token.jwt-3',
    ]);
    expect(transport.sockets.map((s) => s.url)).toEqual([
      'wss://gw-1.test/connection/websocket',
      'wss://gw-2.test/connection/websocket',
      'wss://gw-3.test/connection/websocket',
    ]);
  });

  it('does not open a socket until the token function has answered', async () => {
    let answer: (t: string) => void = () => undefined;
    const { transport, client } = setup({
      token: () =>
        new Promise<string>((resolve) => {
          answer = resolve;
        }),
    });
    const ready = client.connect();
    await flush();
    expect(transport.sockets).toHaveLength(0);
    answer('late-jwt');
    await flush();
    expect(transport.latest.protocols).toEqual(['cmf.v1.json', 'cmf.token.late-jwt']);
    transport.latest.welcome();
    await ready;
  });

  it('reports a failing token function and retries with backoff', async () => {
    let fail = true;
    const { transport, client, events } = setup({
      token: () => (fail ? Promise.reject(new Error('sso down')) : Promise.resolve('jwt-ok')),
      random: () => 0.5,
      reconnect: { initialDelayMs: 100 },
    });
    const ready = settle(client.connect());
    await flush();
    expect(transport.sockets).toHaveLength(0);
    expect(events.errors).toEqual([{ code: 'token_unavailable', message: 'sso down', retryable: true }]);
    expect(client.state).toBe('reconnecting');
    fail = false;
    await expectReconnectAfter(transport, 50);
    transport.latest.welcome();
    await flush();
    expect(ready.result()).toEqual({ ok: true, value: undefined });
  });

  it('connect() while connecting waits for the welcome; while connected it resolves at once', async () => {
    const { transport, client } = setup();
    const first = settle(client.connect());
    const second = settle(client.connect());
    await flush();
    expect(transport.sockets).toHaveLength(1);
    expect(second.result(), 'not connected yet').toBeUndefined();
    transport.latest.welcome();
    await flush();
    expect(first.result()).toEqual({ ok: true, value: undefined });
    expect(second.result()).toEqual({ ok: true, value: undefined });
    await client.connect();
    expect(transport.sockets).toHaveLength(1);
  });

  it('rejects connect() when the socket cannot even be created (bad url, no WebSocket)', async () => {
    const { client } = setup({
      webSocket: () => {
        throw new SyntaxError('invalid url');
      },
    });
    const ready = settle(client.connect());
    await flush();
    expect(ready.result()).toMatchObject({ ok: false, error: { message: 'invalid url' } });
    expect(client.state).toBe('closed');
  });

  it('ignores unknown frame types, unknown fields, non-JSON text and binary frames', async () => {
    const { transport, client, events } = await connected();
    const sub = client.subscribe('cr_1');
    const ws = transport.latest;
    ws.deliver({ type: 'shiny_new_frame', whatever: 1 });
    ws.deliverRaw('not json');
    ws.deliverRaw(new Uint8Array([1, 2, 3]));
    replyOk(ws, EPOCH, { cr_1: { position: pos(0, '1') } });
    await sub;
    ws.deliver({ ...messageFrame('cr_1', 'm-2', 0, '2'), futureField: { x: 1 } });
    expect(events.messages.map((m) => m.id)).toEqual(['m-2']);
    expect(client.state).toBe('connected');
    expect(events.errors).toEqual([]);
  });

  it('forwards typing, presence and connection-level error frames as events', async () => {
    const { transport, events } = await connected();
    const ws = transport.latest;
    ws.deliver({ type: 'typing', room: 'cr_1', userId: 'u2' });
    ws.deliver({ type: 'presence', room: 'cr_1', joined: ['u3'], left: ['u2'] });
    const error = { code: 'not_subscribed', number: 141, message: 'not subscribed', retryable: false };
    ws.deliver({ type: 'error', error });
    expect(events.typing).toEqual([{ type: 'typing', room: 'cr_1', userId: 'u2' }]);
    expect(events.presence).toEqual([{ type: 'presence', room: 'cr_1', joined: ['u3'], left: ['u2'] }]);
    expect(events.errors).toEqual([error]);
  });

  it('sends typing and ack frames while connected', async () => {
    const { transport, client } = await connected();
    client.typing('cr_1');
    client.ack('cr_1', 'read', ['m-1', 'm-2']);
    expect(transport.latest.frames()).toEqual([
      { type: 'typing', room: 'cr_1' },
      { type: 'ack', room: 'cr_1', kind: 'read', ids: ['m-1', 'm-2'] },
    ]);
  });
});

describe('subscribe', () => {
  it('sends a subscribe frame and resolves with {room, recovered, missed}', async () => {
    const { transport, client, events } = await connected();
    const sub = settle(client.subscribe('cr_1'));
    const ws = transport.latest;
    expect(ws.frames()).toEqual([{ type: 'subscribe', id: 1, rooms: [{ room: 'cr_1' }] }]);
    await flush();
    expect(sub.result()).toBeUndefined();
    ws.deliver(subscribedFrame(1, EPOCH, [okRoom({ room: 'cr_1', position: pos(5, '88') })]));
    await flush();
    expect(sub.result()).toEqual({ ok: true, value: { room: 'cr_1', recovered: false, missed: 0 } });
    expect(events.subscribed).toEqual([{ room: 'cr_1', recovered: false, missed: 0 }]);
    expect(client.position('cr_1')).toEqual({ epoch: EPOCH, partition: 5, offset: '88' });
  });

  it('uses a fresh frame id per request and matches replies by id, in any order', async () => {
    const { transport, client } = await connected();
    const a = settle(client.subscribe('cr_a'));
    const b = settle(client.subscribe('cr_b'));
    const ws = transport.latest;
    expect(ws.framesOfType('subscribe').map((f) => f['id'])).toEqual([1, 2]);
    ws.deliver(subscribedFrame(2, EPOCH, [okRoom({ room: 'cr_b', missed: 0 })]));
    await flush();
    expect(a.result()).toBeUndefined();
    expect(b.result()).toMatchObject({ ok: true, value: { room: 'cr_b' } });
    ws.deliver(subscribedFrame(1, EPOCH, [okRoom({ room: 'cr_a' })]));
    await flush();
    expect(a.result()).toMatchObject({ ok: true, value: { room: 'cr_a' } });
  });

  it('queues subscribes made before the welcome and sends them on welcome', async () => {
    const { transport, client } = setup();
    const ready = client.connect();
    const a = settle(client.subscribe('cr_a'));
    const b = settle(client.subscribe('cr_b'));
    await flush();
    const ws = transport.latest;
    ws.open();
    expect(ws.sent, 'nothing is sent before the welcome').toEqual([]);
    ws.deliver({ type: 'welcome', connectionId: 'c', userId: 'u1', limits: { maxRoomsPerFrame: 64 } });
    await ready;
    expect(ws.frames()).toEqual([{ type: 'subscribe', id: 1, rooms: [{ room: 'cr_a' }, { room: 'cr_b' }] }]);
    replyOk(ws, EPOCH, {});
    await flush();
    expect(a.result()).toEqual({ ok: true, value: { room: 'cr_a', recovered: false, missed: 0 } });
    expect(b.result()).toEqual({ ok: true, value: { room: 'cr_b', recovered: false, missed: 0 } });
  });

  it('subscribes queued before connect() was even called', async () => {
    const { transport, client } = setup();
    const a = settle(client.subscribe('cr_a'));
    const ready = client.connect();
    await flush();
    transport.latest.welcome();
    await ready;
    expect(transport.latest.lastSubscribe().rooms).toEqual([{ room: 'cr_a' }]);
    replyOk(transport.latest, EPOCH, {});
    await flush();
    expect(a.result()).toMatchObject({ ok: true });
  });

  it('chunks queued rooms by welcome.limits.maxRoomsPerFrame', async () => {
    const { transport, client } = setup();
    const rooms = ['r1', 'r2', 'r3', 'r4', 'r5'];
    const subs = rooms.map((r) => settle(client.subscribe(r)));
    const ready = client.connect();
    await flush();
    const ws = transport.latest;
    ws.welcome({
      limits: { maxFrameBytes: 65_536, maxSubscriptions: 256, commandsPerSecond: 20, maxRoomsPerFrame: 2 },
    });
    await ready;
    const frames = ws.framesOfType('subscribe');
    expect(frames).toEqual([
      { type: 'subscribe', id: 1, rooms: [{ room: 'r1' }, { room: 'r2' }] },
      { type: 'subscribe', id: 2, rooms: [{ room: 'r3' }, { room: 'r4' }] },
      { type: 'subscribe', id: 3, rooms: [{ room: 'r5' }] },
    ]);
    for (const f of frames) {
      const names = (f['rooms'] as { room: string }[]).map((r) => r.room);
      ws.deliver(
        subscribedFrame(
          f['id'] as number,
          EPOCH,
          names.map((room) => okRoom({ room })),
        ),
      );
    }
    await flush();
    expect(subs.map((s) => s.result()?.ok)).toEqual([true, true, true, true, true]);
  });

  it('rejects a refused room (non-retryable) with SubscribeError and forgets it', async () => {
    const { transport, client, events } = await connected({ random: () => 0 });
    const ok = settle(client.subscribe('cr_1'));
    const refused = settle(client.subscribe('cr_9'));
    const ws = transport.latest;
    ws.deliver(subscribedFrame(1, EPOCH, [okRoom({ room: 'cr_1', position: pos(1, '1') })]));
    ws.deliver(subscribedFrame(2, EPOCH, [failedRoom('cr_9', 'forbidden', false)]));
    await flush();
    expect(ok.result()?.ok).toBe(true);
    const result = refused.result();
    expect(result?.ok).toBe(false);
    const error = result?.ok === false ? result.error : undefined;
    expect(error).toBeInstanceOf(SubscribeError);
    expect(error).toMatchObject({
      name: 'SubscribeError',
      room: 'cr_9',
      payload: { code: 'forbidden', retryable: false },
    });
    expect(events.unsubscribed, 'the caller got the rejection; no extra event').toEqual([]);

    // Forgotten: its messages are ignored and it is not resubscribed after a reconnect.
    ws.deliver(messageFrame('cr_9', 'm-x', 0, '5'));
    expect(events.messages).toEqual([]);
    expect(client.position('cr_9')).toBeUndefined();
    ws.serverClose(1006);
    await advance(0);
    transport.latest.welcome();
    expect(transport.latest.lastSubscribe().rooms.map((r) => r.room)).toEqual(['cr_1']);
  });

  it('a room refused in one frame does not affect the others of the frame', async () => {
    const { transport, client } = setup();
    const a = settle(client.subscribe('cr_a'));
    const b = settle(client.subscribe('cr_b'));
    const c = settle(client.subscribe('cr_c'));
    const ready = client.connect();
    await flush();
    transport.latest.welcome();
    await ready;
    transport.latest.deliver(
      subscribedFrame(1, EPOCH, [
        okRoom({ room: 'cr_a' }),
        failedRoom('cr_b', 'too_many_subscriptions', false),
        okRoom({ room: 'cr_c', position: pos(2, '7') }),
      ]),
    );
    await flush();
    expect([a, b, c].map((s) => s.result()?.ok)).toEqual([true, false, true]);
    expect(client.position('cr_c')).toEqual({ epoch: EPOCH, partition: 2, offset: '7' });
  });

  it('treats already_subscribed as subscribed: the promise resolves and the room stays', async () => {
    const { transport, client, events } = await connected({ random: () => 0 });
    const ws = transport.latest;
    const first = settle(client.subscribe('cr_1'));
    replyOk(ws, EPOCH, { cr_1: { position: pos(5, '88') } });
    await flush();
    expect(first.result()?.ok).toBe(true);

    const again = settle(client.subscribe('cr_1'));
    expect(ws.lastSubscribe()).toEqual({
      type: 'subscribe',
      id: 2,
      rooms: [{ room: 'cr_1', since: { epoch: EPOCH, partition: 5, offset: '88' } }],
    });
    ws.deliver(subscribedFrame(2, EPOCH, [failedRoom('cr_1', 'already_subscribed', false)]));
    await flush();
    expect(again.result()).toEqual({ ok: true, value: { room: 'cr_1', recovered: true, missed: 0 } });

    // Still subscribed with its position: messages flow and a reconnect resubscribes it.
    ws.deliver(messageFrame('cr_1', 'm-89', 5, '89'));
    expect(events.messages.map((m) => m.id)).toEqual(['m-89']);
    ws.serverClose(1006);
    await advance(0);
    transport.latest.welcome();
    expect(transport.latest.lastSubscribe().rooms).toEqual([
      { room: 'cr_1', since: { epoch: EPOCH, partition: 5, offset: '89' } },
    ]);
  });

  it('rejects a retryable refusal but keeps the room for the next reconnect', async () => {
    const { transport, client, events } = await connected({ random: () => 0 });
    const sub = settle(client.subscribe('cr_1'));
    const ws = transport.latest;
    ws.deliver(subscribedFrame(1, EPOCH, [failedRoom('cr_1', 'membership_unavailable', true)]));
    await flush();
    expect(sub.result()).toMatchObject({
      ok: false,
      error: { room: 'cr_1', payload: { code: 'membership_unavailable', retryable: true } },
    });

    ws.serverClose(4000, 'server shutting down');
    await advance(0);
    transport.latest.welcome();
    expect(transport.latest.lastSubscribe().rooms).toEqual([{ room: 'cr_1' }]);
    replyOk(transport.latest, EPOCH, {});
    expect(events.subscribed).toEqual([{ room: 'cr_1', recovered: false, missed: 0 }]);
  });

  it('a frame refused as a whole (error with the frame id) rejects its rooms; retryable ones are kept', async () => {
    const { transport, client } = await connected({ random: () => 0 });
    const ws = transport.latest;
    const limited = settle(client.subscribe('cr_1'));
    ws.deliver({
      type: 'error',
      id: 1,
      error: { code: 'rate_limited', number: 130, message: 'slow down', retryable: true },
    });
    const bad = settle(client.subscribe('cr_2'));
    ws.deliver({
      type: 'error',
      id: 2,
      error: { code: 'bad_frame', number: 120, message: 'rooms[0].room', retryable: false },
    });
    await flush();
    expect(limited.result()).toMatchObject({
      ok: false,
      error: { room: 'cr_1', payload: { code: 'rate_limited' } },
    });
    expect(bad.result()).toMatchObject({
      ok: false,
      error: { room: 'cr_2', payload: { code: 'bad_frame' } },
    });

    ws.serverClose(1006);
    await advance(0);
    transport.latest.welcome();
    expect(transport.latest.lastSubscribe().rooms, 'rate_limited is retryable, bad_frame is not').toEqual([
      { room: 'cr_1' },
    ]);
  });

  it('a subscribe cut off by a disconnect resolves after the reconnect', async () => {
    const { transport, client } = await connected({ random: () => 0 });
    const sub = settle(client.subscribe('cr_1'));
    transport.latest.serverClose(1006);
    await flush();
    expect(sub.result(), 'still pending: the room is retried').toBeUndefined();
    await advance(0);
    const ws = transport.latest;
    ws.welcome();
    expect(ws.lastSubscribe().rooms).toEqual([{ room: 'cr_1' }]);
    replyOk(ws, EPOCH, { cr_1: { position: pos(0, '3') } });
    await flush();
    expect(sub.result()).toEqual({ ok: true, value: { room: 'cr_1', recovered: false, missed: 0 } });
  });

  it('a late reply from the previous connection does not settle anything on the new one', async () => {
    const { transport, client } = await connected({ random: () => 0 });
    const sub = settle(client.subscribe('cr_1'));
    const old = transport.latest;
    old.serverClose(1006);
    await advance(0);
    transport.latest.welcome();
    // The new connection reuses frame id 2 for its resubscribe; id 1 belonged to the old socket.
    old.deliver(subscribedFrame(1, EPOCH, [failedRoom('cr_1', 'forbidden', false)]));
    await flush();
    expect(sub.result()).toBeUndefined();
    replyOk(transport.latest, EPOCH, {});
    await flush();
    expect(sub.result()?.ok).toBe(true);
  });

  it('unsubscribe() sends an unsubscribe frame, forgets the room and rejects a pending subscribe', async () => {
    const { transport, client, events } = await connected();
    const ws = transport.latest;
    const first = settle(client.subscribe('cr_1'));
    replyOk(ws, EPOCH, { cr_1: { position: pos(0, '1') } });
    await flush();
    expect(first.result()?.ok).toBe(true);
    const pending = settle(client.subscribe('cr_2'));

    client.unsubscribe('cr_1');
    client.unsubscribe('cr_2');
    client.unsubscribe('cr_never');
    expect(ws.framesOfType('unsubscribe')).toEqual([
      { type: 'unsubscribe', id: 3, rooms: ['cr_1'] },
      { type: 'unsubscribe', id: 4, rooms: ['cr_2'] },
    ]);
    ws.deliver({ type: 'unsubscribed', id: 3, rooms: ['cr_1'] });
    ws.deliver(messageFrame('cr_1', 'm-2', 0, '2'));
    await flush();
    expect(events.messages).toEqual([]);
    expect(events.unsubscribed, 'the reply to our own unsubscribe is no event').toEqual([]);
    expect(client.position('cr_1')).toBeUndefined();
    expect(pending.result()?.ok).toBe(false);
  });

  it('a server-pushed unsubscribed (with reason) is an event and forgets the room', async () => {
    const { transport, client, events } = await connected({ random: () => 0 });
    const ws = transport.latest;
    void client.subscribe('cr_1');
    void client.subscribe('cr_2');
    ws.deliver(subscribedFrame(1, EPOCH, [okRoom({ room: 'cr_1' })]));
    ws.deliver(subscribedFrame(2, EPOCH, [okRoom({ room: 'cr_2' })]));
    const reason = { code: 'forbidden', number: 112, message: 'removed from the room', retryable: false };
    ws.deliver({ type: 'unsubscribed', rooms: ['cr_2'], reason });
    expect(events.unsubscribed).toEqual([{ room: 'cr_2', reason }]);
    ws.deliver(messageFrame('cr_2', 'm-1', 0, '1'));
    expect(events.messages).toEqual([]);
    ws.serverClose(1006);
    await advance(0);
    transport.latest.welcome();
    expect(transport.latest.lastSubscribe().rooms).toEqual([{ room: 'cr_1' }]);
  });

  it('a room refused while resubscribing after a reconnect ends with an unsubscribed event', async () => {
    const { transport, client, events } = await connected({ random: () => 0 });
    void client.subscribe('cr_1');
    replyOk(transport.latest, EPOCH, { cr_1: { position: pos(0, '1') } });
    transport.latest.serverClose(4000);
    await advance(0);
    transport.latest.welcome();
    const frame = transport.latest.lastSubscribe();
    transport.latest.deliver(subscribedFrame(frame.id, EPOCH, [failedRoom('cr_1', 'forbidden', false)]));
    expect(events.unsubscribed).toEqual([
      {
        room: 'cr_1',
        reason: { code: 'forbidden', number: 0, message: 'forbidden (test)', retryable: false },
      },
    ]);
    expect(client.position('cr_1')).toBeUndefined();
  });
});

describe('messages', () => {
  async function subscribedTo(room: string, position: { partition: number; offset: string } | null) {
    const s = await connected({ random: () => 0 });
    const sub = s.client.subscribe(room);
    replyOk(s.transport.latest, EPOCH, { [room]: { position } });
    await sub;
    return s;
  }

  it('delivers each message once, in order', async () => {
    const { transport, events } = await subscribedTo('cr_1', pos(5, '88'));
    const ws = transport.latest;
    ws.deliver(messageFrame('cr_1', 'm-89', 5, '89'));
    ws.deliver(messageFrame('cr_1', 'm-90', 5, '90'));
    ws.deliver(messageFrame('cr_1', 'm-91', 5, '91'));
    expect(events.messages.map((m) => m.id)).toEqual(['m-89', 'm-90', 'm-91']);
    expect(events.messages[0]).toEqual({
      type: 'message',
      room: 'cr_1',
      id: 'm-89',
      position: { partition: 5, offset: '89' },
      data: { chatRoomId: 'cr_1', senderId: 'u2', content: 'm-89', sentTimestamp: '2026-01-01T12:00:00Z' },
    });
  });

  it('drops a duplicate id even at a new position', async () => {
    const { transport, events } = await subscribedTo('cr_1', pos(5, '88'));
    const ws = transport.latest;
    ws.deliver(messageFrame('cr_1', 'm-89', 5, '89'));
    ws.deliver(messageFrame('cr_1', 'm-89', 5, '90'));
    ws.deliver(messageFrame('cr_1', 'm-89', 7, '1'));
    expect(events.messages.map((m) => m.id)).toEqual(['m-89']);
  });

  it('drops an offset <= the last one of the same partition', async () => {
    const { transport, client, events } = await subscribedTo('cr_1', pos(5, '88'));
    const ws = transport.latest;
    ws.deliver(messageFrame('cr_1', 'm-88', 5, '88')); // the subscribe position itself
    ws.deliver(messageFrame('cr_1', 'm-80', 5, '80'));
    ws.deliver(messageFrame('cr_1', 'm-90', 5, '90'));
    ws.deliver(messageFrame('cr_1', 'other-id-90', 5, '90'));
    ws.deliver(messageFrame('cr_1', 'm-89', 5, '89'));
    expect(events.messages.map((m) => m.id)).toEqual(['m-90']);
    expect(client.position('cr_1')).toEqual({ epoch: EPOCH, partition: 5, offset: '90' });
  });

  it('compares offsets as 64-bit integers, not as strings or doubles', async () => {
    const { transport, events } = await subscribedTo('cr_1', pos(0, '9'));
    const ws = transport.latest;
    ws.deliver(messageFrame('cr_1', 'a', 0, '10')); // '10' < '9' as strings
    ws.deliver(messageFrame('cr_1', 'b', 0, '9007199254740992'));
    ws.deliver(messageFrame('cr_1', 'c', 0, '9007199254740993')); // equal to b as a double
    ws.deliver(messageFrame('cr_1', 'd', 0, '9007199254740993'));
    expect(events.messages.map((m) => m.id)).toEqual(['a', 'b', 'c']);
  });

  it('accepts the first message of a room whose partition had no message (position null)', async () => {
    const { transport, client, events } = await subscribedTo('cr_1', null);
    transport.latest.deliver(messageFrame('cr_1', 'm-0', 2, '0'));
    expect(events.messages.map((m) => m.id)).toEqual(['m-0']);
    expect(client.position('cr_1')).toEqual({ epoch: EPOCH, partition: 2, offset: '0' });
  });

  it('accepts a lower offset in another partition', async () => {
    const { transport, events } = await subscribedTo('cr_1', pos(5, '88'));
    transport.latest.deliver(messageFrame('cr_1', 'moved', 6, '3'));
    expect(events.messages.map((m) => m.id)).toEqual(['moved']);
  });

  it('ignores messages of rooms that are not subscribed', async () => {
    const { transport, events } = await subscribedTo('cr_1', pos(5, '88'));
    transport.latest.deliver(messageFrame('cr_other', 'm-1', 5, '100'));
    expect(events.messages).toEqual([]);
  });

  it('remembers only the last dedupeWindow ids', async () => {
    const s = await connected({ dedupeWindow: 2 });
    void s.client.subscribe('cr_1');
    replyOk(s.transport.latest, EPOCH, { cr_1: { position: pos(0, '0') } });
    const ws = s.transport.latest;
    ws.deliver(messageFrame('cr_1', 'a', 0, '1'));
    ws.deliver(messageFrame('cr_1', 'b', 0, '2'));
    ws.deliver(messageFrame('cr_1', 'c', 0, '3'));
    // 'a' fell out of the window; at a new position it is delivered again, 'c' is not.
    ws.deliver(messageFrame('cr_1', 'a', 0, '4'));
    ws.deliver(messageFrame('cr_1', 'c', 0, '5'));
    expect(s.events.messages.map((m) => m.id)).toEqual(['a', 'b', 'c', 'a']);
  });

  it('keeps delivering when an app listener throws', async () => {
    const { transport, client, events } = await subscribedTo('cr_1', pos(0, '0'));
    client.on('message', () => {
      throw new Error('app bug');
    });
    transport.latest.deliver(messageFrame('cr_1', 'a', 0, '1'));
    transport.latest.deliver(messageFrame('cr_1', 'b', 0, '2'));
    expect(events.messages.map((m) => m.id)).toEqual(['a', 'b']);
  });
});

describe('reconnect', () => {
  it.each([
    [1000, 'normal closure'],
    [1001, 'going away'],
    [1006, 'dropped'],
    [1011, 'server error'],
    [3000, 'application code'],
    [4000, 'shutdown'],
    [4001, 'slow consumer'],
    [4002, 'too many commands'],
    [4003, 'heartbeat timeout'],
    [4005, 'token expired'],
    [4499, 'future reconnect code'],
  ])('reconnects after close %i (%s)', async (code, reason) => {
    const { transport, client, events } = await connected({ random: () => 0.5 });
    transport.latest.serverClose(code, reason);
    expect(events.closed).toEqual([{ code, reason, terminal: false }]);
    expect(client.state).toBe('reconnecting');
    await expectReconnectAfter(transport, 125);
    transport.latest.welcome();
    expect(client.state).toBe('connected');
    expect(events.states).toEqual(['connecting', 'connected', 'reconnecting', 'connected']);
  });

  it('backs off exponentially with full jitter: uniform in [0, min(max, initial * 2^attempt)]', async () => {
    const draws = [0.5, 0.25, 0.999, 1, 0.1, 0.75, 0, 0.5];
    const random = vi.fn(() => draws.shift() ?? 0.5);
    const { transport, client } = setup({
      random,
      reconnect: { initialDelayMs: 100, maxDelayMs: 1000 },
    });
    void client.connect();
    await flush();
    // ceilings 100, 200, 400, 800, 1000, 1000, 1000 -> floor(draw * ceiling)
    const expected = [50, 50, 399, 800, 100, 750, 0];
    for (const delay of expected) {
      transport.latest.serverClose(1006);
      await expectReconnectAfter(transport, delay);
    }
    expect(random).toHaveBeenCalledTimes(expected.length);
  });

  it('defaults to 250 ms doubling up to 15 s', async () => {
    const { transport, client } = setup({ random: () => 1 });
    void client.connect();
    await flush();
    for (const delay of [250, 500, 1000, 2000, 4000, 8000, 15_000, 15_000]) {
      transport.latest.serverClose(1006);
      await expectReconnectAfter(transport, delay);
    }
  });

  it('resets the attempt counter after a welcome', async () => {
    const { transport, client } = setup({ random: () => 1, reconnect: { initialDelayMs: 100 } });
    void client.connect();
    await flush();
    for (const delay of [100, 200, 400]) {
      transport.latest.serverClose(1006);
      await expectReconnectAfter(transport, delay);
    }
    transport.latest.welcome();
    transport.latest.serverClose(4000);
    await expectReconnectAfter(transport, 100);
    transport.latest.serverClose(1006, 'failed again before welcome');
    await expectReconnectAfter(transport, 200);
  });

  it('resubscribes every room with since = epoch of the reply + position of the last message', async () => {
    const { transport, client } = setup({ random: () => 0 });
    for (const room of ['cr_a', 'cr_b', 'cr_empty']) void client.subscribe(room);
    const ready = client.connect();
    await flush();
    transport.latest.welcome();
    await ready;
    const ws = transport.latest;
    replyOk(ws, EPOCH, {
      cr_a: { position: pos(5, '88') },
      cr_b: { position: pos(3, '1040') },
      cr_empty: { position: null },
    });
    ws.deliver(messageFrame('cr_a', 'a-89', 5, '89'));
    ws.deliver(messageFrame('cr_a', 'a-90', 5, '90'));
    ws.serverClose(4000, 'server shutting down');
    await advance(0);
    transport.latest.welcome();
    expect(transport.latest.frames()).toEqual([
      {
        type: 'subscribe',
        id: 2,
        rooms: [
          { room: 'cr_a', since: { epoch: EPOCH, partition: 5, offset: '90' } },
          { room: 'cr_b', since: { epoch: EPOCH, partition: 3, offset: '1040' } },
          { room: 'cr_empty' },
        ],
      },
    ]);
    expect(client.position('cr_a')).toEqual({ epoch: EPOCH, partition: 5, offset: '90' });
  });

  it('recovered: true keeps the since position so the replayed messages are delivered', async () => {
    const { transport, client, events } = await connected({ random: () => 0 });
    void client.subscribe('cr_1');
    replyOk(transport.latest, EPOCH, { cr_1: { position: pos(5, '88') } });
    transport.latest.deliver(messageFrame('cr_1', 'm-89', 5, '89'));
    transport.latest.serverClose(1006);
    await advance(0);
    const ws = transport.latest;
    ws.welcome();
    expect(ws.lastSubscribe().rooms).toEqual([
      { room: 'cr_1', since: { epoch: EPOCH, partition: 5, offset: '89' } },
    ]);
    // The room moved on to 91 meanwhile; 90 and 91 are replayed after the reply.
    replyOk(ws, EPOCH, { cr_1: { position: pos(5, '91'), recovered: true, missed: 2 } });
    ws.deliver(messageFrame('cr_1', 'm-89', 5, '89')); // at least once: a duplicate
    ws.deliver(messageFrame('cr_1', 'm-90', 5, '90'));
    ws.deliver(messageFrame('cr_1', 'm-91', 5, '91'));
    ws.deliver(messageFrame('cr_1', 'm-92', 5, '92'));
    expect(events.messages.map((m) => m.id)).toEqual(['m-89', 'm-90', 'm-91', 'm-92']);
    expect(events.subscribed.at(-1)).toEqual({ room: 'cr_1', recovered: true, missed: 2 });
  });

  it("recovered: false resets the position to the reply's position (and takes its epoch)", async () => {
    const { transport, client, events } = await connected({ random: () => 0 });
    void client.subscribe('cr_1');
    replyOk(transport.latest, EPOCH, { cr_1: { position: pos(5, '88') } });
    transport.latest.deliver(messageFrame('cr_1', 'm-89', 5, '89'));
    transport.latest.serverClose(4000);
    await advance(0);
    let ws = transport.latest;
    ws.welcome();
    // The stream was recreated: new epoch, offsets restarted in another partition.
    replyOk(ws, EPOCH_2, { cr_1: { position: pos(2, '10'), recovered: false, missed: 0 } });
    expect(events.subscribed.at(-1)).toEqual({ room: 'cr_1', recovered: false, missed: 0 });
    expect(client.position('cr_1')).toEqual({ epoch: EPOCH_2, partition: 2, offset: '10' });
    ws.deliver(messageFrame('cr_1', 'n-10', 2, '10')); // at the reply position: already covered by the refetch
    ws.deliver(messageFrame('cr_1', 'n-11', 2, '11'));
    expect(events.messages.map((m) => m.id)).toEqual(['m-89', 'n-11']);

    ws.serverClose(1006);
    await advance(0);
    ws = transport.latest;
    ws.welcome();
    expect(ws.lastSubscribe().rooms).toEqual([
      { room: 'cr_1', since: { epoch: EPOCH_2, partition: 2, offset: '11' } },
    ]);
  });

  it('recovered: false in the same epoch also moves the position forward to the reply', async () => {
    const { transport, client, events } = await connected({ random: () => 0 });
    void client.subscribe('cr_1');
    replyOk(transport.latest, EPOCH, { cr_1: { position: pos(5, '88') } });
    transport.latest.serverClose(1006);
    await advance(0);
    const ws = transport.latest;
    ws.welcome();
    replyOk(ws, EPOCH, { cr_1: { position: pos(5, '5000'), recovered: false } });
    ws.deliver(messageFrame('cr_1', 'old', 5, '4999'));
    ws.deliver(messageFrame('cr_1', 'new', 5, '5001'));
    expect(events.messages.map((m) => m.id)).toEqual(['new']);
    expect(client.position('cr_1')).toEqual({ epoch: EPOCH, partition: 5, offset: '5001' });
  });

  it('ignores frames and closes from a socket it has replaced', async () => {
    const { transport, client, events } = await connected({ random: () => 0 });
    void client.subscribe('cr_1');
    replyOk(transport.latest, EPOCH, { cr_1: { position: pos(0, '0') } });
    const old = transport.latest;
    old.serverClose(1006);
    await advance(0);
    transport.latest.welcome();
    old.deliver(messageFrame('cr_1', 'ghost', 0, '1'));
    old.serverClose(4501);
    expect(events.messages).toEqual([]);
    expect(client.state).toBe('connected');
    expect(events.closed).toHaveLength(1);
  });
});

describe('terminal close', () => {
  it.each([
    [4500, 'protocol violation'],
    [4501, 'unauthorized'],
    [4502, 'forbidden'],
    [4503, 'frame too large'],
    [4999, 'future terminal code'],
    [1002, 'protocol error'],
    [1003, 'unsupported data'],
    [1007, 'invalid payload'],
    [1008, 'policy violation'],
    [1009, 'message too big'],
  ])('close %i (%s) is terminal: no reconnect, pending subscribes reject', async (code, reason) => {
    const { transport, client, events } = await connected();
    const pending = settle(client.subscribe('cr_1'));
    transport.latest.serverClose(code, reason);
    await flush();
    expect(events.closed).toEqual([{ code, reason, terminal: true }]);
    expect(client.state).toBe('closed');
    expect(events.states.at(-1)).toBe('closed');
    expect(pending.rejection()).toBe(`connection closed: ${code} ${reason}`);
    await advance(60_000);
    expect(transport.sockets).toHaveLength(1);
  });

  it('connect() rejects when the first connection is refused terminally', async () => {
    const { transport, client, events } = setup();
    const ready = settle(client.connect());
    await flush();
    transport.latest.open();
    transport.latest.serverClose(4501, 'unauthorized');
    await flush();
    expect(ready.rejection()).toBe('connection closed: 4501 unauthorized');
    expect(events.closed).toEqual([{ code: 4501, reason: 'unauthorized', terminal: true }]);
    await advance(60_000);
    expect(transport.sockets).toHaveLength(1);
  });

  it('connect() after a terminal close starts over and resubscribes the rooms', async () => {
    const { transport, client } = await connected({ random: () => 0 });
    void client.subscribe('cr_1');
    replyOk(transport.latest, EPOCH, { cr_1: { position: pos(1, '5') } });
    transport.latest.serverClose(4501, 'unauthorized');
    expect(client.state).toBe('closed');
    const ready = client.connect();
    await flush();
    expect(transport.sockets).toHaveLength(2);
    transport.latest.welcome();
    await ready;
    expect(transport.latest.lastSubscribe().rooms).toEqual([
      { room: 'cr_1', since: { epoch: EPOCH, partition: 1, offset: '5' } },
    ]);
  });
});

describe('close()', () => {
  it('closes the socket with 1000 and never reconnects, even when the socket reports 1006 later', async () => {
    const { transport, client, events } = await connected({ random: () => 0 });
    const ws = transport.latest;
    client.close();
    expect(ws.closedByClient).toEqual({ code: 1000, reason: 'client closed' });
    expect(client.state).toBe('closed');
    ws.serverClose(1006);
    await advance(60_000);
    expect(transport.sockets).toHaveLength(1);
    expect(client.state).toBe('closed');
    expect(events.states).toEqual(['connecting', 'connected', 'closed']);
  });

  it('cancels a scheduled reconnect', async () => {
    const { transport, client } = await connected({ random: () => 0.5 });
    transport.latest.serverClose(1006);
    expect(client.state).toBe('reconnecting');
    client.close();
    await advance(60_000);
    expect(transport.sockets).toHaveLength(1);
    expect(client.state).toBe('closed');
  });

  it('while the token is being fetched: no socket is opened, a late token failure does not restart', async () => {
    let settleToken = undefined as { resolve: (t: string) => void; reject: (e: Error) => void } | undefined;
    const { transport, client, events } = setup({
      token: () =>
        new Promise<string>((resolve, reject) => {
          settleToken = { resolve, reject };
        }),
      random: () => 0,
    });
    const first = settle(client.connect());
    await flush();
    client.close();
    settleToken?.resolve('jwt');
    await advance(60_000);
    expect(transport.sockets).toHaveLength(0);
    expect(first.result()?.ok).toBe(false);

    const second = settle(client.connect());
    await flush();
    client.close();
    settleToken?.reject(new Error('sso down'));
    await advance(60_000);
    expect(transport.sockets).toHaveLength(0);
    expect(client.state).toBe('closed');
    expect(events.errors).toEqual([]);
    expect(second.result()?.ok).toBe(false);
  });

  it('rejects pending subscribe promises and a pending connect()', async () => {
    const { transport, client } = setup();
    const ready = settle(client.connect());
    const sub = settle(client.subscribe('cr_1'));
    await flush();
    transport.latest.open();
    client.close();
    await flush();
    expect(ready.result()).toMatchObject({ ok: false, error: { message: 'client closed' } });
    expect(sub.result()).toMatchObject({ ok: false, error: { message: 'client closed' } });
  });

  it('connect() after close() connects again with the rooms it had', async () => {
    const { transport, client } = await connected();
    void client.subscribe('cr_1');
    replyOk(transport.latest, EPOCH, { cr_1: { position: pos(0, '7') } });
    client.close();
    const ready = client.connect();
    await flush();
    transport.latest.welcome();
    await ready;
    expect(client.state).toBe('connected');
    expect(transport.latest.lastSubscribe().rooms).toEqual([
      { room: 'cr_1', since: { epoch: EPOCH, partition: 0, offset: '7' } },
    ]);
  });
});

describe('maxAttempts', () => {
  it('bounds the reconnects after a disconnect, then closes and rejects what is pending', async () => {
    const { transport, client, events } = await connected({
      random: () => 1,
      reconnect: { initialDelayMs: 100, maxAttempts: 3 },
    });
    const pending = settle(client.subscribe('cr_1'));
    transport.latest.serverClose(1006);
    for (const delay of [100, 200, 400]) {
      await expectReconnectAfter(transport, delay);
      transport.latest.serverClose(1006);
    }
    await flush();
    expect(client.state).toBe('closed');
    expect(events.closed.every((c) => !c.terminal)).toBe(true);
    expect(pending.rejection()).toBe('gave up after 3 reconnect attempts; last close 1006');
    await advance(60_000);
    expect(transport.sockets).toHaveLength(4);
  });

  it('rejects connect() when the first connection never gets through', async () => {
    const { transport, client } = setup({ random: () => 0, reconnect: { maxAttempts: 2 } });
    const ready = settle(client.connect());
    await flush();
    for (let i = 0; i < 3; i++) {
      transport.latest.serverClose(1006);
      await advance(0);
    }
    expect(transport.sockets).toHaveLength(3);
    expect(client.state).toBe('closed');
    expect(ready.rejection()).toBe('gave up after 2 reconnect attempts; last close 1006');
  });

  it('maxAttempts: 0 never reconnects', async () => {
    const { transport, client } = await connected({ reconnect: { maxAttempts: 0 } });
    transport.latest.serverClose(4000);
    await advance(60_000);
    expect(transport.sockets).toHaveLength(1);
    expect(client.state).toBe('closed');
  });

  it('counts attempts since the last welcome, not in total', async () => {
    const { transport, client } = await connected({ random: () => 0, reconnect: { maxAttempts: 1 } });
    for (let i = 0; i < 5; i++) {
      transport.latest.serverClose(4000);
      await advance(0);
      transport.latest.welcome();
    }
    expect(transport.sockets).toHaveLength(6);
    expect(client.state).toBe('connected');
  });

  it('connect() after giving up starts with a fresh budget', async () => {
    const { transport, client } = setup({ random: () => 0, reconnect: { maxAttempts: 1 } });
    void client.connect().catch(() => undefined);
    await flush();
    transport.latest.serverClose(1006);
    await advance(0);
    transport.latest.serverClose(1006);
    expect(client.state).toBe('closed');
    expect(transport.sockets).toHaveLength(2);

    const again = settle(client.connect());
    await flush();
    transport.latest.serverClose(1006);
    await advance(0);
    expect(transport.sockets, 'one reconnect is allowed again').toHaveLength(4);
    transport.latest.welcome();
    await flush();
    expect(again.result()?.ok).toBe(true);
  });
});
