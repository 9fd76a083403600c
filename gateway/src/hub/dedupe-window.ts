/**
 * Remembers the last `capacity` distinct message ids so a message produced twice (a producer
 * retry writes it again at a new offset) is delivered once. A ring buffer gives the eviction
 * order and a Set the O(1) lookup; memory is fixed at `capacity` ids.
 *
 * The window counts distinct ids in first-seen order: seeing an id again does not refresh it, so a
 * duplicate can never keep itself alive forever.
 */
export class DedupeWindow {
  readonly capacity: number;
  private readonly ring: (string | undefined)[];
  private readonly ids = new Set<string>();
  private next = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be an integer >= 1, got ${String(capacity)}`);
    }
    this.capacity = capacity;
    this.ring = new Array<string | undefined>(capacity).fill(undefined);
  }

  /** True if `id` is among the last `capacity` distinct ids; otherwise records it and returns false. */
  seen(id: string): boolean {
    if (this.ids.has(id)) return true;
    const evicted = this.ring[this.next];
    if (evicted !== undefined) this.ids.delete(evicted);
    this.ring[this.next] = id;
    this.ids.add(id);
    this.next = this.next + 1 === this.capacity ? 0 : this.next + 1;
    return false;
  }

  /** How many ids are remembered (at most `capacity`). */
  get size(): number {
    return this.ids.size;
  }
}
