import { ConfigError } from '../config/config-error.js';

/** The standard OpenTelemetry variables a CMF process reads (a plain map, so tests never touch the env). */
export type TelemetryEnv = Readonly<Record<string, string | undefined>>;

export const OtlpProtocol = { Json: 'http/json', Protobuf: 'http/protobuf' } as const;
export type OtlpProtocol = (typeof OtlpProtocol)[keyof typeof OtlpProtocol];

/** The span queue: bounded, so a collector that is slow or down costs memory up to a ceiling only. */
export interface SpanBatchSettings {
  readonly maxQueueSize: number;
  readonly maxExportBatchSize: number;
  readonly scheduledDelayMillis: number;
  readonly exportTimeoutMillis: number;
}

export interface TelemetrySettings {
  /** Undefined: no collector is configured and no span is ever started. */
  readonly traces: { readonly protocol: OtlpProtocol; readonly batch: SpanBatchSettings } | undefined;
}

const BATCH_DEFAULTS: SpanBatchSettings = {
  maxQueueSize: 2048,
  maxExportBatchSize: 512,
  scheduledDelayMillis: 5000,
  exportTimeoutMillis: 30_000,
};

const BATCH_VARIABLES: Readonly<Record<keyof SpanBatchSettings, string>> = {
  maxQueueSize: 'OTEL_BSP_MAX_QUEUE_SIZE',
  maxExportBatchSize: 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE',
  scheduledDelayMillis: 'OTEL_BSP_SCHEDULE_DELAY',
  exportTimeoutMillis: 'OTEL_BSP_EXPORT_TIMEOUT',
};

const SAMPLERS: ReadonlySet<string> = new Set([
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
]);

function value(env: TelemetryEnv, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
}

/**
 * Reads the OTEL_* variables the way the OpenTelemetry specification defines them, with one CMF
 * rule on top: tracing is on only when a collector is named (an OTLP endpoint, or
 * `OTEL_TRACES_EXPORTER=otlp` for the default localhost:4318). Without one, no span is started,
 * so an unconfigured pod pays nothing and never retries a collector that does not exist.
 * Every problem is reported at once, as a ConfigError (the process exits 2).
 */
export function readTelemetrySettings(env: TelemetryEnv): TelemetrySettings {
  const problems: string[] = [];
  if (value(env, 'OTEL_SDK_DISABLED')?.toLowerCase() === 'true') return { traces: undefined };
  const exporter = value(env, 'OTEL_TRACES_EXPORTER')?.toLowerCase();
  if (exporter !== undefined && exporter !== 'otlp' && exporter !== 'none') {
    problems.push(`OTEL_TRACES_EXPORTER=${exporter}: expected otlp or none`);
  }
  const sampler = value(env, 'OTEL_TRACES_SAMPLER');
  if (sampler !== undefined && !SAMPLERS.has(sampler)) {
    problems.push(`OTEL_TRACES_SAMPLER=${sampler}: expected one of ${[...SAMPLERS].join(', ')}`);
  }
  const endpoint =
    value(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') ?? value(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  const protocolVariable =
    value(env, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL') === undefined
      ? 'OTEL_EXPORTER_OTLP_PROTOCOL'
      : 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL';
  const protocol = value(env, protocolVariable) ?? OtlpProtocol.Protobuf;
  if (protocol !== OtlpProtocol.Json && protocol !== OtlpProtocol.Protobuf) {
    problems.push(
      `${protocolVariable}=${protocol}: expected http/protobuf or http/json (gRPC is not built in)`,
    );
  }
  const batch = { ...BATCH_DEFAULTS };
  for (const [field, name] of Object.entries(BATCH_VARIABLES) as [keyof SpanBatchSettings, string][]) {
    const raw = value(env, name);
    if (raw === undefined) continue;
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n <= 0) problems.push(`${name}=${raw}: expected a positive integer`);
    else batch[field] = n;
  }
  if (batch.maxExportBatchSize > batch.maxQueueSize) {
    problems.push(
      `OTEL_BSP_MAX_EXPORT_BATCH_SIZE=${batch.maxExportBatchSize} exceeds OTEL_BSP_MAX_QUEUE_SIZE=${batch.maxQueueSize}`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const enabled = exporter === 'otlp' || (exporter === undefined && endpoint !== undefined);
  return { traces: enabled ? { protocol: protocol as OtlpProtocol, batch } : undefined };
}
