import net from 'node:net';
import { closePayload, encodeClientFrame, newMask } from './client-frame.js';
import {
  checkUpgrade,
  newKey,
  RefusalBodyReader,
  ResponseHeadReader,
  upgradeRequest,
  upgradeTarget,
} from './handshake.js';
import { CloseCode, Opcode } from './opcodes.js';
import { RawWsError, RawWsErrorCodes } from './raw-ws-error.js';
import { ServerFrameParser } from './server-frame-parser.js';

/** Default time for the server to answer the upgrade. */
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 30_000;
const READ_BUFFER_BYTES = 64 * 1024;
const EMPTY = Buffer.alloc(0);

/**
 * One read buffer for every socket of the process: Node reads into it and calls back before the
 * next read of any socket, and whatever must outlive a read (a split frame, the handshake head) is
 * copied out. Receiving then allocates nothing per read beyond the payload views.
 */
const sharedReadBuffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);

export interface RawWebSocketEvents {
  /** The server accepted the upgrade; `protocol` is the subprotocol it chose. */
  readonly open?: (protocol: string | undefined) => void;
  /** A text message, as a view into a reused buffer: valid only during the call. Not UTF-8 validated. */
  readonly text: (payload: Buffer) => void;
  /** At most once, before `close`. A refused upgrade is a HandshakeRefusedError. */
  readonly error: (error: RawWsError) => void;
  /**
   * Once, when the TCP connection has closed, opened or not: the code of the server's close frame
   * (1005 when it carried none), or 1006 when none came.
   */
  readonly close: (code: number, reason: string) => void;
}

export interface RawWebSocketOptions {
  /** `ws://host[:port]/path[?query]`: no TLS. */
  readonly url: string;
  /** Offered as Sec-WebSocket-Protocol, in this order; the server must choose one when any is offered. */
  readonly protocols?: readonly string[];
  /** Default DEFAULT_HANDSHAKE_TIMEOUT_MS. */
  readonly handshakeTimeoutMs?: number;
  readonly events: RawWebSocketEvents;
}

export type RawWebSocketState = 'connecting' | 'open' | 'closing' | 'closed';

/**
 * A minimal RFC 6455 client on a plain TCP socket, for test equipment that must spend as little
 * CPU per received frame as possible: text frames go to `events.text` as views of the read
 * buffer, with no UTF-8 validation, no message objects and no event emitter on the way. Pings are
 * answered with pongs and a server's close frame with a close frame; fragmented, binary and
 * compressed messages are refused (see ServerFrameParser). Client frames get a fresh random mask
 * each: the client sends only a few.
 *
 * Connecting starts in the constructor, like `ws`: handlers are given up front because the first
 * frames may arrive in the same read as the server's 101.
 */
export class RawWebSocket {
  private current: RawWebSocketState = 'connecting';
  private chosenProtocol: string | undefined;
  private readonly socket: net.Socket;
  private readonly key = newKey();
  private readonly protocols: readonly string[];
  private readonly events: RawWebSocketEvents;
  private readonly parser: ServerFrameParser;
  private readonly headReader = new ResponseHeadReader();
  private refusal: RefusalBodyReader | undefined;
  private readonly handshakeTimer: NodeJS.Timeout;
  private errored = false;
  private closeSent = false;
  private closeCode: number = CloseCode.abnormal;
  private closeReason = '';
  private readonly closed: Promise<void>;
  private markClosed: () => void = () => undefined;

  constructor(options: RawWebSocketOptions) {
    const target = upgradeTarget(options.url);
    this.protocols = options.protocols ?? [];
    this.events = options.events;
    this.closed = new Promise((resolve) => {
      this.markClosed = resolve;
    });
    // The sink's `text` is the caller's own function: no hop through this class per frame.
    this.parser = new ServerFrameParser({
      text: options.events.text,
      ping: (payload) => {
        this.onPing(payload);
      },
      close: (code, reason) => {
        this.onCloseFrame(code, reason);
      },
    });
    this.socket = net.connect({
      host: target.host,
      port: target.port,
      onread: {
        buffer: sharedReadBuffer,
        callback: (bytes) => {
          this.onRead(bytes);
          return true;
        },
      },
    });
    this.socket.setNoDelay(true);
    this.socket.on('error', (err) => {
      this.emitError(new RawWsError(RawWsErrorCodes.socket, err.message, { cause: err }));
    });
    this.socket.on('close', () => {
      this.onSocketClose();
    });
    this.handshakeTimer = setTimeout(() => {
      this.emitError(
        new RawWsError(
          RawWsErrorCodes.handshakeTimeout,
          `no answer to the upgrade within ${String(options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS)} ms`,
        ),
      );
      this.socket.destroy();
    }, options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS);
    // Written before the connection is up: the socket queues it until then.
    this.socket.write(upgradeRequest(target, this.key, this.protocols));
  }

  get state(): RawWebSocketState {
    return this.current;
  }

  /** The subprotocol the server chose, once open. */
  get protocol(): string | undefined {
    return this.chosenProtocol;
  }

  sendText(text: string): void {
    if (this.current !== 'open') {
      throw new RawWsError(RawWsErrorCodes.notOpen, `cannot send a text frame while ${this.current}`);
    }
    this.socket.write(encodeClientFrame(Opcode.text, Buffer.from(text, 'utf8'), newMask()));
  }

  /**
   * Starts the closing handshake (before the upgrade completes: drops the connection) and resolves
   * once the TCP connection has closed. The server may never answer: `terminate` ends the wait.
   */
  close(code: number = CloseCode.normal, reason = ''): Promise<void> {
    if (this.current === 'connecting') {
      this.socket.destroy();
    } else if (this.current === 'open') {
      this.current = 'closing';
      this.sendClose(closePayload(code, reason));
    }
    return this.closed;
  }

  /** Drops the TCP connection at once; `close` reports 1006 unless a close frame came first. */
  terminate(): void {
    this.socket.destroy();
  }

  private onRead(bytes: number): void {
    try {
      if (this.current === 'open' || this.current === 'closing') this.parser.push(sharedReadBuffer, bytes);
      else if (this.current === 'connecting') this.onHandshakeBytes(sharedReadBuffer, bytes);
    } catch (err) {
      if (!(err instanceof RawWsError)) throw err;
      this.emitError(err);
      this.socket.destroy();
    }
  }

  private onHandshakeBytes(chunk: Buffer, end: number): void {
    if (this.refusal !== undefined) {
      if (this.refusal.push(chunk, end)) this.refuse(this.refusal);
      return;
    }
    const answer = this.headReader.push(chunk, end);
    if (answer === undefined) return;
    if (answer.head.status !== 101) {
      this.refusal = new RefusalBodyReader(answer.head.status, answer.head);
      if (this.refusal.push(answer.rest, answer.rest.length)) this.refuse(this.refusal);
      return;
    }
    this.chosenProtocol = checkUpgrade(answer.head, this.key, this.protocols);
    clearTimeout(this.handshakeTimer);
    this.current = 'open';
    this.events.open?.(this.chosenProtocol);
    if (answer.rest.length > 0 && !this.socket.destroyed) this.parser.push(answer.rest);
  }

  private refuse(refusal: RefusalBodyReader): void {
    this.emitError(refusal.error());
    this.socket.destroy();
  }

  private onPing(payload: Buffer): void {
    if (!this.closeSent) this.write(encodeClientFrame(Opcode.pong, payload, newMask()));
  }

  /** The server's close frame: answer it (unless this side already sent one), then end the socket. */
  private onCloseFrame(code: number, reason: Buffer): void {
    this.closeCode = code;
    this.closeReason = reason.toString('utf8');
    this.current = 'closing';
    if (!this.closeSent) this.sendClose(code === CloseCode.noStatus ? EMPTY : closePayload(code, ''));
    this.socket.end();
  }

  private sendClose(payload: Buffer): void {
    this.closeSent = true;
    this.write(encodeClientFrame(Opcode.close, payload, newMask()));
  }

  private write(frame: Buffer): void {
    if (this.socket.writable) this.socket.write(frame);
  }

  private onSocketClose(): void {
    clearTimeout(this.handshakeTimer);
    if (this.current === 'connecting') {
      this.emitError(
        this.refusal?.error() ??
          new RawWsError(
            RawWsErrorCodes.handshakeInvalid,
            'connection closed before the server answered the upgrade',
          ),
      );
    }
    this.current = 'closed';
    this.events.close(this.closeCode, this.closeReason);
    this.markClosed();
  }

  private emitError(error: RawWsError): void {
    if (this.errored || this.current === 'closed') return;
    this.errored = true;
    this.events.error(error);
  }
}
