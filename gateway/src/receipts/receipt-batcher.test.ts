import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Batcher } from './receipt-batcher.js';

describe('Batcher', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('flushes when a batch is full, and the rest after the delay', () => {
    const batches: number[][] = [];
    const b = new Batcher<number>(3, 200, 100, (batch) => batches.push(batch));
    for (let i = 1; i <= 4; i++) b.add(i);
    expect(batches).toEqual([[1, 2, 3]]);
    vi.advanceTimersByTime(199);
    expect(batches).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('drops the oldest items past its bound and counts them', () => {
    const batches: number[][] = [];
    const b = new Batcher<number>(10, 200, 4, (batch) => batches.push(batch));
    for (let i = 1; i <= 7; i++) b.add(i);
    expect(b.dropped).toBe(3);
    b.flushNow();
    expect(batches).toEqual([[4, 5, 6, 7]]);
  });
});
