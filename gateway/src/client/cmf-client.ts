import { fullJitterDelay } from './backoff.js';
import { TypedEmitter } from './typed-emitter.js';
import {
  defaultWebSocketFactory,
  OPEN,
  type WebSocketFactory,
  type WebSocketLike,
} from './websocket-like.js';

/** Wire constants duplicated here on purpose: the SDK ships to browsers without server code. */
const SUBPROTOCOL = 'cmf.v1.json';
const TOKEN_PREFIX = 'cmf.token.';
/**
 * 4500-4999: the server says do not reconnect without user action; so do the WebSocket-level
 * refusals (protocol error, unsupported data, invalid payload, policy, message too big).
 */
const TERMINAL_WS_CODES = new Set([1002, 1003, 1007, 1008, 1009]);
const isTerminalClose = (code: number): boolean =>
  (code >= 4500 && code <= 4999) || TERMINAL_WS_CODES.has(code);

export interface Position {
  readonly partition: number;
  readonly offset: string;
}

export interface ClientMessage {
  readonly room: string;
  readonly id: string;
  readonly position: Position;
  readonly data: Readonly<Record<string, unknown>>;
  readonly traceparent?: string;
}

export interface ErrorPayload {
  readonly code: string;
  readonly number?: number;
  readonly message: string;
  readonly retryable: boolean;
}

export interface SubscribeResult {
  readonly room: string;
  /** False when messages may have been missed: refetch the room from the messenger's API. */
  readonly recovered: boolean;
  readonly missed: number;
}

export class SubscribeError extends Error {
  constructor(
    readonly room: string,
    readonly payload: ErrorPayload,
  ) {
    super(`subscribe ${room}: ${payload.code}: ${payload.message}`);
    this.name = 'SubscribeError';
  }
}

export type ClientState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

export interface CmfClientEvents extends Record<string, unknown[]> {
  state: [state: ClientState];
  welcome: [info: { connectionId: string; userId: string }];
  message: [message: ClientMessage];
  subscribed: [result: SubscribeResult];
  unsubscribed: [info: { room: string; reason?: ErrorPayload }];
  typing: [info: { room: string; userId: string }];
  presence: [info: { room: string; joined?: string[]; left?: string[]; users?: string[] }];
  error: [error: ErrorPayload];
  closed: [info: { code: number; reason: string; terminal: boolean }];
}

export interface CmfClientOptions {
  /** ws(s)://host/connection/websocket, or a function asked before every (re)connect. */
  readonly url: string | (() => string);
  /** A token, or a function called before every (re)connect so an expired token is replaced. */
  readonly token: string | (() => string | Promise<string>);
  readonly webSocket?: WebSocketFactory;
  readonly reconnect?: {
    readonly initialDelayMs?: number;
    readonly maxDelayMs?: number;
    readonly maxAttempts?: number;
  };
  /** How many recent message ids are remembered to drop duplicates. Default 2048. */
  readonly dedupeWindow?: number;
  readonly random?: () => number;
}

interface RoomState {
  epoch: string | undefined;
  position: Position | undefined;
  waiters: { resolve: (r: SubscribeResult) => void; reject: (e: Error) => void }[];
}

/**
 * The CMF client: connects with a token, subscribes to rooms, delivers each room's messages once
 * and in order, and after a disconnect reconnects (exponential backoff, full jitter) and
 * resubscribes from the last positions, so the server can replay what was missed. When it
 * cannot, the `subscribed` event says `recovered: false` and the app refetches.
 */
export class CmfClient extends TypedEmitter<CmfClientEvents> {
  private socket: WebSocketLike | undefined;
  private currentState: ClientState = 'idle';
  private attempt = 0;
  private nextId = 1;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped by connect() and close(): an open() started before is stale and must not go on. */
  private generation = 0;
  /** Why the client is `closed`, for connect() and the subscribes still pending. */
  private closeError: Error | undefined;
  private lastClose: { code: number; reason: string } | undefined;
  private readonly rooms = new Map<string, RoomState>();
  private readonly pending = new Map<number, (frame: Record<string, unknown>) => void>();
  private readonly seenIds = new Set<string>();
  private readonly seenOrder: string[] = [];
  private maxRoomsPerFrame = 64;
  private readonly factory: WebSocketFactory;
  private readonly random: () => number;

  constructor(private readonly options: CmfClientOptions) {
    super();
    this.factory = options.webSocket ?? defaultWebSocketFactory;
    this.random = options.random ?? Math.random;
  }

  get state(): ClientState {
    return this.currentState;
  }

  /**
   * Resolves at the next welcome (at once when connected); later reconnects happen on their own.
   * Rejects when the client ends up `closed` first: a terminal close, `maxAttempts` spent, close().
   */
  connect(): Promise<void> {
    if (this.currentState === 'connected') return Promise.resolve();
    const ready = new Promise<void>((resolve, reject) => {
      const offWelcome = this.on('welcome', () => {
        offWelcome();
        offState();
        resolve();
      });
      const offState = this.on('state', (state) => {
        if (state !== 'closed') return;
        offWelcome();
        offState();
        reject(this.closeError ?? new Error('client closed'));
      });
    });
    if (this.currentState === 'idle' || this.currentState === 'closed') {
      this.generation++;
      this.attempt = 0;
      this.closeError = undefined;
      this.lastClose = undefined;
      this.setState('connecting');
      void this.open(this.generation);
    }
    return ready;
  }

  /** Subscribes (or re-subscribes after a reconnect) and resolves with the server's answer. */
  subscribe(room: string): Promise<SubscribeResult> {
    return new Promise((resolve, reject) => {
      let state = this.rooms.get(room);
      if (state === undefined) {
        state = { epoch: undefined, position: undefined, waiters: [] };
        this.rooms.set(room, state);
      }
      state.waiters.push({ resolve, reject });
      if (this.currentState === 'connected') this.sendSubscribe([room]);
    });
  }

  unsubscribe(room: string): void {
    const state = this.rooms.get(room);
    if (state === undefined) return;
    this.rooms.delete(room);
    for (const w of state.waiters) w.reject(new Error(`subscribe ${room}: unsubscribed before the reply`));
    if (this.currentState === 'connected')
      this.send({ type: 'unsubscribe', id: this.nextId++, rooms: [room] });
  }

  /** The last position seen in a room, e.g. to persist across page loads. */
  position(room: string): (Position & { epoch: string }) | undefined {
    const s = this.rooms.get(room);
    return s?.epoch !== undefined && s.position !== undefined ? { epoch: s.epoch, ...s.position } : undefined;
  }

  typing(room: string): void {
    this.send({ type: 'typing', room });
  }

  ack(room: string, kind: 'delivered' | 'read', ids: string[]): void {
    this.send({ type: 'ack', room, kind, ids });
  }

  /** Closes the connection and stops reconnecting; pending connect() and subscribes reject. */
  close(): void {
    this.generation++;
    if (this.reconnectTimer !== undefined) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    this.pending.clear();
    socket?.close(1000, 'client closed');
    this.shutDown(new Error('client closed'));
  }

  private async open(generation: number): Promise<void> {
    let token: string;
    try {
      token = typeof this.options.token === 'function' ? await this.options.token() : this.options.token;
    } catch (err) {
      // close() (and maybe connect() again) happened while the token was being fetched.
      if (generation !== this.generation) return;
      this.emit('error', { code: 'token_unavailable', message: errorMessage(err), retryable: true });
      this.scheduleReconnect();
      return;
    }
    if (generation !== this.generation) return;
    let socket: WebSocketLike;
    try {
      const url = typeof this.options.url === 'function' ? this.options.url() : this.options.url;
      socket = this.factory(url, [SUBPROTOCOL, TOKEN_PREFIX + token]);
    } catch (err) {
      // An invalid URL or no WebSocket implementation: retrying cannot help.
      this.emit('error', { code: 'connect_failed', message: errorMessage(err), retryable: false });
      this.shutDown(err instanceof Error ? err : new Error(errorMessage(err)));
      return;
    }
    this.socket = socket;
    socket.onmessage = (event) => {
      // A replaced socket (e.g. still closing after close()) must not feed the current state.
      if (this.socket !== socket) return;
      if (typeof event.data === 'string') this.onFrame(event.data);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.onClose(event.code, event.reason);
    };
    socket.onerror = () => undefined;
  }

  private onClose(code: number, reason: string): void {
    // Replies cut off by the disconnect: their rooms stay wanted, waiters included, and are
    // resubscribed after the next welcome.
    this.pending.clear();
    this.lastClose = { code, reason };
    const terminal = isTerminalClose(code);
    this.emit('closed', { code, reason, terminal });
    if (this.currentState === 'closed') return;
    if (terminal) {
      this.shutDown(new Error(`connection closed: ${code} ${reason}`));
      return;
    }
    this.scheduleReconnect();
  }

  /** Ends in `closed` for good (until connect()): whoever still waits gets `error`. */
  private shutDown(error: Error): void {
    this.closeError = error;
    for (const state of this.rooms.values()) {
      const waiters = state.waiters;
      state.waiters = [];
      for (const w of waiters) w.reject(error);
    }
    this.setState('closed');
  }

  private scheduleReconnect(): void {
    const max = this.options.reconnect?.maxAttempts ?? Infinity;
    if (this.attempt >= max) {
      const last =
        this.lastClose === undefined
          ? ''
          : `; last close ${`${this.lastClose.code} ${this.lastClose.reason}`.trimEnd()}`;
      this.shutDown(new Error(`gave up after ${this.attempt} reconnect attempts${last}`));
      return;
    }
    this.setState('reconnecting');
    const delay = fullJitterDelay(
      this.attempt++,
      this.options.reconnect?.initialDelayMs ?? 250,
      this.options.reconnect?.maxDelayMs ?? 15_000,
      this.random,
    );
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.open(this.generation);
    }, delay);
  }

  private onFrame(text: string): void {
    let frame: Record<string, unknown>;
    try {
      frame = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    switch (frame['type']) {
      case 'welcome': {
        this.attempt = 0;
        const limits = frame['limits'] as { maxRoomsPerFrame?: number } | undefined;
        this.maxRoomsPerFrame = limits?.maxRoomsPerFrame ?? this.maxRoomsPerFrame;
        this.setState('connected');
        this.emit('welcome', {
          connectionId: String(frame['connectionId']),
          userId: String(frame['userId']),
        });
        if (this.rooms.size > 0) this.sendSubscribe([...this.rooms.keys()]);
        return;
      }
      case 'message':
        this.onMessage(frame as unknown as ClientMessage);
        return;
      case 'subscribed':
      case 'pong':
      case 'refreshed': {
        const id = frame['id'];
        if (typeof id === 'number') {
          this.pending.get(id)?.(frame);
          this.pending.delete(id);
        }
        return;
      }
      case 'unsubscribed': {
        if (frame['id'] !== undefined) return;
        const reason = frame['reason'] as ErrorPayload | undefined;
        for (const room of frame['rooms'] as string[]) {
          const state = this.rooms.get(room);
          if (state === undefined) continue;
          this.rooms.delete(room);
          for (const w of state.waiters)
            w.reject(
              reason === undefined
                ? new Error(`subscribe ${room}: unsubscribed by the server`)
                : new SubscribeError(room, reason),
            );
          this.emit('unsubscribed', reason === undefined ? { room } : { room, reason });
        }
        return;
      }
      case 'typing':
        this.emit('typing', frame as unknown as { room: string; userId: string });
        return;
      case 'presence':
        this.emit('presence', frame as unknown as { room: string });
        return;
      case 'error': {
        const id = frame['id'];
        if (typeof id === 'number' && this.pending.has(id)) {
          this.pending.get(id)?.(frame);
          this.pending.delete(id);
        } else {
          this.emit('error', frame['error'] as ErrorPayload);
        }
        return;
      }
      default:
        return;
    }
  }

  private onMessage(message: ClientMessage): void {
    const state = this.rooms.get(message.room);
    if (state === undefined) return;
    // Order and duplicates: a room lives in one partition, so offsets only grow.
    const last = state.position;
    if (
      last?.partition === message.position.partition &&
      BigInt(message.position.offset) <= BigInt(last.offset)
    )
      return;
    if (this.seenIds.has(message.id)) return;
    this.remember(message.id);
    state.position = message.position;
    this.emit('message', message);
  }

  private remember(id: string): void {
    this.seenIds.add(id);
    this.seenOrder.push(id);
    if (this.seenOrder.length > (this.options.dedupeWindow ?? 2048)) {
      const old = this.seenOrder.shift();
      if (old !== undefined) this.seenIds.delete(old);
    }
  }

  private sendSubscribe(rooms: string[]): void {
    for (let i = 0; i < rooms.length; i += this.maxRoomsPerFrame) {
      const chunk = rooms.slice(i, i + this.maxRoomsPerFrame);
      const id = this.nextId++;
      this.pending.set(id, (reply) => {
        this.onSubscribeReply(chunk, reply);
      });
      this.send({
        type: 'subscribe',
        id,
        rooms: chunk.map((room) => {
          const s = this.rooms.get(room);
          return s?.epoch !== undefined && s.position !== undefined
            ? { room, since: { epoch: s.epoch, ...s.position } }
            : { room };
        }),
      });
    }
  }

  private onSubscribeReply(rooms: string[], reply: Record<string, unknown>): void {
    if (reply['type'] === 'error') {
      // Refused as a whole (rate_limited, bad_frame): every room of the frame fails with it; a
      // retryable error keeps them wanted for the next reconnect, like a retryable room result.
      const error = reply['error'] as ErrorPayload;
      for (const room of rooms) this.failRoom(room, error);
      return;
    }
    const epoch = String(reply['epoch']);
    const results = reply['rooms'] as (
      | { room: string; ok: true; position: Position | null; recovered: boolean; missed: number }
      | { room: string; ok: false; error: ErrorPayload }
    )[];
    for (const result of results) {
      const state = this.rooms.get(result.room);
      if (state === undefined) continue;
      if (!result.ok) {
        if (result.error.code === 'already_subscribed') {
          // Already live on this connection (a duplicate request): unchanged, nothing missed.
          const outcome: SubscribeResult = { room: result.room, recovered: true, missed: 0 };
          const waiters = state.waiters;
          state.waiters = [];
          for (const w of waiters) w.resolve(outcome);
        } else {
          this.failRoom(result.room, result.error);
        }
        continue;
      }
      if (!result.recovered || state.epoch !== epoch) {
        state.position = result.position ?? undefined;
      }
      state.epoch = epoch;
      const outcome: SubscribeResult = {
        room: result.room,
        recovered: result.recovered,
        missed: result.missed,
      };
      for (const w of state.waiters) w.resolve(outcome);
      state.waiters = [];
      this.emit('subscribed', outcome);
    }
  }

  private failRoom(room: string, error: ErrorPayload): void {
    const state = this.rooms.get(room);
    if (state === undefined) return;
    const waiters = state.waiters;
    state.waiters = [];
    for (const w of waiters) w.reject(new SubscribeError(room, error));
    // A retryable refusal (membership service down) keeps the room wanted for the next reconnect.
    if (error.retryable) return;
    this.rooms.delete(room);
    // Nobody was waiting: a resubscribe after a reconnect was refused (e.g. removed from the room
    // meanwhile). Without this the app would never learn that the subscription is gone.
    if (waiters.length === 0) this.emit('unsubscribed', { room, reason: error });
  }

  private send(frame: Record<string, unknown>): void {
    if (this.socket?.readyState === OPEN) this.socket.send(JSON.stringify(frame));
  }

  private setState(state: ClientState): void {
    if (this.currentState === state) return;
    this.currentState = state;
    this.emit('state', state);
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
