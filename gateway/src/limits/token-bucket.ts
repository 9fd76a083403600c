/**
 * Tolerance for the floating-point dust that lazy refills accumulate (0.1 + 0.2 !== 0.3): without it
 * a bucket refilled in many small steps can sit at 0.9999999 tokens and refuse a take it has earned.
 */
const TOKEN_EPSILON = 1e-9;

/**
 * A token bucket: `burst` tokens at most, refilled continuously at `ratePerSecond`. There is no
 * timer; the refill is computed from the time elapsed since the last call, so an idle bucket costs
 * nothing. Time is the caller's (milliseconds, any monotonic origin) so tests and the server agree
 * on one clock. A clock that steps backwards refills nothing and never drains the bucket.
 */
export class TokenBucket {
  readonly ratePerSecond: number;
  readonly burst: number;
  private tokens: number;
  private last: number;

  /** Starts full: a new connection may spend its whole burst at once. */
  constructor(ratePerSecond: number, burst: number, now: number) {
    if (!Number.isFinite(ratePerSecond) || ratePerSecond < 0) {
      throw new RangeError(`ratePerSecond must be a finite number >= 0, got ${String(ratePerSecond)}`);
    }
    if (!Number.isFinite(burst) || burst < 1) {
      throw new RangeError(`burst must be a finite number >= 1, got ${String(burst)}`);
    }
    if (!Number.isFinite(now)) throw new RangeError(`now must be a finite number, got ${String(now)}`);
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.tokens = burst;
    this.last = now;
  }

  /**
   * Takes `n` tokens if they are all there (all or nothing) and says whether it did. A request for
   * more than `burst` can never succeed and returns false rather than throwing, so a caller's
   * oversized batch is limited like any other.
   */
  tryTake(now: number, n = 1): boolean {
    if (!Number.isFinite(n) || n < 0)
      throw new RangeError(`n must be a finite number >= 0, got ${String(n)}`);
    this.refill(now);
    if (this.tokens + TOKEN_EPSILON < n) return false;
    this.tokens = Math.max(0, this.tokens - n);
    return true;
  }

  /** Tokens available at `now` (fractional), for metrics and tests. */
  available(now: number): number {
    this.refill(now);
    return this.tokens;
  }

  private refill(now: number): void {
    // NaN or a backwards step must not move `last`, or the next forward step would refill twice.
    if (!(now > this.last)) return;
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.ratePerSecond) / 1000);
    this.last = now;
  }
}
