/**
 * Test helper: an in-memory WebSocket for the client SDK's unit tests, in the spirit of centrifuge's
 * connection tests. It records the frames the client sends and lets the test play the server:
 * open the socket, deliver frames, close it with a code. Nothing here is asynchronous: every
 * callback runs inside the call that triggers it, so tests decide exactly when things happen.
 */
import type { WebSocketFactory, WebSocketLike } from './websocket-like.js';

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

export type Frame = Record<string, unknown>;

export class FakeWebSocket implements WebSocketLike {
  readyState = CONNECTING;
  protocol = '';
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  /** Raw text of every frame the client sent, in order. */
  readonly sent: string[] = [];
  /** Set when the client called close(). */
  closedByClient: { code: number | undefined; reason: string | undefined } | undefined;

  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {}

  send(data: string): void {
    if (this.readyState !== OPEN) throw new Error(`send while readyState=${this.readyState}`);
    this.sent.push(data);
  }

  close(code?: number, reason?: string): void {
    this.closedByClient = { code, reason };
    this.readyState = CLOSING;
  }

  // ---- the server side, driven by the test ----

  /** The upgrade succeeded: the server selected `cmf.v1.json`. */
  open(): void {
    this.readyState = OPEN;
    this.protocol = 'cmf.v1.json';
    this.onopen?.({});
  }

  /** Delivers one server frame (JSON-encoded like the gateway does). */
  deliver(frame: Frame): void {
    this.deliverRaw(JSON.stringify(frame));
  }

  deliverRaw(data: unknown): void {
    this.onmessage?.({ data });
  }

  /** The connection ends with this close code (1006 = dropped without a close frame). */
  serverClose(code: number, reason = ''): void {
    this.readyState = CLOSED;
    this.onclose?.({ code, reason });
  }

  /** Opens the socket and sends `welcome`. */
  welcome(overrides: Frame = {}): void {
    this.open();
    this.deliver(welcomeFrame(overrides));
  }

  /** Every frame the client sent, parsed. */
  frames(): Frame[] {
    return this.sent.map((text) => JSON.parse(text) as Frame);
  }

  /** The frames of one type the client sent, parsed. */
  framesOfType(type: string): Frame[] {
    return this.frames().filter((f) => f['type'] === type);
  }

  /** The last `subscribe` frame (throws when there is none, to keep tests short). */
  lastSubscribe(): { id: number; rooms: { room: string; since?: Frame }[] } {
    const frame = this.framesOfType('subscribe').at(-1);
    if (frame === undefined) throw new Error('no subscribe frame was sent');
    return frame as unknown as { id: number; rooms: { room: string; since?: Frame }[] };
  }
}

/** A `webSocket` factory option that remembers every socket the client opened. */
export class FakeTransport {
  readonly sockets: FakeWebSocket[] = [];
  readonly factory: WebSocketFactory = (url, protocols) => {
    const socket = new FakeWebSocket(url, protocols);
    this.sockets.push(socket);
    return socket;
  };

  /** The socket opened last (throws when none was opened yet). */
  get latest(): FakeWebSocket {
    const socket = this.sockets.at(-1);
    if (socket === undefined) throw new Error('no socket was opened');
    return socket;
  }
}

export function welcomeFrame(overrides: Frame = {}): Frame {
  return {
    type: 'welcome',
    protocol: 1,
    connectionId: 'gw-test-000001',
    userId: 'u1',
    heartbeatMs: 25_000,
    limits: { maxFrameBytes: 65_536, maxSubscriptions: 256, commandsPerSecond: 20, maxRoomsPerFrame: 64 },
    ...overrides,
  };
}

export function messageFrame(room: string, id: string, partition: number, offset: string | number): Frame {
  return {
    type: 'message',
    room,
    id,
    position: { partition, offset: String(offset) },
    data: { chatRoomId: room, senderId: 'u2', content: id, sentTimestamp: '2026-01-01T12:00:00Z' },
  };
}

export interface RoomResult {
  room: string;
  position?: { partition: number; offset: string } | null;
  recovered?: boolean;
  missed?: number;
}

/** A successful room result of a `subscribed` reply. */
export function okRoom(result: RoomResult): Frame {
  return {
    room: result.room,
    ok: true,
    position: result.position ?? null,
    recovered: result.recovered ?? false,
    missed: result.missed ?? 0,
  };
}

/** A failed room result of a `subscribed` reply. */
export function failedRoom(room: string, code: string, retryable: boolean): Frame {
  return { room, ok: false, error: { code, number: 0, message: `${code} (test)`, retryable } };
}

export function subscribedFrame(id: number, epoch: string, rooms: Frame[]): Frame {
  return { type: 'subscribed', id, epoch, rooms };
}
