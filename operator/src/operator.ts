import type { OperatorMetrics } from './admin/index.js';
import type { OperatorConfig } from './config/index.js';
import type { Clock } from './controller/clock.js';
import { Controller, type Reconciler } from './controller/controller.js';
import { defaultControllerRateLimiter } from './controller/rate-limiter.js';
import { Reflector } from './controller/reflector.js';
import { gatewayKey, ownerKey } from './controller/watch-sources.js';
import { WorkQueue } from './controller/work-queue.js';
import { collectionPath, type KubeApi, type KubeObject, type ResourceType } from './kube/index.js';
import { LeaseElector } from './leader/index.js';
import type { Logger } from './log/index.js';
import { ChatGatewayType, managedBySelector } from './reconcile/index.js';

export interface OperatorDependencies {
  readonly config: OperatorConfig;
  readonly api: KubeApi;
  readonly reconciler: Reconciler;
  readonly ownedKinds: readonly ResourceType[];
  readonly clock: Clock;
  readonly metrics: OperatorMetrics;
  readonly log: Logger;
}

/** One term of leadership: a queue, its workers, the watches feeding it and the resync timer. */
class ControllerRun {
  private readonly queue: WorkQueue;
  private readonly controller: Controller;
  private readonly reflectors: Reflector[] = [];
  private cancelResync: () => void = () => undefined;

  constructor(private readonly deps: OperatorDependencies) {
    const { config, clock, metrics, log, api } = deps;
    this.queue = new WorkQueue(clock, defaultControllerRateLimiter(clock));
    metrics.observeQueueDepth(() => this.queue.length);
    this.controller = new Controller(
      this.queue,
      deps.reconciler,
      config.watch.maxConcurrentReconciles,
      clock,
      metrics,
      log,
    );
    const namespaces: readonly (string | undefined)[] =
      config.watch.namespaces.length === 0 ? [undefined] : config.watch.namespaces;
    const enqueue =
      (toKey: (object: KubeObject) => string | undefined) =>
      (object: KubeObject): void => {
        const key = toKey(object);
        if (key !== undefined) this.queue.add(key);
      };
    for (const namespace of namespaces) {
      this.reflectors.push(
        new Reflector({
          api,
          path: collectionPath(ChatGatewayType, namespace),
          kind: ChatGatewayType.kind,
          onChange: enqueue(gatewayKey),
          clock,
          log,
          metrics,
        }),
      );
      for (const type of deps.ownedKinds) {
        this.reflectors.push(
          new Reflector({
            api,
            path: collectionPath(type, namespace),
            kind: type.kind,
            labelSelector: managedBySelector,
            onChange: enqueue(ownerKey),
            clock,
            log,
            metrics,
          }),
        );
      }
    }
  }

  start(): void {
    this.controller.start();
    for (const reflector of this.reflectors) reflector.start();
    this.scheduleResync();
  }

  /** Every ChatGateway again, for drift no watch reports (a topic deleted behind the operator's back). */
  private scheduleResync(): void {
    this.cancelResync = this.deps.clock.setTimer(this.deps.config.watch.resyncPeriodMs, () => {
      void this.resync().finally(() => {
        this.scheduleResync();
      });
    });
  }

  private async resync(): Promise<void> {
    const namespaces =
      this.deps.config.watch.namespaces.length === 0 ? [undefined] : this.deps.config.watch.namespaces;
    for (const namespace of namespaces) {
      try {
        const list = await this.deps.api.list(collectionPath(ChatGatewayType, namespace));
        for (const item of list.items) {
          const key = gatewayKey(item);
          if (key !== undefined) this.queue.add(key);
        }
      } catch (err) {
        this.deps.log.warn('resync could not list ChatGateways', { namespace, err });
      }
    }
  }

  async stop(): Promise<void> {
    this.cancelResync();
    await Promise.all(this.reflectors.map((reflector) => reflector.stop()));
    await this.controller.stop();
  }
}

/**
 * The operator's runtime: with leader election, controllers run only while this replica holds
 * the Lease (a new queue and fresh watches per term, so nothing stale carries over); without it,
 * they run from start to stop.
 */
export class Operator {
  private run: ControllerRun | undefined;
  private elector: LeaseElector | undefined;
  private started = false;

  constructor(private readonly deps: OperatorDependencies) {}

  get leading(): boolean {
    return this.run !== undefined;
  }

  /** Ready once started: a standby is as ready as the leader (it is healthy, just waiting). */
  get ready(): boolean {
    return this.started;
  }

  start(): void {
    const { config } = this.deps;
    this.started = true;
    if (!config.leader.elect) {
      this.startControllers();
      return;
    }
    this.elector = new LeaseElector(
      this.deps.api,
      {
        namespace: config.leader.leaseNamespace ?? '',
        name: config.leader.leaseName,
        identity: config.pod.name,
        leaseDurationMs: config.leader.leaseDurationMs,
        renewDeadlineMs: config.leader.renewDeadlineMs,
        retryPeriodMs: config.leader.retryPeriodMs,
      },
      this.deps.clock,
      this.deps.log.child({ component: 'leader' }),
      this.deps.metrics,
    );
    this.elector.run({
      started: () => {
        this.startControllers();
      },
      stopped: () => this.stopControllers(),
    });
  }

  /** Drains the controllers, then releases the Lease. */
  async stop(): Promise<void> {
    if (this.elector !== undefined) await this.elector.stop();
    else await this.stopControllers();
    this.started = false;
  }

  private startControllers(): void {
    this.deps.log.info('starting controllers', { namespaces: this.deps.config.watch.namespaces });
    this.deps.metrics.setLeader(true);
    this.run = new ControllerRun(this.deps);
    this.run.start();
  }

  private async stopControllers(): Promise<void> {
    const run = this.run;
    this.run = undefined;
    this.deps.metrics.setLeader(false);
    if (run === undefined) return;
    this.deps.log.info('stopping controllers');
    await run.stop();
  }
}
