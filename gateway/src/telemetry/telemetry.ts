import { trace, type Meter, type Tracer } from '@opentelemetry/api';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import {
  createAllowListAttributesProcessor,
  MeterProvider,
  type ViewOptions,
} from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace';
import { serviceResource, type ServiceIdentity } from './service-resource.js';
import { otlpSpanExporter } from './span-exporter.js';
import { readTelemetrySettings, type TelemetryEnv, type TelemetrySettings } from './telemetry-settings.js';

export interface TelemetryOptions {
  readonly service: ServiceIdentity;
  /** Prefix of the process's own metrics (`cmf_gateway`, `cmf_auth`); the span queue's metrics get it too. */
  readonly metricPrefix: string;
  /** The OTEL_* variables (process.env in main). */
  readonly env: TelemetryEnv;
}

/** How long a stop waits for the last spans; a collector that is down must not hold a drain. */
const SHUTDOWN_WAIT_MS = 2000;

// The batch span processor's own counters (OpenTelemetry SDK self-observability), renamed into the
// process's prefix so dashboards and alerts see `<prefix>_spans_processed_total{error_type}`:
// error_type is absent for exported spans, `queue_full` for spans dropped at the bounded queue,
// and the export error's name for spans a failed export lost.
function spanQueueViews(prefix: string): ViewOptions[] {
  const meterName = '@opentelemetry/sdk-trace';
  return [
    {
      meterName,
      instrumentName: 'otel.sdk.processor.span.processed',
      name: `${prefix}_spans_processed`,
      description: 'Sampled spans the export queue finished with; error_type set: the span was lost.',
      attributesProcessors: [createAllowListAttributesProcessor(['error.type'])],
    },
    {
      meterName,
      instrumentName: 'otel.sdk.processor.span.queue.size',
      name: `${prefix}_span_queue_size`,
      description: 'Spans waiting for export.',
      attributesProcessors: [createAllowListAttributesProcessor([])],
    },
    {
      meterName,
      instrumentName: 'otel.sdk.processor.span.queue.capacity',
      name: `${prefix}_span_queue_capacity`,
      description: 'Spans the export queue holds before it drops new ones.',
      attributesProcessors: [createAllowListAttributesProcessor([])],
    },
  ];
}

/**
 * One process's OpenTelemetry: a MeterProvider read by the Prometheus exporter (served on the
 * existing admin `/metrics`, not on a port of its own), and, when a collector is configured,
 * the Node SDK's tracer provider exporting OTLP through a bounded batch queue. Telemetry never
 * breaks the host: export failures are counted, not thrown, and the queue drops instead of growing.
 */
export class Telemetry {
  private constructor(
    readonly meter: Meter,
    /** Undefined when tracing is off: callers skip every span. */
    readonly tracer: Tracer | undefined,
    private readonly meterProvider: MeterProvider,
    private readonly reader: PrometheusExporter,
    private readonly sdk: NodeSDK | undefined,
  ) {}

  /**
   * Reads the OTEL_* variables (throws ConfigError when they are wrong) and, when tracing is on,
   * registers the SDK globally (tracer provider, W3C propagator, context manager): once per process.
   */
  static start(options: TelemetryOptions): Telemetry {
    return Telemetry.build(options, readTelemetrySettings(options.env));
  }

  /** Metrics only, never touching global state: for a component built inside a test process. */
  static metricsOnly(options: Omit<TelemetryOptions, 'env'>): Telemetry {
    return Telemetry.build({ ...options, env: {} }, { traces: undefined });
  }

  private static build(options: TelemetryOptions, settings: TelemetrySettings): Telemetry {
    const resource = serviceResource(options.service);
    const reader = new PrometheusExporter({ preventServerStart: true, withoutScopeInfo: true });
    const meterProvider = new MeterProvider({
      resource,
      readers: [reader],
      views: spanQueueViews(options.metricPrefix),
    });
    const meter = meterProvider.getMeter(options.service.name, options.service.version);
    if (settings.traces === undefined) {
      return new Telemetry(meter, undefined, meterProvider, reader, undefined);
    }
    const processor = new BatchSpanProcessor({
      exporter: otlpSpanExporter(settings.traces.protocol),
      ...settings.traces.batch,
      selfObsMeterProvider: meterProvider,
    });
    const sdk = new NodeSDK({
      resource,
      autoDetectResources: false,
      spanProcessors: [processor],
      metricReaders: [],
      logRecordProcessors: [],
      instrumentations: [],
    });
    sdk.start();
    const tracer = trace.getTracer(options.service.name, options.service.version);
    return new Telemetry(meter, tracer, meterProvider, reader, sdk);
  }

  private readonly serializer = new PrometheusSerializer(undefined, false, undefined, false, true);

  /** The Prometheus text exposition of every metric, collected now. */
  async metricsText(): Promise<string> {
    const { resourceMetrics } = await this.reader.collect();
    return this.serializer.serialize(resourceMetrics);
  }

  /** Flushes what it can within a short bound, then stops exporting. */
  async shutdown(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_WAIT_MS)));
    await Promise.race([Promise.allSettled([this.sdk?.shutdown(), this.meterProvider.shutdown()]), bound]);
    clearTimeout(timer);
  }
}
