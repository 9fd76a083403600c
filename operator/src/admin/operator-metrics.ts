/**
 * Every measurement the operator takes, behind one interface: OpenTelemetryOperatorMetrics is the
 * implementation the process uses (its /metrics), nullMetrics the one for tests.
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

/** Measures nothing: for tests and tools that build an operator without an admin port. */
export const nullMetrics: OperatorMetrics = {
  reconcileFinished: () => undefined,
  watchRestarted: () => undefined,
  setLeader: () => undefined,
  apiRequest: () => undefined,
  observeQueueDepth: () => undefined,
  observeTopicsManaged: () => undefined,
};
