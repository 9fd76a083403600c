import type { Attributes, Histogram, Meter, ObservableResult } from '@opentelemetry/api';
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
  /** Restarts of the messages consumer after crashes (a counter: it only grows). */
  consumerRestarts(): number;
}

/** Per partition: records between the replica's position and the end of the partition. */
export type ConsumerLagSource = () => Promise<ReadonlyMap<number, number>>;

export interface GatewayCounters {
  readonly server: GatewayServerCounters;
  readonly router: RouterCounters;
  readonly pipeline: PipelineCounters;
  dlqRecords: number;
}

export function newCounters(): GatewayCounters {
  return {
    server: { handshakes: {}, slowConsumerCloses: 0, rateLimited: 0, badFrames: 0 },
    router: { subscribes: 0, subscribeRefusals: 0, recoveries: 0, recoveryMisses: 0 },
    pipeline: { consumed: 0, duplicates: 0, deliveries: 0, latencyMsTotal: 0, latencySamples: 0 },
    dlqRecords: 0,
  };
}

/**
 * Delivery latency buckets (seconds): a healthy replica delivers within milliseconds of the
 * produce; the upper buckets show consumer lag and warm-up, where the record is older than a second.
 */
export const DELIVERY_LATENCY_BUCKETS: readonly number[] = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];

type Samples = readonly (readonly [Attributes, number])[];

/**
 * The gateway's metrics as OpenTelemetry instruments, exposed by the Prometheus exporter on the
 * admin port. The hot path keeps incrementing plain counters (GatewayCounters and the membership
 * counters); the instruments here are observable and read them only at scrape time, so a
 * delivery costs one integer increment, not an attribute lookup. Counter names are given without
 * `_total`: the exporter appends it, giving the names the dashboards and alerts have always used.
 */
export function registerGatewayMetrics(
  meter: Meter,
  counters: GatewayCounters,
  gauges: GatewayGauges,
  membership?: MembershipMetricsView,
  lag?: ConsumerLagSource,
): void {
  const gauge = (name: string, description: string, read: () => Samples | number): void => {
    meter.createObservableGauge(name, { description }).addCallback((result) => {
      observe(result, read());
    });
  };
  const counter = (name: string, description: string, read: () => Samples | number): void => {
    meter.createObservableCounter(name, { description }).addCallback((result) => {
      observe(result, read());
    });
  };
  gauge('cmf_gateway_connections', 'Open WebSocket connections.', () => gauges.connections());
  gauge('cmf_gateway_subscriptions', 'Room subscriptions across connections.', () => gauges.subscriptions());
  gauge('cmf_gateway_rooms', 'Rooms with at least one subscriber.', () => gauges.rooms());
  counter('cmf_gateway_handshakes', 'WebSocket handshakes by result.', () =>
    Object.entries(counters.server.handshakes).map(([result, n]) => [{ result }, n] as const),
  );
  counter(
    'cmf_gateway_messages_consumed',
    'Valid records read from the messages topic.',
    () => counters.pipeline.consumed,
  );
  counter(
    'cmf_gateway_messages_duplicate',
    'Records dropped as repeated message ids.',
    () => counters.pipeline.duplicates,
  );
  counter('cmf_gateway_deliveries', 'Message frames written to sockets.', () => counters.pipeline.deliveries);
  counter('cmf_gateway_dlq_records', 'Records sent to the DLQ.', () => counters.dlqRecords);
  counter(
    'cmf_gateway_slow_consumer_closes',
    'Connections closed as slow consumers.',
    () => counters.server.slowConsumerCloses,
  );
  counter(
    'cmf_gateway_rate_limited',
    'Client frames refused by the rate limit.',
    () => counters.server.rateLimited,
  );
  counter('cmf_gateway_bad_frames', 'Client frames that failed to decode.', () => counters.server.badFrames);
  counter('cmf_gateway_recoveries', 'Subscriptions with since, by outcome.', () => [
    [{ recovered: 'true' }, counters.router.recoveries],
    [{ recovered: 'false' }, counters.router.recoveryMisses],
  ]);
  gauge('cmf_gateway_history_entries', 'Messages held for recovery.', () => gauges.historyEntries());
  gauge('cmf_gateway_history_bytes', 'Bytes held for recovery.', () => gauges.historyBytes());
  counter('cmf_gateway_consumer_restarts', 'Kafka consumer restarts after crashes.', () =>
    gauges.consumerRestarts(),
  );
  gauge('cmf_gateway_ready', '1 when the replica serves (history warm, not draining).', () =>
    gauges.ready() ? 1 : 0,
  );
  if (lag !== undefined) {
    meter
      .createObservableGauge('cmf_gateway_consumer_lag', {
        description: 'Records of the messages topic not yet read by this replica, per partition.',
      })
      .addCallback(async (result) => {
        for (const [partition, records] of await lag())
          result.observe(records, { partition: String(partition) });
      });
  }
  if (membership !== undefined) registerMembership(gauge, counter, membership);
}

/** The one synchronous instrument, recorded by the pipeline once per message delivered. */
export function createDeliveryLatencyHistogram(meter: Meter): Histogram {
  return meter.createHistogram('cmf_gateway_delivery_latency_seconds', {
    description: 'Kafka record timestamp to socket write, per message delivered to at least one socket.',
    unit: 's',
    advice: { explicitBucketBoundaries: [...DELIVERY_LATENCY_BUCKETS] },
  });
}

function observe(result: ObservableResult, value: Samples | number): void {
  if (typeof value === 'number') result.observe(value);
  else for (const [attributes, n] of value) result.observe(n, attributes);
}

type Register = (name: string, description: string, read: () => Samples | number) => void;

function registerMembership(gauge: Register, counter: Register, view: MembershipMetricsView): void {
  const a = view.authorizer;
  counter('cmf_gateway_membership_rooms', 'Rooms authorized, by how the decision was made.', () => [
    [{ source: 'token' }, a.tokenGrants],
    [{ source: 'cache' }, a.cacheHits],
    [{ source: 'check' }, a.answered],
    [{ source: 'stale' }, a.staleServed],
    [{ source: 'unavailable' }, a.unavailable],
  ]);
  counter(
    'cmf_gateway_membership_cache_hits',
    'Rooms decided from a fresh cached decision.',
    () => a.cacheHits,
  );
  counter('cmf_gateway_membership_cache_misses', 'Rooms with no fresh cached decision.', () => a.cacheMisses);
  gauge('cmf_gateway_membership_cache_entries', 'Membership decisions cached.', () => view.cacheEntries());
  // Started checks and their failures; a check in flight has no result yet, so none is derived.
  counter('cmf_gateway_membership_checks', 'Batched membership checks started.', () => a.checks);
  counter('cmf_gateway_membership_check_failures', 'Membership checks that failed, by kind.', () => [
    [{ kind: 'unavailable' }, a.checkFailures],
    [{ kind: 'error' }, a.checkErrors],
    [{ kind: 'short_circuit' }, a.shortCircuits],
  ]);
  gauge('cmf_gateway_membership_breaker_state', '1 for the state the membership circuit breaker is in.', () =>
    BREAKER_STATES.map((state) => [{ state }, view.breakerState() === state ? 1 : 0] as const),
  );
  counter(
    'cmf_gateway_membership_breaker_opened',
    'Times the membership breaker opened.',
    () => a.breakerOpened,
  );
  counter('cmf_gateway_membership_events', 'Membership events read, by outcome.', () => [
    [{ result: 'applied' }, view.events.applied],
    [{ result: 'invalid' }, Object.values(view.events.skipped).reduce((sum, n) => sum + n, 0)],
    [{ result: 'handler_error' }, view.events.handlerErrors],
  ]);
  counter('cmf_gateway_membership_revocations', 'Access ended by membership events.', () => [
    [{ kind: 'subscription' }, view.applier.revokedSubscriptions],
    [{ kind: 'ban' }, view.applier.bans],
  ]);
}
