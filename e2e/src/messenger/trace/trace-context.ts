import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import {
  defaultResource,
  detectResources,
  resourceAttributesEnvDetector,
  resourceFromAttributes,
  serviceNameEnvDetector,
} from '@opentelemetry/resources';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_SERVICE_NAME,
} from '@opentelemetry/semantic-conventions';
import type { KafkaRecord } from '../contract/kafka-record.js';
import type { RecordPosition, RecordSink } from '../kafka/record-sink.js';

/**
 * W3C trace context for one request, and every OpenTelemetry concern of the stand-in: the
 * REST request is a SERVER span (continuing the caller's traceparent, or starting a sampled
 * trace), each Kafka send a PRODUCER span under it whose context is what the record's
 * `traceparent` header carries, so the gateway's consumer span continues the same trace.
 */
export interface TraceContext {
  readonly traceId: string;
  /** The span of this request's work (the Kafka produce is its child in the record's header). */
  readonly spanId: string;
  /** The caller's span, when the request carried a valid traceparent. */
  readonly parentSpanId: string | undefined;
  readonly flags: string;
}

/** A request's SERVER span; `end` names it by route template and records the status. */
export interface RequestTrace extends TraceContext {
  end(route: string, status: number): void;
}

export const TRACEPARENT_HEADER = 'traceparent';
const SERVICE_NAME = 'cmf-messenger-standin';

// version-traceid-parentid-flags, lower-case hex, ids not all zero (the gateway's own rule).
const TRACEPARENT = /^([0-9a-f]{2})-((?!0{32})[0-9a-f]{32})-((?!0{16})[0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

// Until `startTracing` runs (unit tests, or no collector), spans get real ids and go nowhere.
let tracer: Tracer = new TracerProvider().getTracer(SERVICE_NAME);

/** Reads a traceparent header; anything malformed (or version ff) is treated as absent. */
export function parseTraceparent(
  value: string | undefined,
): { traceId: string; spanId: string; flags: string } | undefined {
  if (value === undefined) return undefined;
  const match = TRACEPARENT.exec(value.trim());
  if (match === null) return undefined;
  const [, version, traceId, spanId, flags, rest] = match;
  if (version === undefined || traceId === undefined || spanId === undefined || flags === undefined) {
    return undefined;
  }
  // Version 00 has exactly four fields; a later version may add fields after them.
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  return { traceId, spanId, flags };
}

export function formatTraceparent(context: Pick<TraceContext, 'traceId' | 'spanId' | 'flags'>): string {
  return `00-${context.traceId}-${context.spanId}-${context.flags}`;
}

function parentContext(traceparent: string | undefined): ReturnType<typeof trace.setSpanContext> {
  const parent = parseTraceparent(traceparent);
  if (parent === undefined) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: parent.traceId,
    spanId: parent.spanId,
    traceFlags: parseInt(parent.flags, 16),
    isRemote: true,
  });
}

function contextOf(span: Span, parentSpanId: string | undefined): TraceContext {
  const { traceId, spanId, traceFlags } = span.spanContext();
  return { traceId, spanId, parentSpanId, flags: traceFlags.toString(16).padStart(2, '0') };
}

/**
 * Starts the request's SERVER span: the caller's trace continues with a new span, an unsampled
 * caller stays unsampled, and a request without a valid traceparent starts a sampled trace.
 */
export function startRequestTrace(method: string, incoming: string | undefined): RequestTrace {
  const parentSpanId = parseTraceparent(incoming)?.spanId;
  const span = tracer.startSpan(
    method,
    { kind: SpanKind.SERVER, attributes: { [ATTR_HTTP_REQUEST_METHOD]: method } },
    parentContext(incoming),
  );
  return {
    ...contextOf(span, parentSpanId),
    end(route: string, status: number): void {
      span.updateName(`${method} ${route}`);
      span.setAttributes({ [ATTR_HTTP_ROUTE]: route, [ATTR_HTTP_RESPONSE_STATUS_CODE]: status });
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    },
  };
}

/**
 * Wraps the producer so every send is a PRODUCER span, child of the span named by the record's
 * `traceparent` header (the request's), and the record leaves carrying the send span's context.
 */
export function tracedRecordSink(sink: RecordSink): RecordSink {
  return {
    async send(topic: string, record: KafkaRecord): Promise<RecordPosition> {
      const span = tracer.startSpan(
        `send ${topic}`,
        {
          kind: SpanKind.PRODUCER,
          attributes: {
            'messaging.system': 'kafka',
            'messaging.operation.type': 'send',
            'messaging.operation.name': 'send',
            'messaging.destination.name': topic,
            'messaging.kafka.message.key': record.key,
            ...(record.headers['message-id'] === undefined
              ? {}
              : { 'messaging.message.id': record.headers['message-id'] }),
          },
        },
        parentContext(record.headers[TRACEPARENT_HEADER]),
      );
      const headers = {
        ...record.headers,
        [TRACEPARENT_HEADER]: formatTraceparent(contextOf(span, undefined)),
      };
      try {
        const position = await sink.send(topic, { ...record, headers });
        span.setAttributes({
          'messaging.destination.partition.id': String(position.partition),
          'messaging.kafka.offset': Number(position.offset),
        });
        return position;
      } catch (err) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
        throw err;
      } finally {
        span.end();
      }
    },
  };
}

/**
 * Starts the Node SDK when a collector is configured (an OTLP endpoint, or OTEL_TRACES_EXPORTER):
 * the exporter, its protocol, the batch queue and the sampler come from the standard OTEL_*
 * variables. Without a collector the stand-in keeps its local tracer: real ids, nothing exported.
 */
export function startTracing(env: Readonly<Record<string, string | undefined>>): {
  shutdown(): Promise<void>;
} {
  const exporter = env['OTEL_TRACES_EXPORTER']?.trim();
  const endpoint = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] ?? env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  const configured = exporter === undefined || exporter === '' ? endpoint !== undefined : exporter !== 'none';
  if (!configured || env['OTEL_SDK_DISABLED'] === 'true') return { shutdown: () => Promise.resolve() };
  const resource = defaultResource()
    .merge(
      resourceFromAttributes({
        [ATTR_SERVICE_NAME]: SERVICE_NAME,
        ...(env['CMF_POD_NAME'] === undefined ? {} : { 'k8s.pod.name': env['CMF_POD_NAME'] }),
        ...(env['CMF_POD_NAMESPACE'] === undefined ? {} : { 'k8s.namespace.name': env['CMF_POD_NAMESPACE'] }),
      }),
    )
    .merge(detectResources({ detectors: [resourceAttributesEnvDetector, serviceNameEnvDetector] }));
  const sdk = new NodeSDK({
    resource,
    autoDetectResources: false,
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [],
  });
  sdk.start();
  tracer = trace.getTracer(SERVICE_NAME);
  return { shutdown: () => sdk.shutdown() };
}
