import type { Clock } from './clock.js';
import type { RateLimiter } from './rate-limiter.js';

/**
 * The queue between watches and reconcile workers, with controller-runtime's semantics:
 * - a key is queued at most once however often it is added (`dirty`);
 * - a key is handed to one worker at a time: added while being processed, it is queued again
 *   when that worker calls `done`, so the newest state is always reconciled after the event;
 * - `addAfter` holds a key back (requeue after, backoff); the earliest of several delays wins;
 * - `shutDown` wakes idle workers with `undefined` and waits for busy ones to call `done`.
 */
export class WorkQueue {
  private readonly queue: string[] = [];
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly waiting = new Map<string, { readonly at: number; readonly cancel: () => void }>();
  private readonly getters: ((key: string | undefined) => void)[] = [];
  private drained: (() => void) | undefined;
  private shuttingDown = false;

  constructor(
    private readonly clock: Clock,
    private readonly rateLimiter: RateLimiter,
  ) {}

  add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    const getter = this.getters.shift();
    if (getter === undefined) this.queue.push(key);
    else this.handOut(key, getter);
  }

  addAfter(key: string, delayMs: number): void {
    if (this.shuttingDown) return;
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const at = this.clock.now() + delayMs;
    const existing = this.waiting.get(key);
    if (existing !== undefined) {
      if (existing.at <= at) return;
      existing.cancel();
    }
    const cancel = this.clock.setTimer(delayMs, () => {
      this.waiting.delete(key);
      this.add(key);
    });
    this.waiting.set(key, { at, cancel });
  }

  /** Requeues `key` after the rate limiter's delay (a failure: the delay grows until `forget`). */
  addRateLimited(key: string): void {
    this.addAfter(key, this.rateLimiter.when(key));
  }

  /** The key succeeded: its backoff starts again from the bottom. */
  forget(key: string): void {
    this.rateLimiter.forget(key);
  }

  failures(key: string): number {
    return this.rateLimiter.failures(key);
  }

  /** The next key, once one is ready; `undefined` once the queue shuts down. */
  get(): Promise<string | undefined> {
    const key = this.queue.shift();
    if (key !== undefined) {
      this.dirty.delete(key);
      this.processing.add(key);
      return Promise.resolve(key);
    }
    if (this.shuttingDown) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.getters.push(resolve);
    });
  }

  /** The worker finished `key`; if it was added meanwhile, it is queued again now. */
  done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.has(key)) {
      if (this.shuttingDown) this.dirty.delete(key);
      else {
        const getter = this.getters.shift();
        if (getter === undefined) this.queue.push(key);
        else this.handOut(key, getter);
      }
    }
    if (this.shuttingDown && this.processing.size === 0) this.drained?.();
  }

  /** Keys ready to be handed out (not counting those in progress or held back). */
  get length(): number {
    return this.queue.length;
  }

  get inProgress(): number {
    return this.processing.size;
  }

  /**
   * Stops accepting keys, drops the queued and held-back ones, wakes idle workers and resolves
   * once every key in progress is done: a reconcile is never cut off halfway.
   */
  shutDown(): Promise<void> {
    this.shuttingDown = true;
    for (const { cancel } of this.waiting.values()) cancel();
    this.waiting.clear();
    for (const key of this.queue) this.dirty.delete(key);
    this.queue.length = 0;
    for (const getter of this.getters.splice(0)) getter(undefined);
    if (this.processing.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.drained = resolve;
    });
  }

  private handOut(key: string, getter: (key: string | undefined) => void): void {
    this.dirty.delete(key);
    this.processing.add(key);
    getter(key);
  }
}
