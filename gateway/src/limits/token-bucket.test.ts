import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket.js';

/** mulberry32: a tiny seeded PRNG so failures replay exactly. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('TokenBucket', () => {
  it('starts full and refuses once the burst is spent', () => {
    const bucket = new TokenBucket(10, 5, 0);
    for (let i = 0; i < 5; i++) expect(bucket.tryTake(0)).toBe(true);
    expect(bucket.tryTake(0)).toBe(false);
  });

  it('refills at ratePerSecond from the elapsed time', () => {
    const bucket = new TokenBucket(10, 5, 1_000);
    expect(bucket.tryTake(1_000, 5)).toBe(true);
    expect(bucket.tryTake(1_099)).toBe(false); // 0.99 tokens
    expect(bucket.tryTake(1_100)).toBe(true); // 1 token after 100 ms at 10/s
    expect(bucket.tryTake(1_100)).toBe(false);
    expect(bucket.available(1_350)).toBeCloseTo(2.5, 10);
  });

  it('caps the refill at burst however long the bucket was idle', () => {
    const bucket = new TokenBucket(100, 3, 0);
    expect(bucket.tryTake(0, 3)).toBe(true);
    expect(bucket.available(3_600_000)).toBe(3);
    expect(bucket.tryTake(3_600_000, 3)).toBe(true);
    expect(bucket.tryTake(3_600_000)).toBe(false);
  });

  it('takes n tokens all or nothing', () => {
    const bucket = new TokenBucket(1, 4, 0);
    expect(bucket.tryTake(0, 3)).toBe(true);
    expect(bucket.tryTake(0, 2)).toBe(false);
    expect(bucket.available(0)).toBe(1); // the refused take spent nothing
    expect(bucket.tryTake(1_000, 2)).toBe(true);
  });

  it('never grants more than burst at once', () => {
    const bucket = new TokenBucket(1_000, 2, 0);
    expect(bucket.tryTake(10_000, 3)).toBe(false);
    expect(bucket.tryTake(10_000, 2)).toBe(true);
  });

  it('ignores a clock that steps backwards (no refill, no double refill afterwards)', () => {
    const bucket = new TokenBucket(10, 10, 1_000);
    expect(bucket.tryTake(1_000, 10)).toBe(true);
    expect(bucket.tryTake(500)).toBe(false);
    expect(bucket.available(1_100)).toBeCloseTo(1, 10);
  });

  it('does not lose earned tokens to floating-point dust from many small refills', () => {
    const bucket = new TokenBucket(3, 1, 0);
    expect(bucket.tryTake(0)).toBe(true);
    // 1/3 s in 1 ms steps: 333 steps of 0.003 tokens and one more.
    for (let t = 1; t <= 333; t++) expect(bucket.tryTake(t)).toBe(false);
    expect(bucket.tryTake(334)).toBe(true);
  });

  it('a rate of 0 only ever grants the initial burst', () => {
    const bucket = new TokenBucket(0, 2, 0);
    expect(bucket.tryTake(0, 2)).toBe(true);
    expect(bucket.tryTake(1e12)).toBe(false);
  });

  it('rejects invalid construction and takes with a precise message', () => {
    expect(() => new TokenBucket(-1, 1, 0)).toThrow('ratePerSecond must be a finite number >= 0, got -1');
    expect(() => new TokenBucket(Number.NaN, 1, 0)).toThrow(
      'ratePerSecond must be a finite number >= 0, got NaN',
    );
    expect(() => new TokenBucket(1, 0, 0)).toThrow('burst must be a finite number >= 1, got 0');
    expect(() => new TokenBucket(1, Infinity, 0)).toThrow('burst must be a finite number >= 1, got Infinity');
    expect(() => new TokenBucket(1, 1, Number.NaN)).toThrow('now must be a finite number, got NaN');
    expect(() => new TokenBucket(1, 1, 0).tryTake(0, -1)).toThrow('n must be a finite number >= 0, got -1');
  });

  it('grants over any window no more than burst + rate * elapsed, and never refuses a full bucket (seeded)', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const random = seededRandom(seed);
      const rate = 1 + Math.floor(random() * 50);
      const burst = 1 + Math.floor(random() * 20);
      const start = Math.floor(random() * 1e6);
      const bucket = new TokenBucket(rate, burst, start);
      let now = start;
      let granted = 0;
      for (let i = 0; i < 500; i++) {
        now += Math.floor(random() * 200);
        const n = 1 + Math.floor(random() * 3);
        const full = bucket.available(now) >= burst;
        const ok = bucket.tryTake(now, n);
        if (ok) granted += n;
        if (full && n <= burst) expect(ok, `seed ${seed}`).toBe(true);
        expect(granted, `seed ${seed}`).toBeLessThanOrEqual(burst + (rate * (now - start)) / 1000 + 1e-6);
      }
    }
  });
});
