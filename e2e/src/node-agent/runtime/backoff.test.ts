import { describe, expect, it } from 'vitest';
import { crashesAfterExit, KUBELET_BACKOFF, restartDelay, retryDelay } from './backoff.js';

describe('CrashLoopBackOff', () => {
  it('restarts at once the first time, then doubles from 10 s up to 5 min', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => restartDelay(n, KUBELET_BACKOFF));
    expect(delays).toEqual([0, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
  });

  it('forgives earlier crashes after a long enough run', () => {
    expect(crashesAfterExit(5, 599_999, KUBELET_BACKOFF)).toBe(6);
    expect(crashesAfterExit(5, 600_000, KUBELET_BACKOFF)).toBe(1);
  });

  it('scales for tests', () => {
    const fast = { initialMs: 100, maxMs: 250, resetAfterMs: 1000 };
    expect([2, 3, 4].map((n) => restartDelay(n, fast))).toEqual([100, 200, 250]);
    expect([0, 1, 2, 3].map((n) => retryDelay(n, fast))).toEqual([0, 100, 200, 250]);
  });
});
