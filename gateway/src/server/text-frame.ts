/** FIN bit and the text opcode: one complete, unfragmented text message. */
const FIN_TEXT = 0x81;

/**
 * The bytes of one server-to-client WebSocket text frame (RFC 6455 section 5.2: FIN, opcode 1,
 * no mask, the payload length in 7, 16 or 64 bits) followed by `payload`, in one Buffer. The
 * payload must be UTF-8 already (it is our own JSON).
 */
export function textFrame(payload: Buffer): Buffer {
  const length = payload.byteLength;
  const headerBytes = length < 126 ? 2 : length < 0x10000 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerBytes + length);
  frame[0] = FIN_TEXT;
  if (headerBytes === 2) {
    frame[1] = length;
  } else if (headerBytes === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  payload.copy(frame, headerBytes);
  return frame;
}

/**
 * Frames a payload once for all the sockets it goes to. A room's message reaches its subscribers
 * one after the other with the same Buffer, so remembering the last payload framed turns the
 * per-socket header and the second write of `ws`'s sender into one shared Buffer and one write:
 * less garbage per delivery, and less work per write (the fan-out is write-bound). Payloads are
 * never modified after encoding, so identity is enough to know the frame is still right.
 */
export class SharedTextFrame {
  private lastPayload: Buffer | undefined;
  private lastFrame: Buffer | undefined;

  of(payload: Buffer): Buffer {
    if (payload !== this.lastPayload || this.lastFrame === undefined) {
      this.lastFrame = textFrame(payload);
      this.lastPayload = payload;
    }
    return this.lastFrame;
  }
}
