import type { Counter, Histogram, Meter } from '@opentelemetry/api';
import type { OperatorMetrics, ReconcileOutcome, WatchRestartCause } from './operator-metrics.js';

/** Seconds; reconciles wait on the API server and Kafka, so the buckets reach well past a second. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The operator's measurements as OpenTelemetry instruments, read by the Prometheus exporter on the
 * admin port; the names are the ones dashboards and alerts use (the exporter appends `_total` to
 * counters). Every reconcile outcome starts at 0, so rates exist before the first error.
 */
export class OpenTelemetryOperatorMetrics implements OperatorMetrics {
  private readonly reconciles: Counter;
  private readonly duration: Histogram;
  private readonly watchRestarts: Counter;
  private readonly apiRequests: Counter;
  private leader = false;
  private queueDepth: () => number = () => 0;
  private topicsManaged: () => number = () => 0;

  constructor(meter: Meter) {
    this.reconciles = meter.createCounter('cmf_operator_reconciles', {
      description: 'Reconciles of a ChatGateway by result.',
    });
    for (const result of ['success', 'requeue', 'error'] as const) this.reconciles.add(0, { result });
    this.duration = meter.createHistogram('cmf_operator_reconcile_duration_seconds', {
      description: 'Time one reconcile took.',
      unit: 's',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    });
    this.watchRestarts = meter.createCounter('cmf_operator_watch_restarts', {
      description: 'Watches started again, by kind and cause.',
    });
    this.apiRequests = meter.createCounter('cmf_operator_api_requests', {
      description: 'Requests sent to the API server, by verb and resource.',
    });
    meter
      .createObservableGauge('cmf_operator_queue_depth', {
        description: 'ChatGateways waiting to be reconciled.',
      })
      .addCallback((result) => {
        result.observe(this.queueDepth());
      });
    meter
      .createObservableGauge('cmf_operator_topics_managed', {
        description: 'Kafka topics the operator reconciles for its ChatGateways.',
      })
      .addCallback((result) => {
        result.observe(this.topicsManaged());
      });
    meter
      .createObservableGauge('cmf_operator_leader', {
        description: '1 while this replica holds the Lease and reconciles.',
      })
      .addCallback((result) => {
        result.observe(this.leader ? 1 : 0);
      });
  }

  reconcileFinished(result: ReconcileOutcome, seconds: number): void {
    this.reconciles.add(1, { result });
    this.duration.record(seconds);
  }

  watchRestarted(kind: string, cause: WatchRestartCause): void {
    this.watchRestarts.add(1, { kind, cause });
  }

  setLeader(leader: boolean): void {
    this.leader = leader;
  }

  apiRequest(verb: string, resource: string): void {
    this.apiRequests.add(1, { verb, resource });
  }

  observeQueueDepth(read: () => number): void {
    this.queueDepth = read;
  }

  observeTopicsManaged(read: () => number): void {
    this.topicsManaged = read;
  }
}
