import type { GatewayServerCounters } from './server/index.js';
import type { PipelineCounters } from './pipeline/index.js';
import type { RouterCounters } from './server/index.js';
import type {
  BreakerState,
  MembershipCounters,
  MembershipEventApplierCounters,
  MembershipEventsCounters,
} from './membership/index.js';

/** What /metrics shows of room membership, when it is enabled. */
export interface MembershipMetricsView {
  readonly authorizer: MembershipCounters;
  readonly events: MembershipEventsCounters;
  readonly applier: MembershipEventApplierCounters;
  breakerState(): BreakerState;
  cacheEntries(): number;
}

const BREAKER_STATES: readonly BreakerState[] = ['closed', 'halfOpen', 'open'];

export interface GatewayGauges {
  connections(): number;
  subscriptions(): number;
  rooms(): number;
  historyEntries(): number;
  historyBytes(): number;
  ready(): boolean;
}

export interface GatewayCounters {
  readonly server: GatewayServerCounters;
  readonly router: RouterCounters;
  readonly pipeline: PipelineCounters;
  dlqRecords: number;
  consumerRestarts: number;
}

export function newCounters(): GatewayCounters {
  return {
    server: { handshakes: {}, slowConsumerCloses: 0, rateLimited: 0, badFrames: 0 },
    router: { subscribes: 0, subscribeRefusals: 0, recoveries: 0, recoveryMisses: 0 },
    pipeline: { consumed: 0, duplicates: 0, deliveries: 0, latencyMsTotal: 0, latencySamples: 0 },
    dlqRecords: 0,
    consumerRestarts: 0,
  };
}

/**
 * Prometheus text exposition of the gateway's counters and gauges. A stop-gap with stable names
 * until the OpenTelemetry exporter takes over; names follow Prometheus conventions already.
 */
export function renderMetrics(
  counters: GatewayCounters,
  gauges: GatewayGauges,
  membership?: MembershipMetricsView,
): string {
  const lines: string[] = [];
  const metric = (
    name: string,
    type: 'counter' | 'gauge',
    help: string,
    samples: [string, number][],
  ): void => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
  };
  metric('cmf_gateway_connections', 'gauge', 'Open WebSocket connections.', [['', gauges.connections()]]);
  metric('cmf_gateway_subscriptions', 'gauge', 'Room subscriptions across connections.', [
    ['', gauges.subscriptions()],
  ]);
  metric('cmf_gateway_rooms', 'gauge', 'Rooms with at least one subscriber.', [['', gauges.rooms()]]);
  metric(
    'cmf_gateway_handshakes_total',
    'counter',
    'WebSocket handshakes by result.',
    Object.entries(counters.server.handshakes).map(([result, n]) => [`{result="${result}"}`, n]),
  );
  metric('cmf_gateway_messages_consumed_total', 'counter', 'Valid records read from the messages topic.', [
    ['', counters.pipeline.consumed],
  ]);
  metric('cmf_gateway_messages_duplicate_total', 'counter', 'Records dropped as repeated message ids.', [
    ['', counters.pipeline.duplicates],
  ]);
  metric('cmf_gateway_deliveries_total', 'counter', 'Message frames written to sockets.', [
    ['', counters.pipeline.deliveries],
  ]);
  metric('cmf_gateway_dlq_records_total', 'counter', 'Records sent to the DLQ.', [['', counters.dlqRecords]]);
  metric('cmf_gateway_slow_consumer_closes_total', 'counter', 'Connections closed as slow consumers.', [
    ['', counters.server.slowConsumerCloses],
  ]);
  metric('cmf_gateway_rate_limited_total', 'counter', 'Client frames refused by the rate limit.', [
    ['', counters.server.rateLimited],
  ]);
  metric('cmf_gateway_bad_frames_total', 'counter', 'Client frames that failed to decode.', [
    ['', counters.server.badFrames],
  ]);
  metric('cmf_gateway_recoveries_total', 'counter', 'Subscriptions with since, by outcome.', [
    ['{recovered="true"}', counters.router.recoveries],
    ['{recovered="false"}', counters.router.recoveryMisses],
  ]);
  metric('cmf_gateway_history_entries', 'gauge', 'Messages held for recovery.', [
    ['', gauges.historyEntries()],
  ]);
  metric('cmf_gateway_history_bytes', 'gauge', 'Bytes held for recovery.', [['', gauges.historyBytes()]]);
  metric('cmf_gateway_consumer_restarts_total', 'counter', 'Kafka consumer restarts after crashes.', [
    ['', counters.consumerRestarts],
  ]);
  metric('cmf_gateway_ready', 'gauge', '1 when the replica serves (history warm, not draining).', [
    ['', gauges.ready() ? 1 : 0],
  ]);
  if (membership !== undefined) renderMembership(metric, membership);
  return lines.join('\n') + '\n';
}

type MetricWriter = (
  name: string,
  type: 'counter' | 'gauge',
  help: string,
  samples: [string, number][],
) => void;

function renderMembership(metric: MetricWriter, view: MembershipMetricsView): void {
  const a = view.authorizer;
  metric('cmf_gateway_membership_rooms_total', 'counter', 'Rooms authorized, by how the decision was made.', [
    ['{source="token"}', a.tokenGrants],
    ['{source="cache"}', a.cacheHits],
    ['{source="check"}', a.answered],
    ['{source="stale"}', a.staleServed],
    ['{source="unavailable"}', a.unavailable],
  ]);
  metric(
    'cmf_gateway_membership_cache_hits_total',
    'counter',
    'Rooms decided from a fresh cached decision.',
    [['', a.cacheHits]],
  );
  metric('cmf_gateway_membership_cache_misses_total', 'counter', 'Rooms with no fresh cached decision.', [
    ['', a.cacheMisses],
  ]);
  metric('cmf_gateway_membership_cache_entries', 'gauge', 'Membership decisions cached.', [
    ['', view.cacheEntries()],
  ]);
  // Started checks and their failures; a check in flight has no result yet, so none is derived.
  metric('cmf_gateway_membership_checks_total', 'counter', 'Batched membership checks started.', [
    ['', a.checks],
  ]);
  metric(
    'cmf_gateway_membership_check_failures_total',
    'counter',
    'Membership checks that failed, by kind.',
    [
      ['{kind="unavailable"}', a.checkFailures],
      ['{kind="error"}', a.checkErrors],
      ['{kind="short_circuit"}', a.shortCircuits],
    ],
  );
  metric(
    'cmf_gateway_membership_breaker_state',
    'gauge',
    '1 for the state the membership circuit breaker is in.',
    BREAKER_STATES.map((state) => [`{state="${state}"}`, view.breakerState() === state ? 1 : 0]),
  );
  metric('cmf_gateway_membership_breaker_opened_total', 'counter', 'Times the membership breaker opened.', [
    ['', a.breakerOpened],
  ]);
  const skipped = Object.values(view.events.skipped).reduce((sum, n) => sum + n, 0);
  metric('cmf_gateway_membership_events_total', 'counter', 'Membership events read, by outcome.', [
    ['{result="applied"}', view.events.applied],
    ['{result="invalid"}', skipped],
    ['{result="handler_error"}', view.events.handlerErrors],
  ]);
  metric('cmf_gateway_membership_revocations_total', 'counter', 'Access ended by membership events.', [
    ['{kind="subscription"}', view.applier.revokedSubscriptions],
    ['{kind="ban"}', view.applier.bans],
  ]);
}
