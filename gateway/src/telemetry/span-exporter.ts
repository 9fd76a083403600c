import { OTLPTraceExporter as OtlpJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { OtlpProtocol } from './telemetry-settings.js';

/**
 * The OTLP/HTTP span exporter for the configured protocol. Endpoint, headers, timeout and
 * compression are read by the exporter itself from the standard OTEL_EXPORTER_OTLP_* variables.
 */
export function otlpSpanExporter(protocol: OtlpProtocol): SpanExporter {
  return protocol === OtlpProtocol.Json ? new OtlpJsonTraceExporter() : new OtlpProtobufTraceExporter();
}
