import { describe, expect, it } from 'vitest';
import { closePayload, encodeClientFrame, MAX_CLOSE_REASON_BYTES, newMask } from './client-frame.js';
import { Opcode } from './opcodes.js';

/** Reads a client frame back per RFC 6455 5.2, independently of the encoder. */
function decode(frame: Buffer): { first: number; payload: Buffer } {
  expect(frame.readUInt8(1) & 0x80, 'mask bit').toBe(0x80);
  let length = frame.readUInt8(1) & 0x7f;
  let at = 2;
  if (length === 126) {
    length = frame.readUInt16BE(2);
    at = 4;
  } else if (length === 127) {
    length = Number(frame.readBigUInt64BE(2));
    at = 10;
  }
  const mask = frame.subarray(at, at + 4);
  const masked = frame.subarray(at + 4);
  expect(masked.length).toBe(length);
  return { first: frame.readUInt8(0), payload: Buffer.from(masked.map((b, i) => b ^ mask.readUInt8(i % 4))) };
}

describe('encodeClientFrame', () => {
  it.each([0, 125, 126, 65535, 65536])('masks a %i-byte payload with the smallest length field', (size) => {
    const payload = Buffer.alloc(size, 'x');
    const mask = Buffer.from([0x12, 0x34, 0x56, 0x78]);
    const frame = encodeClientFrame(Opcode.text, payload, mask);
    expect(frame.length).toBe((size < 126 ? 2 : size < 65536 ? 4 : 10) + 4 + size);
    const { first, payload: back } = decode(frame);
    expect(first).toBe(0x81);
    expect(back.equals(payload)).toBe(true);
    if (size > 0) expect(frame.subarray(frame.length - size).equals(payload)).toBe(false);
  });

  it('draws a fresh mask each time', () => {
    const masks = new Set(Array.from({ length: 20 }, () => newMask().toString('hex')));
    expect(masks.size).toBeGreaterThan(1);
  });
});

describe('closePayload', () => {
  it('puts the code first, big-endian, then the reason', () => {
    expect(closePayload(1000, 'benchmark done')).toEqual(
      Buffer.concat([Buffer.from([0x03, 0xe8]), Buffer.from('benchmark done')]),
    );
  });

  it('refuses a reason longer than a close frame can carry', () => {
    expect(() => closePayload(1000, 'é'.repeat(MAX_CLOSE_REASON_BYTES))).toThrow(/at most 123/);
  });
});
