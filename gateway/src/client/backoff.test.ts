import { describe, expect, it } from 'vitest';
import { fullJitterDelay } from './backoff.js';

describe('fullJitterDelay', () => {
  it('is random() times min(max, initial * 2^attempt), rounded down', () => {
    expect(fullJitterDelay(0, 250, 15_000, () => 0.5)).toBe(125);
    expect(fullJitterDelay(1, 250, 15_000, () => 0.5)).toBe(250);
    expect(fullJitterDelay(3, 250, 15_000, () => 0.999)).toBe(1998);
    expect(fullJitterDelay(6, 250, 15_000, () => 1)).toBe(15_000);
    expect(fullJitterDelay(2, 250, 15_000, () => 0)).toBe(0);
  });

  it('spans the whole interval from 0 to the ceiling (full jitter, not equal jitter)', () => {
    const ceiling = 250 * 2 ** 4;
    expect(fullJitterDelay(4, 250, 15_000, () => 0)).toBe(0);
    expect(fullJitterDelay(4, 250, 15_000, () => 1)).toBe(ceiling);
  });

  it('stays finite and capped for very large attempt numbers', () => {
    expect(fullJitterDelay(10_000, 250, 15_000, () => 1)).toBe(15_000);
    expect(fullJitterDelay(Number.MAX_SAFE_INTEGER, 1, 60_000, () => 0.5)).toBe(30_000);
  });

  it('uses Math.random by default and stays within bounds', () => {
    for (let i = 0; i < 200; i++) {
      const d = fullJitterDelay(2, 100, 1000);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(400);
      expect(Number.isInteger(d)).toBe(true);
    }
  });
});
