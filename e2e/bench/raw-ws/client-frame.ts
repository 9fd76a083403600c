import { randomFillSync } from 'node:crypto';
import { FIN_BIT, LENGTH_16, LENGTH_64, MASK_BIT, type OpcodeValue } from './opcodes.js';

const MASK_BYTES = 4;
const TWO_POW_32 = 2 ** 32;
const MAX_16 = 0xffff;
/** RFC 6455 5.5.1: a close payload is a 2-byte code and at most 123 bytes of reason. */
export const MAX_CLOSE_REASON_BYTES = 123;

/** A fresh random masking key. A client sends a handful of frames (subscribe, pongs, close), so this costs nothing that matters. */
export function newMask(): Buffer {
  return randomFillSync(Buffer.allocUnsafe(MASK_BYTES));
}

/** One whole (FIN) client frame: masked with `mask` (4 bytes), as RFC 6455 5.3 requires of clients. */
export function encodeClientFrame(opcode: OpcodeValue, payload: Uint8Array, mask: Uint8Array): Buffer {
  const length = payload.length;
  const header = length < LENGTH_16 ? 2 : length <= MAX_16 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + MASK_BYTES + length);
  frame[0] = FIN_BIT | opcode;
  if (header === 2) {
    frame[1] = MASK_BIT | length;
  } else if (header === 4) {
    frame[1] = MASK_BIT | LENGTH_16;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = MASK_BIT | LENGTH_64;
    frame.writeUInt32BE(Math.floor(length / TWO_POW_32), 2);
    frame.writeUInt32BE(length % TWO_POW_32, 6);
  }
  frame.set(mask.subarray(0, MASK_BYTES), header);
  const start = header + MASK_BYTES;
  for (let i = 0; i < length; i++) frame[start + i] = (payload[i] ?? 0) ^ (mask[i & 3] ?? 0);
  return frame;
}

/** The payload of a close frame: the code, big-endian, then the reason in UTF-8 (at most 123 bytes). */
export function closePayload(code: number, reason: string): Buffer {
  const text = Buffer.from(reason, 'utf8');
  if (text.length > MAX_CLOSE_REASON_BYTES) {
    throw new RangeError(
      `close reason of ${String(text.length)} bytes (at most ${String(MAX_CLOSE_REASON_BYTES)})`,
    );
  }
  const payload = Buffer.allocUnsafe(2 + text.length);
  payload.writeUInt16BE(code, 0);
  text.copy(payload, 2);
  return payload;
}
