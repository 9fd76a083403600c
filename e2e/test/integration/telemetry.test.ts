import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CmfClient, type ClientMessage } from '@cmf/gateway/client';
import { Telemetry } from '@cmf/gateway/telemetry';
import {
  AuthSidecarProcess,
  eventually,
  freePort,
  GatewayProcess,
  KafkaBroker,
  repoRoot,
} from '@cmf/test-harness';
import { MessengerProcess } from '../../src/messenger/testing/messenger-process.js';
import { OtlpReceiver, SpanKindNumber, type ReceivedSpan } from '../support/otlp-receiver.js';
import { MetricsText } from '../support/metrics-text.js';

// One trace from REST to WebSocket, through real processes: the messenger stand-in and the
// gateway export OTLP/HTTP JSON to a receiver in this test; a client on the SDK receives the frame.
// A second gateway exports to a closed port: delivery is unchanged, and the lost spans are counted.

const PREFIX = 'otel';
const SECRET = 'telemetry-test-secret-of-32-bytes-or-more';
const SERVICE_TOKEN = 'gateway-to-messenger-token-0123456789';
const ROOM = 'cr_traced';
const OTLP_JSON = { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_BSP_SCHEDULE_DELAY: '100' };

let broker: KafkaBroker;
let receiver: OtlpReceiver;
let messenger: MessengerProcess;
let gateway: GatewayProcess;
let producer: Producer;
let dir = '';
const clients: CmfClient[] = [];

function token(userId: string, rooms: readonly string[]): Promise<string> {
  return new SignJWT({ rooms: [...rooms] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setExpirationTime(Math.floor(Date.now() / 1000) + 600)
    .sign(new TextEncoder().encode(SECRET));
}

/** An SDK client that records every message it is handed. */
async function connect(url: string, userId: string, rooms: readonly string[]): Promise<ClientMessage[]> {
  const messages: ClientMessage[] = [];
  const client = new CmfClient({ url, token: await token(userId, rooms) });
  client.on('message', (m) => messages.push(m));
  clients.push(client);
  await client.connect();
  await client.subscribe(ROOM);
  return messages;
}

function spanOf(spans: readonly ReceivedSpan[], service: string, kind: number): ReceivedSpan | undefined {
  return spans.find((s) => s.resource['service.name'] === service && s.kind === kind);
}

beforeAll(async () => {
  broker = await KafkaBroker.start();
  const kafka = new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: ['messages', 'events', 'dlq', 'signals', 'receipts'].map((name) => ({
      topic: `${PREFIX}.${name}`,
      numPartitions: name === 'messages' ? 3 : 1,
    })),
    waitForLeaders: true,
  });
  await admin.disconnect();
  producer = kafka.producer();
  await producer.connect();
  receiver = await OtlpReceiver.start();
  dir = mkdtempSync(path.join(os.tmpdir(), 'cmf-telemetry-'));
  const tokenFile = path.join(dir, 'membership-token');
  writeFileSync(tokenFile, SERVICE_TOKEN);
  const seedFile = path.join(dir, 'seed.json');
  writeFileSync(seedFile, JSON.stringify({ rooms: [{ roomId: ROOM, members: ['alice', 'bob', 'carol'] }] }));
  messenger = await MessengerProcess.start({
    brokers: broker.bootstrap,
    topicPrefix: PREFIX,
    env: {
      CMF_MESSENGER_SERVICE_TOKEN_FILE: tokenFile,
      CMF_MESSENGER_SEED_FILE: seedFile,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      ...OTLP_JSON,
    },
  });
  gateway = await GatewayProcess.start({
    brokers: broker.bootstrap,
    topicPrefix: PREFIX,
    secret: SECRET,
    env: {
      CMF_POD_NAME: 'cmf-gateway-otel-0',
      CMF_POD_NAMESPACE: 'chat',
      CMF_MEMBERSHIP_URL: messenger.url,
      CMF_MEMBERSHIP_TOKEN_FILE: tokenFile,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      ...OTLP_JSON,
    },
  });
});

afterAll(async () => {
  for (const client of clients) client.close();
  await gateway.kill().catch(() => undefined);
  await messenger.kill().catch(() => undefined);
  await producer.disconnect().catch(() => undefined);
  await receiver.close();
  await broker.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('OpenTelemetry across the messenger, Kafka, the gateway and the client', () => {
  it('links the REST span, the Kafka produce, the consume and fan-out spans and the frame in one trace', async () => {
    // alice's token grants the room; bob's grants nothing, so the membership API decides for him.
    const alice = await connect(gateway.url, 'alice', [ROOM]);
    const bob = await connect(gateway.url, 'bob', []);
    const caller = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' };
    const posted = await messenger.request('POST', `/v1/rooms/${ROOM}/messages`, {
      token: await messenger.token('carol'),
      body: { content: 'traced' },
      headers: { traceparent: `00-${caller.traceId}-${caller.spanId}-01` },
    });
    expect(posted.status).toBe(201);
    const sent = posted.body as { messageId: string; partition: number; offset: string };
    await eventually('both clients to get the message', () =>
      Promise.resolve(alice.length === 1 && bob.length === 1),
    );
    const frameTrace = alice[0]?.traceparent;
    expect(bob[0]?.traceparent).toBe(frameTrace);

    await eventually('the four spans at the collector', () =>
      Promise.resolve(receiver.trace(caller.traceId).length >= 4),
    );
    const spans = receiver.trace(caller.traceId);
    const rest = spanOf(spans, 'cmf-messenger-standin', SpanKindNumber.Server);
    const produce = spanOf(spans, 'cmf-messenger-standin', SpanKindNumber.Producer);
    const consume = spanOf(spans, 'cmf-gateway', SpanKindNumber.Consumer);
    const fanOut = spanOf(spans, 'cmf-gateway', SpanKindNumber.Internal);
    expect(rest).toMatchObject({
      name: 'POST /v1/rooms/{room}/messages',
      parentSpanId: caller.spanId,
      attributes: { 'http.route': '/v1/rooms/{room}/messages', 'http.response.status_code': 201 },
    });
    expect(produce).toMatchObject({
      name: `send ${PREFIX}.messages`,
      parentSpanId: rest?.spanId,
      attributes: { 'messaging.system': 'kafka', 'messaging.message.id': sent.messageId },
    });
    expect(consume).toMatchObject({
      name: `process ${PREFIX}.messages`,
      parentSpanId: produce?.spanId,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.destination.name': `${PREFIX}.messages`,
        'messaging.destination.partition.id': String(sent.partition),
        'messaging.kafka.offset': Number(sent.offset),
        'messaging.message.id': sent.messageId,
      },
      resource: {
        'service.name': 'cmf-gateway',
        'k8s.pod.name': 'cmf-gateway-otel-0',
        'k8s.namespace.name': 'chat',
      },
    });
    expect(typeof consume?.resource['service.version']).toBe('string');
    expect(fanOut).toMatchObject({
      name: 'fan-out',
      parentSpanId: consume?.spanId,
      attributes: { 'cmf.fanout.recipients': 2 },
    });
    // The client continues the trace below the fan-out span.
    expect(frameTrace).toBe(`00-${caller.traceId}-${fanOut?.spanId ?? ''}-01`);
    // One span pair per message, not one per recipient.
    expect(spans.filter((s) => s.resource['service.name'] === 'cmf-gateway')).toHaveLength(2);
  });

  it('does no span work for a record whose trace is not sampled, and forwards its traceparent', async () => {
    const carol = await connect(gateway.url, 'carol', [ROOM]);
    const unsampled = { traceId: '11111111111111111111111111111111', spanId: '2222222222222222' };
    await producer.send({
      topic: `${PREFIX}.messages`,
      messages: [
        {
          key: ROOM,
          value: JSON.stringify({
            chatRoomId: ROOM,
            senderId: 'x',
            content: 'quiet',
            sentTimestamp: Date.now(),
          }),
          headers: {
            'message-id': 'm-unsampled',
            traceparent: `00-${unsampled.traceId}-${unsampled.spanId}-00`,
          },
        },
      ],
    });
    // A sampled message after it: once its spans arrive, any span of the first would have too.
    const sampled = { traceId: '33333333333333333333333333333333', spanId: '4444444444444444' };
    await producer.send({
      topic: `${PREFIX}.messages`,
      messages: [
        {
          key: ROOM,
          value: JSON.stringify({
            chatRoomId: ROOM,
            senderId: 'x',
            content: 'loud',
            sentTimestamp: Date.now(),
          }),
          headers: { 'message-id': 'm-sampled', traceparent: `00-${sampled.traceId}-${sampled.spanId}-01` },
        },
      ],
    });
    await eventually('both messages', () => Promise.resolve(carol.length === 2));
    expect(carol.map((m) => m.id)).toEqual(['m-unsampled', 'm-sampled']);
    expect(carol[0]?.traceparent).toBe(`00-${unsampled.traceId}-${unsampled.spanId}-00`);
    await eventually('the sampled message spans', () =>
      Promise.resolve(receiver.trace(sampled.traceId).length === 2),
    );
    expect(receiver.trace(unsampled.traceId)).toEqual([]);
  });

  it('exposes every gateway metric on /metrics with values that match the traffic', async () => {
    // Invalid records go to the DLQ.
    await producer.send({ topic: `${PREFIX}.messages`, messages: [{ key: ROOM, value: 'not json' }] });
    let metrics = MetricsText.parse('');
    await eventually('the DLQ record and zero lag on every partition', async () => {
      metrics = MetricsText.parse(await gateway.metrics());
      return (
        metrics.value('cmf_gateway_dlq_records_total') === 1 &&
        [0, 1, 2].every((p) => metrics.has(`cmf_gateway_consumer_lag{partition="${p}"}`)) &&
        metrics.sum('cmf_gateway_consumer_lag') === 0
      );
    });
    // 3 clients (alice, bob, carol), 3 valid messages, 2 + 3 + 3 deliveries.
    expect(metrics.value('cmf_gateway_connections')).toBe(3);
    expect(metrics.value('cmf_gateway_subscriptions')).toBe(3);
    expect(metrics.value('cmf_gateway_rooms')).toBe(1);
    expect(metrics.value('cmf_gateway_handshakes_total{result="accepted"}')).toBe(3);
    expect(metrics.value('cmf_gateway_messages_consumed_total')).toBe(3);
    expect(metrics.value('cmf_gateway_deliveries_total')).toBe(8);
    expect(metrics.value('cmf_gateway_delivery_latency_seconds_count')).toBe(3);
    expect(metrics.value('cmf_gateway_delivery_latency_seconds_bucket{le="+Inf"}')).toBe(3);
    expect(metrics.value('cmf_gateway_delivery_latency_seconds_sum')).toBeGreaterThan(0);
    expect(metrics.value('cmf_gateway_history_entries')).toBe(3);
    expect(metrics.value('cmf_gateway_history_bytes')).toBeGreaterThan(0);
    expect(metrics.value('cmf_gateway_slow_consumer_closes_total')).toBe(0);
    expect(metrics.has('cmf_gateway_slow_consumer_closes_total')).toBe(true);
    expect(metrics.value('cmf_gateway_ready')).toBe(1);
    // bob's subscription was decided by the membership API; nobody else needed it.
    expect(metrics.value('cmf_gateway_membership_rooms_total{source="check"}')).toBe(1);
    expect(metrics.value('cmf_gateway_membership_rooms_total{source="token"}')).toBe(2);
    expect(metrics.value('cmf_gateway_membership_cache_hits_total')).toBe(0);
    expect(metrics.value('cmf_gateway_membership_breaker_state{state="closed"}')).toBe(1);
    expect(metrics.value('cmf_gateway_membership_breaker_state{state="open"}')).toBe(0);
    // Four sampled spans exported (the first message's pair and the sampled record's pair).
    expect(metrics.value('cmf_gateway_spans_processed_total')).toBe(4);
    expect(metrics.value('cmf_gateway_span_queue_capacity')).toBe(2048);
    expect(metrics.typeOf('cmf_gateway_connections')).toBe('gauge');
    expect(metrics.typeOf('cmf_gateway_deliveries_total')).toBe('counter');
    expect(metrics.typeOf('cmf_gateway_delivery_latency_seconds')).toBe('histogram');
    expect(metrics.labelsOf('target_info')[0]).toContain('service_name="cmf-gateway"');

    // A second member's subscription is answered from the cache.
    await connect(gateway.url, 'bob', []);
    const after = MetricsText.parse(await gateway.metrics());
    expect(after.value('cmf_gateway_membership_cache_hits_total')).toBe(1);
    expect(after.value('cmf_gateway_connections')).toBe(4);
  });
});

/** Every `cmf_*` metric name a query of the chart's Grafana dashboard reads. */
function dashboardMetricNames(): Set<string> {
  const text = readFileSync(path.join(repoRoot, 'charts', 'cmf', 'dashboards', 'cmf-overview.json'), 'utf8');
  const queries: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if ((key === 'expr' || key === 'query' || key === 'definition') && typeof value === 'string') {
          queries.push(value);
        } else walk(value);
      }
    }
  };
  walk(JSON.parse(text));
  return new Set(queries.flatMap((q) => q.match(/\bcmf_[a-z0-9_]+/g) ?? []));
}

/** Whether a scraped page has the family a query name belongs to (histograms by their series). */
function exposes(page: MetricsText, name: string): boolean {
  if (page.typeOf(name) !== undefined) return true;
  const base = name.replace(/_(bucket|sum|count)$/, '');
  return base !== name && page.typeOf(base) === 'histogram';
}

/** The auth sidecar's metrics page, from a real process with no issuers (it refuses every token). */
async function sidecarMetrics(): Promise<MetricsText> {
  const issuers = path.join(dir, 'issuers.json');
  writeFileSync(issuers, '[]');
  const sidecar = await AuthSidecarProcess.start({ env: { CMF_SIDECAR_ISSUERS_FILE: issuers } });
  try {
    return MetricsText.parse(await sidecar.metrics());
  } finally {
    await sidecar.kill();
  }
}

describe('the Grafana dashboard', () => {
  it('queries only metrics the gateway, the auth sidecar and the operator expose', async () => {
    const names = dashboardMetricNames();
    expect(names.size).toBeGreaterThan(20);
    // The gateway after the traffic above: membership on, tracing on, messages delivered.
    const gatewayPage = MetricsText.parse(await gateway.metrics());
    const sidecarPage = await sidecarMetrics();
    const operatorAdmin = (await import(
      path.join(repoRoot, 'operator', 'dist', 'src', 'admin', 'index.js')
    )) as {
      OpenTelemetryOperatorMetrics: new (meter: unknown) => {
        reconcileFinished(result: string, seconds: number): void;
        watchRestarted(kind: string, cause: string): void;
      };
    };
    const operatorTelemetry = Telemetry.metricsOnly({
      service: { name: 'cmf-operator', version: 'test' },
      metricPrefix: 'cmf_operator',
    });
    // An operator that has reconciled and restarted a watch, as every running one soon has.
    const operatorMetrics = new operatorAdmin.OpenTelemetryOperatorMetrics(operatorTelemetry.meter);
    operatorMetrics.reconcileFinished('success', 0.1);
    operatorMetrics.watchRestarted('ChatGateway', 'timeout');
    const operatorPage = MetricsText.parse(await operatorTelemetry.metricsText());
    const missing = [...names].filter((name) => {
      const page = name.startsWith('cmf_gateway_')
        ? gatewayPage
        : name.startsWith('cmf_auth_')
          ? sidecarPage
          : operatorPage;
      return !exposes(page, name);
    });
    expect(missing).toEqual([]);
    // The HPA scales on this gauge: its name and type are a contract.
    expect(gatewayPage.typeOf('cmf_gateway_connections')).toBe('gauge');
  });
});

describe('a collector that is down', () => {
  let blind: GatewayProcess;
  let blindPrefix = '';

  beforeAll(async () => {
    blindPrefix = `${PREFIX}down`;
    const admin = new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({
      topics: ['messages', 'events', 'dlq', 'signals', 'receipts'].map((name) => ({
        topic: `${blindPrefix}.${name}`,
        numPartitions: 1,
      })),
      waitForLeaders: true,
    });
    await admin.disconnect();
    const closed = await freePort();
    blind = await GatewayProcess.start({
      brokers: broker.bootstrap,
      topicPrefix: blindPrefix,
      secret: SECRET,
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${closed}`,
        ...OTLP_JSON,
        OTEL_BSP_MAX_QUEUE_SIZE: '8',
        OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '4',
      },
    });
  });

  afterAll(async () => {
    await blind.kill().catch(() => undefined);
  });

  it('changes nothing for delivery; every lost span is counted and the queue stays bounded', async () => {
    const messages: ClientMessage[] = [];
    const client = new CmfClient({ url: blind.url, token: await token('dave', [ROOM]) });
    clients.push(client);
    client.on('message', (m) => messages.push(m));
    await client.connect();
    await client.subscribe(ROOM);
    const count = 40;
    await producer.send({
      topic: `${blindPrefix}.messages`,
      messages: Array.from({ length: count }, (_, i) => ({
        key: ROOM,
        value: JSON.stringify({
          chatRoomId: ROOM,
          senderId: 'x',
          content: `n${i}`,
          sentTimestamp: Date.now(),
        }),
        headers: {
          'message-id': `down-${i}`,
          traceparent: `00-${(i + 1).toString(16).padStart(32, 'a')}-${'b'.repeat(16)}-01`,
        },
      })),
    });
    await eventually('every message', () => Promise.resolve(messages.length === count));
    expect(messages.map((m) => m.data['content'])).toEqual(Array.from({ length: count }, (_, i) => `n${i}`));
    // Traced as usual: each frame names a fan-out span of its record's trace.
    messages.forEach((m, i) => {
      expect(m.traceparent?.split('-')[1]).toBe((i + 1).toString(16).padStart(32, 'a'));
    });
    // Two spans per message, none exported: each is dropped at the full queue or lost with a
    // failed export, and counted either way.
    let metrics = MetricsText.parse('');
    await eventually('every span accounted for', async () => {
      metrics = MetricsText.parse(await blind.metrics());
      const lost = metrics.sum('cmf_gateway_spans_processed_total', (labels) => labels !== '');
      return lost === 2 * count;
    });
    expect(metrics.value('cmf_gateway_spans_processed_total')).toBe(0);
    expect(metrics.value('cmf_gateway_span_queue_capacity')).toBe(8);
    expect(metrics.value('cmf_gateway_span_queue_size')).toBeLessThanOrEqual(8);
    expect(metrics.value('cmf_gateway_deliveries_total')).toBe(count);
    expect((await blind.readiness()).status).toBe(200);
  });
});
