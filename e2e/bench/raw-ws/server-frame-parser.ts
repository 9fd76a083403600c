import {
  CloseCode,
  FIN_BIT,
  LENGTH_16,
  LENGTH_64,
  LENGTH_BITS,
  MASK_BIT,
  MAX_CONTROL_PAYLOAD,
  Opcode,
  OPCODE_BITS,
  RSV_BITS,
} from './opcodes.js';
import { RawWsError, RawWsErrorCodes } from './raw-ws-error.js';

/** Where parsed frames go. Payloads are views into bytes the parser does not own: valid only during the call. */
export interface ServerFrameSink {
  /** A whole text message (FIN set, opcode 1); not validated as UTF-8. */
  text(payload: Buffer): void;
  ping(payload: Buffer): void;
  /** `code` is 1005 when the frame carried none. Nothing is parsed after a close frame. */
  close(code: number, reason: Buffer): void;
}

/** Far above any frame of the benchmark; a length past it means the stream is not WebSocket. */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;

const HEADER_16 = 4;
const HEADER_64 = 10;
const FIN_TEXT = FIN_BIT | Opcode.text;
const TWO_POW_32 = 2 ** 32;

/**
 * Parses the frames a server sends (unmasked, RFC 6455 section 5) from a byte stream whose chunks
 * may hold many frames or part of one. A frame lying whole in a chunk is handed over as a view of
 * that chunk: no copy. Only a frame split across chunks is gathered, into a buffer of exactly its
 * size (known from its header), so a large frame in many chunks is copied once. Chunks are read
 * only during `push`: they may be a read buffer the caller reuses.
 *
 * Fragmented messages are refused: the servers this client talks to never fragment, and
 * reassembly would cost every frame a check.
 */
export class ServerFrameParser {
  /** Bytes of a split frame (or of its header while that is incomplete); undefined when none. */
  private carry: Buffer | undefined;
  private carried = 0;
  /** How many bytes `carry` must hold before parsing can go on. */
  private need = 0;
  /** A close frame or an error was seen: the rest of the stream is ignored. */
  private done = false;

  constructor(private readonly sink: ServerFrameSink) {}

  /** Parses `chunk[0, end)`. Throws RawWsError on a frame this client does not accept; nothing more is parsed then. */
  push(chunk: Buffer, end: number = chunk.length): void {
    let from = 0;
    while (this.carry !== undefined && !this.done) {
      const take = Math.min(this.need - this.carried, end - from);
      chunk.copy(this.carry, this.carried, from, from + take);
      this.carried += take;
      from += take;
      if (this.carried < this.need) return;
      // The carry holds exactly what the last parse asked for: a header, or a whole frame.
      if (this.parse(this.carry, 0, this.carried) === this.carried) {
        this.carry = undefined;
        this.carried = 0;
      } else {
        this.grow();
      }
    }
    if (this.done) return;
    const stop = this.parse(chunk, from, end);
    if (stop < end) this.keep(chunk, stop, end);
  }

  /** Dispatches every whole frame in `buf[at, end)`; returns where the first incomplete one starts and sets `need` for it. */
  private parse(buf: Buffer, start: number, end: number): number {
    let at = start;
    while (!this.done) {
      const left = end - at;
      if (left < 2) {
        this.need = 2;
        break;
      }
      // Indexing, not readUInt8: this runs for every frame and the bounds are checked above.
      const b1 = buf[at + 1] ?? 0;
      if ((b1 & MASK_BIT) !== 0) this.fail('masked frame from the server (RFC 6455 5.1)');
      let length = b1 & LENGTH_BITS;
      let header = 2;
      if (length === LENGTH_16) {
        header = HEADER_16;
        if (left < header) {
          this.need = header;
          break;
        }
        length = buf.readUInt16BE(at + 2);
      } else if (length === LENGTH_64) {
        header = HEADER_64;
        if (left < header) {
          this.need = header;
          break;
        }
        length = buf.readUInt32BE(at + 2) * TWO_POW_32 + buf.readUInt32BE(at + 6);
        if (length > MAX_FRAME_BYTES)
          this.fail(`frame of ${String(length)} bytes (limit ${String(MAX_FRAME_BYTES)})`);
      }
      const total = header + length;
      if (left < total) {
        this.need = total;
        break;
      }
      const b0 = buf[at] ?? 0;
      const payload = buf.subarray(at + header, at + total);
      at += total;
      if (b0 === FIN_TEXT) this.sink.text(payload);
      else this.control(b0, payload);
    }
    return at;
  }

  /** Every frame but a whole text frame: rare, so checked in full here rather than on the common path. */
  private control(b0: number, payload: Buffer): void {
    if ((b0 & RSV_BITS) !== 0) this.fail('reserved bits set, but no extension was negotiated');
    const opcode = b0 & OPCODE_BITS;
    switch (opcode) {
      case Opcode.text:
      case Opcode.continuation:
        this.fail('fragmented message: not supported (the servers measured never fragment)');
        break;
      case Opcode.binary:
        this.fail('binary frame: only text frames are expected');
        break;
      case Opcode.close:
      case Opcode.ping:
      case Opcode.pong:
        if ((b0 & FIN_BIT) === 0 || payload.length > MAX_CONTROL_PAYLOAD) {
          this.fail('control frame fragmented or longer than 125 bytes');
        }
        if (opcode === Opcode.ping) this.sink.ping(payload);
        else if (opcode === Opcode.close) this.closeFrame(payload);
        break;
      default:
        this.fail(`unknown opcode ${String(opcode)}`);
    }
  }

  private closeFrame(payload: Buffer): void {
    if (payload.length === 1) this.fail('close frame with a 1-byte payload');
    this.done = true;
    const code = payload.length >= 2 ? payload.readUInt16BE(0) : CloseCode.noStatus;
    this.sink.close(code, payload.subarray(2));
  }

  /** Starts a carry with the incomplete frame at `buf[from, end)`, sized for what `need` says it lacks (none after a close frame). */
  private keep(buf: Buffer, from: number, end: number): void {
    if (this.done) return;
    this.carry = Buffer.allocUnsafe(this.need);
    this.carried = buf.copy(this.carry, 0, from, end);
  }

  /** The carried header is complete and announced a longer frame: make room for all of it. */
  private grow(): void {
    const bigger = Buffer.allocUnsafe(this.need);
    this.carry?.copy(bigger, 0, 0, this.carried);
    this.carry = bigger;
  }

  private fail(message: string): never {
    this.done = true;
    this.carry = undefined;
    throw new RawWsError(RawWsErrorCodes.protocol, message);
  }
}
