import { describe, expect, it } from 'vitest';
import { FrameSplitter } from './frame-splitter.js';

function frame(text: string): Buffer {
  const body = Buffer.from(text);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return Buffer.concat([size, body]);
}

describe('FrameSplitter', () => {
  it('reassembles a frame delivered one byte at a time', () => {
    const splitter = new FrameSplitter();
    const bytes = frame('hello kafka');
    const frames = [...bytes].flatMap((b) => splitter.push(Buffer.from([b])));
    expect(frames.map((f) => f.toString())).toEqual(['hello kafka']);
  });

  it('returns every frame a chunk completes and keeps the rest for later', () => {
    const splitter = new FrameSplitter();
    const stream = Buffer.concat([frame('one'), frame(''), frame('three')]);
    const first = splitter.push(stream.subarray(0, 14));
    expect(first.map((f) => f.toString())).toEqual(['one', '']);
    expect(splitter.push(stream.subarray(14)).map((f) => f.toString())).toEqual(['three']);
  });

  it('refuses a size no Kafka answer has, such as a TLS alert read as a size', () => {
    const splitter = new FrameSplitter();
    // A TLS record header (alert, TLS 1.2) where a size was expected.
    expect(() => splitter.push(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02]))).toThrow(
      expect.objectContaining({ code: 'CMF_KAFKA_PROTOCOL_ERROR' }),
    );
    expect(() => new FrameSplitter().push(Buffer.from([0xff, 0xff, 0xff, 0xff]))).toThrow(
      /not speaking Kafka/,
    );
  });
});
