import type { Clock } from './clock.js';

/** How long to wait before retrying a key; `forget` is called when the key succeeded. */
export interface RateLimiter {
  when(key: string): number;
  forget(key: string): void;
  /** Failures since the last `forget`. */
  failures(key: string): number;
}

/**
 * Per key, base · 2^failures, capped: a broken ChatGateway backs off to the cap while a healthy
 * one is retried at once. Defaults as controller-runtime's: 5 ms doubling up to 1000 s.
 */
export class ItemExponentialRateLimiter implements RateLimiter {
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly baseMs = 5,
    private readonly maxMs = 1_000_000,
  ) {}

  when(key: string): number {
    const failures = this.counts.get(key) ?? 0;
    this.counts.set(key, failures + 1);
    // 2^failures overflows to Infinity long after it passed the cap; min() handles it.
    return Math.min(this.maxMs, this.baseMs * 2 ** failures);
  }

  forget(key: string): void {
    this.counts.delete(key);
  }

  failures(key: string): number {
    return this.counts.get(key) ?? 0;
  }
}

/**
 * A token bucket shared by every key: bursts up to `burst`, then `perSecond`. Protects the API
 * server when many keys fail at once (a Kafka outage fails every ChatGateway together).
 * Reservations may drive the bucket negative, so each caller is told how long its turn is away.
 */
export class TokenBucketRateLimiter implements RateLimiter {
  private tokens: number;
  private last: number;

  constructor(
    private readonly clock: Clock,
    private readonly perSecond = 10,
    private readonly burst = 100,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  when(): number {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.perSecond) * 1000;
  }

  forget(): void {
    // The bucket is global: one key's success returns nothing to it.
  }

  failures(): number {
    return 0;
  }
}

/** The longest wait any of `limiters` asks for. */
export class MaxOfRateLimiter implements RateLimiter {
  private readonly limiters: readonly RateLimiter[];

  constructor(...limiters: RateLimiter[]) {
    this.limiters = limiters;
  }

  when(key: string): number {
    return Math.max(...this.limiters.map((limiter) => limiter.when(key)));
  }

  forget(key: string): void {
    for (const limiter of this.limiters) limiter.forget(key);
  }

  failures(key: string): number {
    return Math.max(...this.limiters.map((limiter) => limiter.failures(key)));
  }
}

/** controller-runtime's default: per-key 5 ms .. 1000 s exponential, and 10/s with bursts of 100 overall. */
export function defaultControllerRateLimiter(clock: Clock): RateLimiter {
  return new MaxOfRateLimiter(
    new ItemExponentialRateLimiter(5, 1_000_000),
    new TokenBucketRateLimiter(clock, 10, 100),
  );
}
