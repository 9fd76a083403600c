import { describe, expect, it } from 'vitest';
import { RawWsError, RawWsErrorCodes } from './raw-ws-error.js';
import { MAX_FRAME_BYTES, ServerFrameParser } from './server-frame-parser.js';

type Seen = { kind: 'text' | 'ping'; payload: Buffer } | { kind: 'close'; code: number; reason: string };

/** A parser whose sink copies what it is given: payloads are views valid only during the call. */
function recording(): { parser: ServerFrameParser; seen: Seen[] } {
  const seen: Seen[] = [];
  const parser = new ServerFrameParser({
    text: (payload) => seen.push({ kind: 'text', payload: Buffer.from(payload) }),
    ping: (payload) => seen.push({ kind: 'ping', payload: Buffer.from(payload) }),
    close: (code, reason) => seen.push({ kind: 'close', code, reason: reason.toString() }),
  });
  return { parser, seen };
}

/** A server frame (unmasked), RFC 6455 5.2, written out independently of the client's encoder. */
function serverFrame(
  opcode: number,
  payload: Buffer,
  options: { fin?: boolean; rsv?: number; masked?: boolean } = {},
): Buffer {
  const first = ((options.fin ?? true) ? 0x80 : 0) | (options.rsv ?? 0) | opcode;
  const maskBit = options.masked === true ? 0x80 : 0;
  let header: Buffer;
  if (payload.length < 126) {
    header = Buffer.from([first, maskBit | payload.length]);
  } else if (payload.length < 65536) {
    header = Buffer.from([first, maskBit | 126, payload.length >> 8, payload.length & 0xff]);
  } else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = maskBit | 127;
    header.writeBigUInt64BE(BigInt(payload.length), 2);
  }
  // A masked frame carries a key; zeros leave the payload as it is (only the mask bit matters here).
  return Buffer.concat([header, options.masked === true ? Buffer.alloc(4) : Buffer.alloc(0), payload]);
}

function patterned(length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = (i * 31 + 7) & 0xff;
  return out;
}

function protocolError(run: () => void): RawWsError {
  try {
    run();
  } catch (err) {
    if (err instanceof RawWsError) return err;
    throw err;
  }
  throw new Error('no error');
}

describe('ServerFrameParser', () => {
  it.each([0, 1, 125, 126, 127, 65535, 65536, 200_000])(
    'hands over a text frame of %i bytes whole, from one chunk and byte by byte',
    (size) => {
      const payload = patterned(size);
      const frame = serverFrame(0x1, payload);
      const whole = recording();
      whole.parser.push(frame);
      expect(whole.seen).toEqual([{ kind: 'text', payload }]);

      // Byte by byte is too slow to be useful past the header for the big ones: split there, then in halves.
      const split = recording();
      const cuts = size <= 65536 ? frame.length : 20;
      for (let i = 0; i < cuts; i++) split.parser.push(frame.subarray(i, i + 1));
      split.parser.push(frame.subarray(cuts, cuts + Math.floor((frame.length - cuts) / 2)));
      split.parser.push(frame.subarray(cuts + Math.floor((frame.length - cuts) / 2)));
      expect(split.seen).toEqual([{ kind: 'text', payload }]);
    },
  );

  it('hands over many small frames from one chunk, in order, as views of that chunk', () => {
    const payloads = Array.from({ length: 500 }, (_, i) =>
      Buffer.from(`{"type":"message","seq":${String(i)}}`),
    );
    const chunk = Buffer.concat(payloads.map((p) => serverFrame(0x1, p)));
    const views: Buffer[] = [];
    const parser = new ServerFrameParser({
      text: (payload) => views.push(payload),
      ping: () => undefined,
      close: () => undefined,
    });
    parser.push(chunk);
    expect(views.map((v) => v.toString())).toEqual(payloads.map((p) => p.toString()));
    // No copy on the common path: each payload shares the chunk's memory.
    expect(views.every((v) => v.buffer === chunk.buffer)).toBe(true);
  });

  it('copies what it keeps, so the caller may reuse its read buffer', () => {
    const frames = Buffer.concat([serverFrame(0x1, Buffer.from('first')), serverFrame(0x1, patterned(300))]);
    const { parser, seen } = recording();
    const readBuffer = Buffer.alloc(64);
    for (let at = 0; at < frames.length; at += readBuffer.length) {
      const n = frames.copy(readBuffer, 0, at, at + readBuffer.length);
      parser.push(readBuffer, n);
      readBuffer.fill(0xee);
    }
    expect(seen).toEqual([
      { kind: 'text', payload: Buffer.from('first') },
      { kind: 'text', payload: patterned(300) },
    ]);
  });

  it('reads every frame of a stream cut at every possible point', () => {
    const stream = Buffer.concat([
      serverFrame(0x1, Buffer.from('a')),
      serverFrame(0x9, Buffer.from('ping!')),
      serverFrame(0x1, patterned(130)),
      serverFrame(0xa, Buffer.alloc(0)),
      serverFrame(0x1, Buffer.alloc(0)),
      serverFrame(0x8, Buffer.from([0x0f, 0xa3, 0x62, 0x79, 0x65])),
    ]);
    const expected: Seen[] = [
      { kind: 'text', payload: Buffer.from('a') },
      { kind: 'ping', payload: Buffer.from('ping!') },
      { kind: 'text', payload: patterned(130) },
      { kind: 'text', payload: Buffer.alloc(0) },
      { kind: 'close', code: 4003, reason: 'bye' },
    ];
    for (let cut = 0; cut <= stream.length; cut++) {
      const { parser, seen } = recording();
      parser.push(stream.subarray(0, cut));
      parser.push(stream.subarray(cut));
      expect(seen, `cut at ${String(cut)}`).toEqual(expected);
    }
  });

  it('reports 1005 for a close frame without a code, and parses nothing after a close frame', () => {
    const { parser, seen } = recording();
    parser.push(Buffer.concat([serverFrame(0x8, Buffer.alloc(0)), serverFrame(0x1, Buffer.from('late'))]));
    parser.push(serverFrame(0x1, Buffer.from('later')));
    expect(seen).toEqual([{ kind: 'close', code: 1005, reason: '' }]);
  });

  it.each([
    ['a masked frame', serverFrame(0x1, Buffer.from('x'), { masked: true }), 'masked frame'],
    ['a fragmented text frame', serverFrame(0x1, Buffer.from('x'), { fin: false }), 'fragmented message'],
    ['a continuation frame', serverFrame(0x0, Buffer.from('x')), 'fragmented message'],
    ['a binary frame', serverFrame(0x2, Buffer.from('x')), 'binary frame'],
    [
      'reserved bits (compression not negotiated)',
      serverFrame(0x1, Buffer.from('x'), { rsv: 0x40 }),
      'reserved bits',
    ],
    ['an unknown opcode', serverFrame(0x3, Buffer.from('x')), 'unknown opcode 3'],
    ['a ping longer than 125 bytes', serverFrame(0x9, patterned(126)), 'longer than 125'],
    ['a close frame of 1 byte', serverFrame(0x8, Buffer.from([3])), '1-byte'],
  ])('refuses %s with a protocol error, then ignores the stream', (_what, frame, message) => {
    const { parser, seen } = recording();
    const error = protocolError(() => {
      parser.push(frame);
    });
    expect(error.code).toBe(RawWsErrorCodes.protocol);
    expect(error.message).toContain(message);
    parser.push(serverFrame(0x1, Buffer.from('after')));
    expect(seen).toEqual([]);
  });

  it('refuses a length past the limit before waiting for its bytes', () => {
    const header = Buffer.alloc(10);
    header[0] = 0x81;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(MAX_FRAME_BYTES + 1), 2);
    const { parser } = recording();
    expect(
      protocolError(() => {
        parser.push(header);
      }).message,
    ).toContain('limit');
  });
});
