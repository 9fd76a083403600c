import { describe, expect, it } from 'vitest';
import { isOffset, isPartition, MAX_OFFSET } from './position.js';

describe('isOffset', () => {
  it('accepts canonical decimals from 0 to 2^63-1', () => {
    for (const ok of ['0', '1', '42', '1000000000000000000', MAX_OFFSET]) expect(isOffset(ok)).toBe(true);
    expect(BigInt(MAX_OFFSET)).toBe(2n ** 63n - 1n);
  });

  it('rejects everything else', () => {
    for (const bad of [
      '',
      '-1',
      '01',
      '1.5',
      '9223372036854775808',
      '9999999999999999999',
      '10000000000000000000',
      ' 1',
    ]) {
      expect(isOffset(bad)).toBe(false);
    }
  });
});

describe('isPartition', () => {
  it('accepts int32 partitions only', () => {
    expect(isPartition(0)).toBe(true);
    expect(isPartition(2147483647)).toBe(true);
    for (const bad of [-1, 2147483648, 0.5, '0', null]) expect(isPartition(bad)).toBe(false);
  });
});
