/** Below this many consumed slots a queue is not worth compacting. */
const MIN_COMPACT = 32;

/**
 * An array-backed FIFO with O(1) amortised `push` and `shift` (Array#shift moves every element).
 * Consumed slots are cleared at once so their items can be collected, and the array is compacted
 * once at least half of it is consumed. Items are kept in push order, so a queue whose items are
 * pushed in increasing key order supports binary search through `at`.
 */
export class FifoQueue<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** The oldest item, or undefined when empty. */
  peek(): T | undefined {
    return this.items[this.head];
  }

  /** Removes and returns the oldest item, or undefined when empty. */
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head++;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head >= MIN_COMPACT && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** The item `index` places from the oldest (0 = oldest), or undefined when out of range. */
  at(index: number): T | undefined {
    return index >= 0 && index < this.length ? this.items[this.head + index] : undefined;
  }

  /** Keeps only the items `keep` accepts, in order: O(length), for amortised bulk clean-ups. */
  retain(keep: (item: T) => boolean): void {
    const kept: T[] = [];
    for (let i = this.head; i < this.items.length; i++) {
      const item = this.items[i] as T;
      if (keep(item)) kept.push(item);
    }
    this.items = kept;
    this.head = 0;
  }
}
