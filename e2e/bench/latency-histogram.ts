/** Percentiles of one measurement window, in milliseconds. */
export interface LatencySummary {
  readonly samples: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  readonly mean: number;
}

/**
 * Latencies in 1 ms buckets. The clock on both ends is Date.now() (whole milliseconds), so finer
 * buckets would only add noise; a fixed array keeps recording to one increment on the hot path of
 * a process receiving hundreds of thousands of frames a second.
 */
export class LatencyHistogram {
  private readonly buckets: Uint32Array;
  private samples = 0;
  private total = 0;
  private maxSeen = 0;

  constructor(private readonly limitMs = 60_000) {
    // The last bucket collects everything at or past the limit.
    this.buckets = new Uint32Array(limitMs + 1);
  }

  record(ms: number): void {
    // Clocks can step backwards by a millisecond between processes; that is a zero, not a bug.
    const value = ms < 0 ? 0 : ms;
    const bucket = value < this.limitMs ? value : this.limitMs;
    this.buckets[bucket] = (this.buckets[bucket] ?? 0) + 1;
    this.samples++;
    this.total += value;
    if (value > this.maxSeen) this.maxSeen = value;
  }

  reset(): void {
    this.buckets.fill(0);
    this.samples = 0;
    this.total = 0;
    this.maxSeen = 0;
  }

  summary(): LatencySummary {
    return {
      samples: this.samples,
      p50: this.percentile(0.5),
      p90: this.percentile(0.9),
      p99: this.percentile(0.99),
      p999: this.percentile(0.999),
      max: this.maxSeen,
      mean: this.samples === 0 ? 0 : this.total / this.samples,
    };
  }

  /** The smallest bucket at or below which a fraction `q` of the samples lie. */
  private percentile(q: number): number {
    if (this.samples === 0) return 0;
    const rank = Math.ceil(q * this.samples);
    let seen = 0;
    for (let ms = 0; ms < this.buckets.length; ms++) {
      seen += this.buckets[ms] ?? 0;
      if (seen >= rank) return ms;
    }
    return this.limitMs;
  }
}
