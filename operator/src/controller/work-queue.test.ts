import { describe, expect, it } from 'vitest';
import { FakeClock } from './fake-clock.js';
import {
  defaultControllerRateLimiter,
  ItemExponentialRateLimiter,
  MaxOfRateLimiter,
  TokenBucketRateLimiter,
} from './rate-limiter.js';
import { WorkQueue } from './work-queue.js';

function queue(clock = new FakeClock()): { clock: FakeClock; q: WorkQueue } {
  return { clock, q: new WorkQueue(clock, new ItemExponentialRateLimiter(5, 1_000_000)) };
}

describe('WorkQueue', () => {
  it('hands out a key once however often it was added', async () => {
    const { q } = queue();
    q.add('ns/a');
    q.add('ns/b');
    q.add('ns/a');
    expect(q.length).toBe(2);
    expect(await q.get()).toBe('ns/a');
    expect(await q.get()).toBe('ns/b');
    expect(q.length).toBe(0);
  });

  it('reprocesses a key added while it was being processed, after done, and never twice at once', async () => {
    const { q } = queue();
    q.add('ns/a');
    const key = await q.get();
    q.add('ns/a');
    q.add('ns/a');
    expect(q.length).toBe(0);
    let second: string | undefined;
    void q.get().then((k) => (second = k));
    await Promise.resolve();
    expect(second).toBeUndefined();
    q.done(key ?? '');
    await Promise.resolve();
    expect(second).toBe('ns/a');
    q.done('ns/a');
    expect(q.length).toBe(0);
  });

  it('wakes a waiting worker when a key arrives', async () => {
    const { q } = queue();
    const next = q.get();
    q.add('ns/a');
    expect(await next).toBe('ns/a');
  });

  it('holds a key back for addAfter, keeping the earliest of several delays', async () => {
    const { clock, q } = queue();
    q.addAfter('ns/a', 1000);
    q.addAfter('ns/a', 300);
    q.addAfter('ns/a', 5000);
    clock.advance(299);
    expect(q.length).toBe(0);
    clock.advance(1);
    expect(q.length).toBe(1);
    expect(await q.get()).toBe('ns/a');
    q.done('ns/a');
    clock.advance(10_000);
    expect(q.length).toBe(0);
  });

  it('backs off per key exponentially from 5 ms, capped at 1000 s, and starts over after forget', async () => {
    const { clock, q } = queue();
    const delays: number[] = [];
    for (let i = 0; i < 30; i++) {
      const before = clock.now();
      q.addRateLimited('ns/a');
      // Step until the key appears to measure the delay the queue applied.
      while (q.length === 0) clock.advance(1);
      delays.push(clock.now() - before);
      await q.get();
      q.done('ns/a');
    }
    expect(delays.slice(0, 5)).toEqual([5, 10, 20, 40, 80]);
    expect(delays.at(-1)).toBe(1_000_000);
    expect(q.failures('ns/a')).toBe(30);
    q.forget('ns/a');
    q.addRateLimited('ns/a');
    clock.advance(5);
    expect(q.length).toBe(1);
  });

  it('keeps one key’s backoff apart from another’s', () => {
    const limiter = new ItemExponentialRateLimiter(5, 1_000_000);
    limiter.when('ns/a');
    limiter.when('ns/a');
    expect(limiter.when('ns/a')).toBe(20);
    expect(limiter.when('ns/b')).toBe(5);
  });

  it('shuts down by waking idle workers and waiting for busy ones', async () => {
    const { clock, q } = queue();
    q.add('ns/a');
    q.add('ns/b');
    q.addAfter('ns/c', 100);
    const busy = await q.get();
    const idle = q.get();
    expect(await idle).toBe('ns/b');
    q.done('ns/b');
    const waiting = q.get();
    let drained = false;
    const shutdown = q.shutDown().then(() => (drained = true));
    expect(await waiting).toBeUndefined();
    await Promise.resolve();
    expect(drained).toBe(false);
    q.add('ns/d');
    clock.advance(1000);
    expect(q.length).toBe(0);
    q.done(busy ?? '');
    await shutdown;
    expect(drained).toBe(true);
    expect(await q.get()).toBeUndefined();
  });
});

describe('TokenBucketRateLimiter', () => {
  it('lets a burst through, then spaces keys at the rate, and refills with time', () => {
    const clock = new FakeClock();
    const bucket = new TokenBucketRateLimiter(clock, 10, 3);
    expect([bucket.when(), bucket.when(), bucket.when()]).toEqual([0, 0, 0]);
    expect(bucket.when()).toBeCloseTo(100);
    expect(bucket.when()).toBeCloseTo(200);
    clock.advance(10_000);
    expect(bucket.when()).toBe(0);
  });

  it('limits the default limiter across keys, whichever wait is longer', () => {
    const clock = new FakeClock();
    const limiter = defaultControllerRateLimiter(clock);
    const delays = Array.from({ length: 101 }, (_, i) => limiter.when(`ns/k${i}`));
    expect(delays.slice(0, 100).every((d) => d === 5)).toBe(true);
    expect(delays[100]).toBeCloseTo(100);
    const max = new MaxOfRateLimiter(
      new ItemExponentialRateLimiter(1000, 5000),
      new TokenBucketRateLimiter(clock, 10, 1),
    );
    expect(max.when('x')).toBe(1000);
  });
});
