import { TokenBucket } from '../limits/token-bucket.js';

export interface HandshakeLimiterOptions {
  /** 0: no limit. */
  readonly perMinute: number;
  readonly burst: number;
  /** Client keys tracked at most. */
  readonly maxClients: number;
}

// Full buckets looked at per new client: enough to keep up with arrivals, cheap per call.
const SWEEP_PER_INSERT = 4;

/**
 * Handshakes per client key: one token bucket each (`burst`, refilled at `perMinute`), in a map
 * bounded by `maxClients`. The map is kept in least-recently-seen order; each new key forgets a
 * few of the oldest buckets that have refilled completely (a full bucket is the same as none),
 * and past `maxClients` the least recently seen is forgotten even if not full: under that much
 * churn a forgotten client only regains its burst, and memory stays bounded.
 */
export class HandshakeLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly options: HandshakeLimiterOptions,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one handshake from `key`'s bucket; false when it has none left. */
  tryTake(key: string): boolean {
    if (this.options.perMinute === 0) return true;
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      this.evict(now);
      bucket = new TokenBucket(this.options.perMinute / 60, this.options.burst, now);
    } else {
      // Re-inserting moves the key to the end: the map's order is least recently seen first.
      this.buckets.delete(key);
    }
    this.buckets.set(key, bucket);
    return bucket.tryTake(now);
  }

  /** Client keys tracked now (a gauge). */
  get size(): number {
    return this.buckets.size;
  }

  private evict(now: number): void {
    let looked = 0;
    for (const [key, bucket] of this.buckets) {
      if (looked++ >= SWEEP_PER_INSERT) break;
      if (bucket.available(now) >= bucket.burst) this.buckets.delete(key);
    }
    while (this.buckets.size >= this.options.maxClients) {
      const oldest = this.buckets.keys().next();
      if (oldest.done === true) break;
      this.buckets.delete(oldest.value);
    }
  }
}
