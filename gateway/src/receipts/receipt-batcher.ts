/**
 * Collects items and hands them over in batches: when `maxSize` are waiting, or `maxDelayMs`
 * after the first of a batch arrived. Bounded: past `maxPending` the oldest items are dropped and
 * counted, so a Kafka outage cannot grow memory without limit.
 */
export class Batcher<T> {
  private pending: T[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  dropped = 0;

  constructor(
    private readonly maxSize: number,
    private readonly maxDelayMs: number,
    private readonly maxPending: number,
    private readonly flush: (batch: T[]) => void,
  ) {}

  add(item: T): void {
    this.pending.push(item);
    if (this.pending.length > this.maxPending) {
      const excess = this.pending.length - this.maxPending;
      this.pending.splice(0, excess);
      this.dropped += excess;
    }
    if (this.pending.length >= this.maxSize) {
      this.flushNow();
      return;
    }
    if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.flushNow();
      }, this.maxDelayMs);
      this.timer.unref();
    }
  }

  flushNow(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.pending.length > 0) this.flush(this.pending.splice(0, this.maxSize));
  }

  get size(): number {
    return this.pending.length;
  }
}
