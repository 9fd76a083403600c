import { describe, expect, it } from 'vitest';
import { formatByteSize, parseByteSize } from './byte-size.js';

describe('parseByteSize', () => {
  it.each([
    ['65536', 65536],
    ['0', 0],
    ['512B', 512],
    ['64KiB', 65536],
    ['64kib', 65536],
    ['64Ki', 65536],
    ['1MiB', 1048576],
    ['1Mi', 1048576],
    ['2GiB', 2 * 1024 ** 3],
    ['16 MiB', 16 * 1024 ** 2],
  ])('%s -> %d', (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes);
  });

  it.each(['', 'abc', '64KB', '64k', '1.5MiB', '-1', 'MiB', '64 KiB extra', '99999999999999999GiB'])(
    'refuses %j',
    (text) => {
      expect(parseByteSize(text)).toBeUndefined();
    },
  );
});

describe('formatByteSize', () => {
  it.each([
    [65536, '64KiB'],
    [1048576, '1MiB'],
    [16 * 1024 ** 3, '16GiB'],
    [1536, '1536'],
    [1000, '1000'],
    [0, '0'],
  ])('%d -> %s', (bytes, text) => {
    expect(formatByteSize(bytes)).toBe(text);
  });

  it('round-trips', () => {
    for (const bytes of [1, 1024, 3 * 1024 ** 2, 12345])
      expect(parseByteSize(formatByteSize(bytes))).toBe(bytes);
  });
});
