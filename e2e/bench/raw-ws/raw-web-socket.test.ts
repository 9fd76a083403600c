import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { eventually } from '@cmf/test-harness';
import { RawWebSocket } from './raw-web-socket.js';
import { HandshakeRefusedError, RawWsErrorCodes, type RawWsError } from './raw-ws-error.js';

// Against a real `ws` server on loopback: the reference implementation checks every frame the
// client sends (masking, lengths, close codes) and sends frames as a real server does.

const REFUSAL_BODY = '{"error":{"code":"UNAUTHORIZED","message":"token expired"}}';

/** What a client saw, payloads copied (they are views valid only during the call). */
class Recorder {
  readonly texts: Buffer[] = [];
  protocol: string | undefined;
  readonly opened: Promise<void>;
  readonly errored: Promise<RawWsError>;
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly socket: RawWebSocket;

  constructor(url: string, protocols: readonly string[] = ['cmf.v1.json', 'cmf.token.abc']) {
    const opened = Promise.withResolvers<undefined>();
    const errored = Promise.withResolvers<RawWsError>();
    const closed = Promise.withResolvers<{ code: number; reason: string }>();
    this.opened = opened.promise;
    this.errored = errored.promise;
    this.closed = closed.promise;
    this.socket = new RawWebSocket({
      url,
      protocols,
      events: {
        open: (protocol) => {
          this.protocol = protocol;
          opened.resolve(undefined);
        },
        text: (payload) => this.texts.push(Buffer.from(payload)),
        error: (error) => {
          errored.resolve(error);
          opened.reject(error);
        },
        close: (code, reason) => {
          closed.resolve({ code, reason });
        },
      },
    });
    // Tests that expect a refusal read `errored`; the rejected `opened` must not go unhandled.
    this.opened.catch(() => undefined);
  }
}

let wss: WebSocketServer;
let base = '';
const connections: { ws: WebSocket; protocols: string }[] = [];

/** The server side of the next connection. */
async function serverSide(count: number): Promise<WebSocket> {
  await eventually(
    'the server to accept the connection',
    () => Promise.resolve(connections.length >= count),
    10_000,
  );
  const entry = connections[count - 1];
  if (entry === undefined) throw new Error('unreachable');
  return entry.ws;
}

async function open(): Promise<{ client: Recorder; server: WebSocket }> {
  const before = connections.length;
  const client = new Recorder(`${base}/connection/websocket`);
  await client.opened;
  return { client, server: await serverSide(before + 1) };
}

function serverClosed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    ws.once('close', (code, reason) => {
      resolve({ code, reason: reason.toString() });
    });
  });
}

beforeAll(async () => {
  wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    handleProtocols: (protocols) => (protocols.has('cmf.v1.json') ? 'cmf.v1.json' : false),
    verifyClient: (info, done) => {
      if (info.req.url === '/refuse') done(false, 401, REFUSAL_BODY);
      else done(true);
    },
  });
  wss.on('connection', (ws, req) => {
    connections.push({ ws, protocols: req.headers['sec-websocket-protocol'] ?? '' });
  });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  base = `ws://127.0.0.1:${String((wss.address() as AddressInfo).port)}`;
});

afterAll(async () => {
  for (const client of wss.clients) client.terminate();
  await new Promise((resolve) => {
    wss.close(resolve);
  });
});

describe('RawWebSocket against a ws server', () => {
  it('upgrades offering every subprotocol, and learns the one chosen', async () => {
    const before = connections.length;
    const { client } = await open();
    expect(client.protocol).toBe('cmf.v1.json');
    expect(client.socket.state).toBe('open');
    expect(connections[before]?.protocols).toBe('cmf.v1.json, cmf.token.abc');
    expect(connections[before]?.ws.protocol).toBe('cmf.v1.json');
  });

  it('reports a refused upgrade with its status and whole body', async () => {
    const client = new Recorder(`${base}/refuse`);
    const error = await client.errored;
    expect(error).toBeInstanceOf(HandshakeRefusedError);
    expect(error.code).toBe(RawWsErrorCodes.handshakeRefused);
    expect(error.message).toBe(`handshake refused: HTTP 401 ${REFUSAL_BODY}`);
    expect((await client.closed).code).toBe(1006);
    expect(client.socket.state).toBe('closed');
  });

  it('refuses a server that picks no subprotocol of those offered', async () => {
    const client = new Recorder(`${base}/connection/websocket`, ['other.v1']);
    const error = await client.errored;
    expect(error.code).toBe(RawWsErrorCodes.handshakeInvalid);
    expect(error.message).toContain('no subprotocol');
  });

  it('reports a connection refused as a socket error', async () => {
    const spare = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => spare.once('listening', resolve));
    const port = (spare.address() as AddressInfo).port;
    await new Promise((resolve) => {
      spare.close(resolve);
    });
    const client = new Recorder(`ws://127.0.0.1:${String(port)}/`);
    const error = await client.errored;
    expect(error.code).toBe(RawWsErrorCodes.socket);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('receives text frames of 0, 125, 126, 65535 and 65536 bytes exactly', async () => {
    const { client, server } = await open();
    const sizes = [0, 125, 126, 65535, 65536];
    const sent = sizes.map((size) => Buffer.from(Array.from({ length: size }, (_, i) => 0x21 + (i % 90))));
    for (const payload of sent) server.send(payload, { binary: false });
    await eventually('every frame', () => Promise.resolve(client.texts.length === sent.length), 10_000);
    expect(client.texts.map((t) => t.length)).toEqual(sizes);
    expect(client.texts.every((t, i) => t.equals(sent[i] ?? Buffer.alloc(0)))).toBe(true);
  });

  it('receives a burst of small frames in order', async () => {
    const { client, server } = await open();
    const sent = Array.from({ length: 2000 }, (_, i) => `{"type":"message","seq":${String(i)}}`);
    for (const text of sent) server.send(text);
    await eventually(
      'every frame of the burst',
      () => Promise.resolve(client.texts.length === sent.length),
      10_000,
    );
    expect(client.texts.map((t) => t.toString())).toEqual(sent);
  });

  it('sends text frames the server reads back exactly, of every length field', async () => {
    const { client, server } = await open();
    const received: string[] = [];
    server.on('message', (data: Buffer) => received.push(data.toString()));
    const sent = [0, 125, 126, 65535, 65536].map((size) => 'x'.repeat(size));
    for (const text of sent) client.socket.sendText(text);
    await eventually(
      'the server to read every frame',
      () => Promise.resolve(received.length === sent.length),
      10_000,
    );
    expect(received).toEqual(sent);
  });

  it('answers a ping with a pong carrying the same payload', async () => {
    const { server } = await open();
    const pong = new Promise<Buffer>((resolve) => server.once('pong', resolve));
    server.ping(Buffer.from('are you there?'));
    expect((await pong).toString()).toBe('are you there?');
  });

  it("records the server's close code and reason, and answers with the same code", async () => {
    const { client, server } = await open();
    const seenByServer = serverClosed(server);
    server.close(4003, 'heartbeat timeout');
    expect(await client.closed).toEqual({ code: 4003, reason: 'heartbeat timeout' });
    expect((await seenByServer).code).toBe(4003);
    expect(client.socket.state).toBe('closed');
  });

  it('records 1005 for a close frame without a code', async () => {
    const { client, server } = await open();
    server.close();
    expect(await client.closed).toEqual({ code: 1005, reason: '' });
  });

  it('closes with 1000 and a reason the server sees, and resolves once the connection is gone', async () => {
    const { client, server } = await open();
    const seenByServer = serverClosed(server);
    await client.socket.close(1000, 'benchmark done');
    expect(await seenByServer).toEqual({ code: 1000, reason: 'benchmark done' });
    // ws echoes the code and reason in its answer; the client reports the answer.
    expect(await client.closed).toEqual({ code: 1000, reason: 'benchmark done' });
    expect(client.socket.state).toBe('closed');
    await client.socket.close();
    expect(() => {
      client.socket.sendText('late');
    }).toThrow(expect.objectContaining({ code: RawWsErrorCodes.notOpen }));
  });

  it('reports 1006 when terminated without a closing handshake', async () => {
    const { client, server } = await open();
    const seenByServer = serverClosed(server);
    client.socket.terminate();
    expect((await client.closed).code).toBe(1006);
    expect((await seenByServer).code).toBe(1006);
  });

  it('refuses a fragmented message with a protocol error and drops the connection', async () => {
    const { client, server } = await open();
    server.send('part one', { fin: false });
    server.send('part two', { fin: true });
    const error = await client.errored;
    expect(error.code).toBe(RawWsErrorCodes.protocol);
    expect(error.message).toContain('fragmented message');
    expect((await client.closed).code).toBe(1006);
  });
});
