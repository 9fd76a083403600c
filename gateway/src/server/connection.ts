import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { SharedTextFrame } from './text-frame.js';
import { HeldWrites, type Corkable, type WriteCoalescer } from './write-coalescer.js';
import type { Identity } from '../auth/index.js';
import { closeReason, CloseCodes, errorPayload, ProtocolError, type CloseCodeName } from '../errors/index.js';
import type { Subscriber } from '../hub/index.js';
import { TokenBucket } from '../limits/index.js';
import {
  decodeClientFrame,
  encodeServerFrame,
  type ClientFrame,
  type ServerFrame,
} from '../protocol/index.js';

export interface ConnectionLimits {
  readonly maxFrameBytes: number;
  readonly maxSubscriptions: number;
  readonly maxRoomsPerFrame: number;
  readonly commandsPerSecond: number;
  readonly commandBurst: number;
  /** Rejected (rate-limited) frames in a row before the connection is closed as a flood. */
  readonly floodCloseAfter: number;
  readonly outboundHighWaterBytes: number;
}

/** What a connection hands its decoded frames to; the command router implements it. */
export interface FrameHandler {
  opened(connection: Connection): void;
  handle(connection: Connection, frame: ClientFrame): void;
  closed(connection: Connection): void;
}

export interface ConnectionCounters {
  slowConsumerCloses: number;
  rateLimited: number;
  badFrames: number;
}

/**
 * The TCP socket under a connection's WebSocket, written to directly on the fan-out path: `ws`
 * sends a frame as two corked writes with a header made per socket, where one shared Buffer and
 * one write do (ws's sender never queues here: no compression, no Blob data).
 */
export interface SocketWrites {
  readonly raw: Corkable;
  readonly frames: SharedTextFrame;
  /** Holds writes during a Kafka batch; unset: every write goes at once. */
  readonly coalescer?: WriteCoalescer | undefined;
}

/** A slow consumer's socket gets this long to take its close frame before it is destroyed. */
const TERMINATE_AFTER_MS = 1000;

/**
 * One client connection: limits, decoding, and the socket writes. Everything else (rooms,
 * auth decisions) lives in the router; the hub writes to it through `send`.
 */
export class Connection implements Subscriber {
  readonly id = randomUUID();
  /** When the last pong arrived (performance.now()); a heartbeat check asks if it came after its ping. */
  lastPongAt = performance.now();
  private closing = false;
  private rejectedInRow = 0;
  private readonly bucket: TokenBucket;
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Frames held for the socket while a Kafka batch is fanned out; unset without direct writes. */
  private readonly held: HeldWrites | undefined;

  constructor(
    private readonly socket: WebSocket,
    private currentIdentity: Identity,
    readonly limits: ConnectionLimits,
    private readonly handler: FrameHandler,
    private readonly counters: ConnectionCounters,
    /** Direct writes to the TCP socket under `socket`; unset: every frame goes through `ws`. */
    private readonly writes?: SocketWrites,
  ) {
    this.bucket = new TokenBucket(limits.commandsPerSecond, limits.commandBurst, performance.now());
    this.held =
      writes === undefined
        ? undefined
        : new HeldWrites(writes.raw, writes.coalescer, () => socket.readyState === socket.OPEN);
    socket.on('message', (data, isBinary) => {
      this.onFrame(data as Buffer, isBinary);
    });
    socket.on('pong', () => {
      this.lastPongAt = performance.now();
    });
    socket.on('close', () => {
      this.closing = true;
      this.held?.discard();
      if (this.expiryTimer !== undefined) clearTimeout(this.expiryTimer);
      this.handler.closed(this);
    });
    // Errors (bad opcodes, oversize frames) are followed by 'close'; ws has already sent the code.
    socket.on('error', () => undefined);
    this.armExpiry();
  }

  get userId(): string {
    return this.currentIdentity.userId;
  }

  get identity(): Identity {
    return this.currentIdentity;
  }

  get isOpen(): boolean {
    return !this.closing;
  }

  /** The fan-out hot path: one pre-encoded frame, shared by every subscriber of a room. */
  send(frame: Buffer): void {
    if (this.closing) return;
    // ws queues without limit; past the high-water mark the client cannot keep up, and waiting
    // would grow memory and delay nobody but ourselves: drop it. Frames held for the current
    // batch are not in `bufferedAmount`: they are no sign of a slow reader.
    if (this.socket.bufferedAmount + frame.byteLength > this.limits.outboundHighWaterBytes) {
      this.counters.slowConsumerCloses++;
      this.close('slow_consumer');
      setTimeout(() => {
        this.socket.terminate();
      }, TERMINATE_AFTER_MS).unref();
      return;
    }
    const writes = this.writes;
    if (writes === undefined || this.held === undefined || this.socket.readyState !== this.socket.OPEN) {
      this.socket.send(frame, { binary: false });
      return;
    }
    this.held.write(writes.frames.of(frame));
  }

  sendFrame(frame: ServerFrame): void {
    this.send(Buffer.from(encodeServerFrame(frame), 'utf8'));
  }

  close(name: CloseCodeName, detail?: string): void {
    if (this.closing) return;
    this.closing = true;
    // ws writes its close frame to the socket at once: what this batch holds goes first.
    this.held?.release();
    this.socket.close(CloseCodes[name].code, closeReason(name, detail));
  }

  /** Replaces the identity after an in-band refresh and re-arms the expiry close. */
  replaceIdentity(identity: Identity): void {
    this.currentIdentity = identity;
    this.armExpiry();
  }

  ping(): void {
    if (!this.closing) this.socket.ping();
  }

  /** No pong in time: tells the client (4003) and drops the socket without waiting for it. */
  closeAsDead(): void {
    this.close('heartbeat_timeout');
    this.terminate();
  }

  terminate(): void {
    this.closing = true;
    this.held?.discard();
    this.socket.terminate();
  }

  private armExpiry(): void {
    if (this.expiryTimer !== undefined) clearTimeout(this.expiryTimer);
    const expiresAt = this.currentIdentity.expiresAt;
    if (expiresAt === undefined) return;
    // setTimeout overflows past ~24.8 days; such tokens are re-armed when the timer fires.
    const delay = Math.min(Math.max(0, expiresAt - Date.now()), 2 ** 31 - 1);
    this.expiryTimer = setTimeout(() => {
      if (Date.now() >= expiresAt) this.close('token_expired');
      else this.armExpiry();
    }, delay);
    this.expiryTimer.unref();
  }

  private onFrame(data: Buffer, isBinary: boolean): void {
    if (this.closing) return;
    // Decoded before the rate check (it is cheap and bounded by maxPayload) so that a refused
    // frame's reply carries its id and the client's pending request does not hang.
    let frame: ClientFrame;
    try {
      frame = decodeClientFrame(data, isBinary, { maxRoomsPerFrame: this.limits.maxRoomsPerFrame });
    } catch (err) {
      if (!(err instanceof ProtocolError)) throw err;
      this.counters.badFrames++;
      if (err.fatal) {
        this.close(err.code === 'frame_too_large' ? 'frame_too_large' : 'protocol_violation', err.message);
        return;
      }
      this.sendFrame({
        type: 'error',
        ...(err.frameId === undefined ? {} : { id: err.frameId }),
        error: err.toErrorPayload(),
      });
      return;
    }
    if (!this.bucket.tryTake(performance.now())) {
      this.counters.rateLimited++;
      if (++this.rejectedInRow >= this.limits.floodCloseAfter) {
        this.close('too_many_commands');
        return;
      }
      this.sendFrame({
        type: 'error',
        ...('id' in frame ? { id: frame.id } : {}),
        error: errorPayload('rate_limited'),
      });
      return;
    }
    this.rejectedInRow = 0;
    this.handler.handle(this, frame);
  }
}
