import type { OperatorMetrics } from '../admin/index.js';
import type { Logger } from '../log/index.js';
import type { Clock } from './clock.js';
import type { WorkQueue } from './work-queue.js';

/** What one reconcile asks of the queue next. */
export type ReconcileResult =
  /** Converged: nothing to do until the next event or resync. */
  | { readonly kind: 'done' }
  /** Look again after a fixed time (e.g. waiting for a rollout), without counting a failure. */
  | { readonly kind: 'requeueAfter'; readonly delayMs: number }
  /** Not converged for a reason that may pass (Kafka down): retry with the key's growing backoff. */
  | { readonly kind: 'backoff'; readonly reason: string };

export const ReconcileResult = {
  done: { kind: 'done' } as ReconcileResult,
  requeueAfter: (delayMs: number): ReconcileResult => ({ kind: 'requeueAfter', delayMs }),
  backoff: (reason: string): ReconcileResult => ({ kind: 'backoff', reason }),
};

export interface Reconciler {
  /** Level-based and idempotent: may be called any number of times for the same key. Throws to retry with backoff. */
  reconcile(key: string): Promise<ReconcileResult>;
}

/**
 * Runs `workers` loops that take keys off the queue and reconcile them. A key is never
 * reconciled by two workers at once (the queue guarantees it), and a failure never stops a loop.
 */
export class Controller {
  private loops: Promise<void>[] = [];

  constructor(
    private readonly queue: WorkQueue,
    private readonly reconciler: Reconciler,
    private readonly workers: number,
    private readonly clock: Clock,
    private readonly metrics: OperatorMetrics,
    private readonly log: Logger,
  ) {}

  start(): void {
    for (let i = 0; i < this.workers; i++) this.loops.push(this.loop());
  }

  /** Drains: reconciles in progress finish, queued keys are dropped (the next leader relists). */
  async stop(): Promise<void> {
    await this.queue.shutDown();
    await Promise.all(this.loops);
    this.loops = [];
  }

  private async loop(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      const started = this.clock.now();
      try {
        const result = await this.reconciler.reconcile(key);
        const seconds = (this.clock.now() - started) / 1000;
        switch (result.kind) {
          case 'done':
            this.queue.forget(key);
            this.metrics.reconcileFinished('success', seconds);
            break;
          case 'requeueAfter':
            this.queue.forget(key);
            this.queue.addAfter(key, result.delayMs);
            this.metrics.reconcileFinished('requeue', seconds);
            break;
          case 'backoff':
            this.queue.addRateLimited(key);
            this.metrics.reconcileFinished('requeue', seconds);
            this.log.info('not converged; retrying with backoff', {
              key,
              reason: result.reason,
              failures: this.queue.failures(key),
            });
            break;
        }
      } catch (err) {
        this.queue.addRateLimited(key);
        this.metrics.reconcileFinished('error', (this.clock.now() - started) / 1000);
        this.log.warn('reconcile failed; retrying with backoff', {
          key,
          err,
          failures: this.queue.failures(key),
        });
      } finally {
        this.queue.done(key);
      }
    }
  }
}
