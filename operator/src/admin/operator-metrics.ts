/**
 * Every measurement the operator takes, behind one interface: the Prometheus text below is the
 * only implementation today, and an OpenTelemetry one can replace it without touching callers.
 */
export interface OperatorMetrics {
  reconcileFinished(result: ReconcileOutcome, seconds: number): void;
  watchRestarted(kind: string, cause: WatchRestartCause): void;
  setLeader(leader: boolean): void;
  /** One request sent to the API server (`verb` as Kubernetes names it, `resource` its plural). */
  apiRequest(verb: string, resource: string): void;
  /** Sampled when scraped, so the owner of the number needs no timer. */
  observeQueueDepth(read: () => number): void;
  observeTopicsManaged(read: () => number): void;
}

export type ReconcileOutcome = 'success' | 'requeue' | 'error';
/** `timeout`: the server closed a healthy watch; `expired`: 410 Gone, relisted; `error`: anything else. */
export type WatchRestartCause = 'timeout' | 'expired' | 'error';

/** Seconds; reconciles wait on the API server and Kafka, so the buckets reach well past a second. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;

function labels(pairs: Readonly<Record<string, string>>): string {
  const text = Object.entries(pairs)
    .map(([name, value]) => `${name}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
    .join(',');
  return text === '' ? '' : `{${text}}`;
}

export class PrometheusOperatorMetrics implements OperatorMetrics {
  private readonly reconciles = new Map<ReconcileOutcome, number>();
  private readonly bucketCounts: number[] = DURATION_BUCKETS.map(() => 0);
  private durationSum = 0;
  private durationCount = 0;
  private readonly watchRestarts = new Map<string, number>();
  private readonly apiRequests = new Map<string, number>();
  private leader = false;
  private queueDepth: () => number = () => 0;
  private topicsManaged: () => number = () => 0;

  reconcileFinished(result: ReconcileOutcome, seconds: number): void {
    this.reconciles.set(result, (this.reconciles.get(result) ?? 0) + 1);
    DURATION_BUCKETS.forEach((bound, i) => {
      if (seconds <= bound) this.bucketCounts[i] = (this.bucketCounts[i] ?? 0) + 1;
    });
    this.durationSum += seconds;
    this.durationCount++;
  }

  watchRestarted(kind: string, cause: WatchRestartCause): void {
    const key = JSON.stringify([kind, cause]);
    this.watchRestarts.set(key, (this.watchRestarts.get(key) ?? 0) + 1);
  }

  setLeader(leader: boolean): void {
    this.leader = leader;
  }

  apiRequest(verb: string, resource: string): void {
    const key = JSON.stringify([verb, resource]);
    this.apiRequests.set(key, (this.apiRequests.get(key) ?? 0) + 1);
  }

  observeQueueDepth(read: () => number): void {
    this.queueDepth = read;
  }

  observeTopicsManaged(read: () => number): void {
    this.topicsManaged = read;
  }

  /** Prometheus text exposition format 0.0.4. */
  render(): string {
    const lines: string[] = [];
    const family = (name: string, type: string, help: string): void => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    };
    family('cmf_operator_reconciles_total', 'counter', 'Reconciles of a ChatGateway by result.');
    for (const result of ['success', 'requeue', 'error'] as const) {
      lines.push(`cmf_operator_reconciles_total${labels({ result })} ${this.reconciles.get(result) ?? 0}`);
    }
    family('cmf_operator_reconcile_duration_seconds', 'histogram', 'Time one reconcile took.');
    DURATION_BUCKETS.forEach((bound, i) => {
      lines.push(
        `cmf_operator_reconcile_duration_seconds_bucket${labels({ le: String(bound) })} ${this.bucketCounts[i] ?? 0}`,
      );
    });
    lines.push(
      `cmf_operator_reconcile_duration_seconds_bucket${labels({ le: '+Inf' })} ${this.durationCount}`,
    );
    lines.push(`cmf_operator_reconcile_duration_seconds_sum ${this.durationSum}`);
    lines.push(`cmf_operator_reconcile_duration_seconds_count ${this.durationCount}`);
    family('cmf_operator_queue_depth', 'gauge', 'ChatGateways waiting to be reconciled.');
    lines.push(`cmf_operator_queue_depth ${this.queueDepth()}`);
    family(
      'cmf_operator_topics_managed',
      'gauge',
      'Kafka topics in the status of the ChatGateways reconciled.',
    );
    lines.push(`cmf_operator_topics_managed ${this.topicsManaged()}`);
    family('cmf_operator_leader', 'gauge', '1 while this replica holds the Lease and reconciles.');
    lines.push(`cmf_operator_leader ${this.leader ? 1 : 0}`);
    family('cmf_operator_watch_restarts_total', 'counter', 'Watches started again, by kind and cause.');
    for (const [key, count] of [...this.watchRestarts].sort()) {
      const [kind = '', cause = ''] = JSON.parse(key) as string[];
      lines.push(`cmf_operator_watch_restarts_total${labels({ kind, cause })} ${count}`);
    }
    family(
      'cmf_operator_api_requests_total',
      'counter',
      'Requests sent to the Kubernetes API server, by verb and resource (plural[/subresource]).',
    );
    for (const [key, count] of [...this.apiRequests].sort()) {
      const [verb = '', resource = ''] = JSON.parse(key) as string[];
      lines.push(`cmf_operator_api_requests_total${labels({ verb, resource })} ${count}`);
    }
    return lines.join('\n') + '\n';
  }
}

/** For tests that do not look at metrics. */
export const nullMetrics: OperatorMetrics = {
  reconcileFinished: () => undefined,
  watchRestarted: () => undefined,
  setLeader: () => undefined,
  apiRequest: () => undefined,
  observeQueueDepth: () => undefined,
  observeTopicsManaged: () => undefined,
};
