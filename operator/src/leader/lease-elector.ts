import type { OperatorMetrics } from '../admin/index.js';
import { sleep, type Clock } from '../controller/clock.js';
import {
  collectionPath,
  CoreResources,
  isAlreadyExists,
  isConflict,
  isNotFound,
  objectPath,
  type KubeApi,
  type KubeObject,
} from '../kube/index.js';
import type { Logger } from '../log/index.js';

export interface LeaseElectorOptions {
  readonly namespace: string;
  readonly name: string;
  /** This replica's pod name: written as holderIdentity. */
  readonly identity: string;
  readonly leaseDurationMs: number;
  readonly renewDeadlineMs: number;
  readonly retryPeriodMs: number;
}

export interface LeadershipCallbacks {
  /** Starts the controllers; called once per term. */
  started(): void;
  /** Stops the controllers and resolves once they have stopped writing. */
  stopped(): Promise<void>;
}

interface LeaseSpec {
  readonly holderIdentity?: string | null;
  readonly leaseDurationSeconds?: number;
  readonly acquireTime?: string | null;
  readonly renewTime?: string | null;
  readonly leaseTransitions?: number;
}

function microTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/**
 * Leader election on a coordination.k8s.io/v1 Lease, as client-go does it: a standby takes over
 * only after the record has not changed for a lease duration as measured on its own clock (so
 * clock skew between nodes does not matter); the leader renews every retry period and stops
 * working when it could not renew for the renew deadline, which is shorter than the lease
 * duration, so it has stopped before anyone else may start. On graceful shutdown it releases
 * the Lease (empty holder) so a standby takes over at its next try instead of after expiry.
 */
export class LeaseElector {
  private readonly abort = new AbortController();
  private observedRecord = '';
  private observedAt = 0;
  private leading = false;
  private running: Promise<void> | undefined;

  constructor(
    private readonly api: KubeApi,
    private readonly options: LeaseElectorOptions,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly metrics: OperatorMetrics,
    private readonly wallClock: () => Date = () => new Date(),
  ) {}

  private isStopping(): boolean {
    return this.abort.signal.aborted;
  }

  get isLeader(): boolean {
    return this.leading;
  }

  /** Campaigns until `stop`; after a lost term, campaigns again. */
  run(callbacks: LeadershipCallbacks): void {
    this.running ??= this.loop(callbacks);
  }

  /** Stops the current term (if any) through `stopped`, then releases the Lease. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private get path(): string {
    return objectPath(CoreResources.lease, this.options.namespace, this.options.name);
  }

  private async loop(callbacks: LeadershipCallbacks): Promise<void> {
    const signal = this.abort.signal;
    const jitter = (): number => this.options.retryPeriodMs * (1 + Math.random() * 0.2);
    while (!this.isStopping()) {
      if (!(await this.tryAcquireOrRenew())) {
        await sleep(this.clock, jitter(), signal);
        continue;
      }
      this.leading = true;
      this.metrics.setLeader(true);
      this.log.info('became the leader', { lease: `${this.options.namespace}/${this.options.name}` });
      callbacks.started();
      let lastRenew = this.clock.now();
      let held = true;
      while (!this.isStopping()) {
        await sleep(this.clock, this.options.retryPeriodMs, signal);
        if (this.isStopping()) break;
        const left = this.options.renewDeadlineMs - (this.clock.now() - lastRenew);
        if (await this.withDeadline(this.tryAcquireOrRenew(), Math.max(left, 1))) {
          lastRenew = this.clock.now();
        } else if (this.clock.now() - lastRenew >= this.options.renewDeadlineMs) {
          held = false;
          this.log.warn('could not renew the lease within the renew deadline; stopping', {
            renewDeadlineMs: this.options.renewDeadlineMs,
          });
          break;
        }
      }
      this.leading = false;
      this.metrics.setLeader(false);
      await callbacks.stopped();
      if (this.isStopping() && held) await this.release();
    }
  }

  /** A renewal that has not answered by the deadline counts as failed. */
  private async withDeadline(attempt: Promise<boolean>, ms: number): Promise<boolean> {
    let cancel: () => void = () => undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      cancel = this.clock.setTimer(ms, () => {
        resolve(false);
      });
    });
    try {
      return await Promise.race([attempt, timedOut]);
    } finally {
      cancel();
    }
  }

  private spec(now: Date, previous: LeaseSpec | undefined): LeaseSpec {
    const ours = previous?.holderIdentity === this.options.identity;
    return {
      holderIdentity: this.options.identity,
      leaseDurationSeconds: Math.ceil(this.options.leaseDurationMs / 1000),
      acquireTime: ours ? (previous.acquireTime ?? microTime(now)) : microTime(now),
      renewTime: microTime(now),
      leaseTransitions: (previous?.leaseTransitions ?? 0) + (ours || previous === undefined ? 0 : 1),
    };
  }

  /** One attempt; false when someone else holds a live lease or the API server said no. */
  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = this.wallClock();
    try {
      let lease: KubeObject;
      try {
        lease = await this.api.get(this.path);
      } catch (err) {
        if (!isNotFound(err)) throw err;
        await this.api.create(collectionPath(CoreResources.lease, this.options.namespace), {
          apiVersion: CoreResources.lease.apiVersion,
          kind: CoreResources.lease.kind,
          metadata: { name: this.options.name, namespace: this.options.namespace },
          spec: this.spec(now, undefined),
        });
        return true;
      }
      const spec = (lease['spec'] ?? {}) as LeaseSpec;
      const record = JSON.stringify(spec);
      if (record !== this.observedRecord) {
        this.observedRecord = record;
        this.observedAt = this.clock.now();
      }
      const holder = spec.holderIdentity ?? '';
      const durationMs = (spec.leaseDurationSeconds ?? 0) * 1000;
      if (
        holder !== '' &&
        holder !== this.options.identity &&
        this.clock.now() < this.observedAt + durationMs
      ) {
        return false;
      }
      await this.api.replace(this.path, {
        apiVersion: CoreResources.lease.apiVersion,
        kind: CoreResources.lease.kind,
        metadata: { ...lease.metadata, resourceVersion: lease.metadata.resourceVersion },
        spec: this.spec(now, spec),
      });
      return true;
    } catch (err) {
      if (!isConflict(err) && !isAlreadyExists(err)) this.log.warn('lease attempt failed', { err });
      return false;
    }
  }

  /** Gives the Lease up so a standby need not wait for it to expire. Best effort. */
  private async release(): Promise<void> {
    try {
      const lease = await this.api.get(this.path);
      const spec = (lease['spec'] ?? {}) as LeaseSpec;
      if (spec.holderIdentity !== this.options.identity) return;
      const now = microTime(this.wallClock());
      await this.api.replace(this.path, {
        apiVersion: CoreResources.lease.apiVersion,
        kind: CoreResources.lease.kind,
        metadata: lease.metadata,
        spec: { ...spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: now, acquireTime: now },
      });
      this.log.info('released the lease');
    } catch (err) {
      this.log.warn('could not release the lease; a standby takes over when it expires', { err });
    }
  }
}
