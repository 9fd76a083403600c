import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error.js';
import { readTelemetrySettings } from './telemetry-settings.js';

describe('readTelemetrySettings', () => {
  it('leaves tracing off when no collector is named', () => {
    expect(readTelemetrySettings({})).toEqual({ traces: undefined });
    expect(readTelemetrySettings({ OTEL_TRACES_SAMPLER: 'always_on' })).toEqual({ traces: undefined });
  });

  it('turns tracing on for an endpoint, with protobuf and the specification defaults', () => {
    expect(readTelemetrySettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toEqual({
      traces: {
        protocol: 'http/protobuf',
        batch: {
          maxQueueSize: 2048,
          maxExportBatchSize: 512,
          scheduledDelayMillis: 5000,
          exportTimeoutMillis: 30_000,
        },
      },
    });
  });

  it('reads the traces-specific protocol first, and the batch queue bounds', () => {
    const settings = readTelemetrySettings({
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
      OTEL_BSP_MAX_QUEUE_SIZE: '100',
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '10',
    });
    expect(settings.traces?.protocol).toBe('http/json');
    expect(settings.traces?.batch).toMatchObject({ maxQueueSize: 100, maxExportBatchSize: 10 });
  });

  it('honours OTEL_TRACES_EXPORTER=otlp (default endpoint) and none, and OTEL_SDK_DISABLED', () => {
    expect(readTelemetrySettings({ OTEL_TRACES_EXPORTER: 'otlp' }).traces).toBeDefined();
    expect(
      readTelemetrySettings({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' })
        .traces,
    ).toBeUndefined();
    expect(
      readTelemetrySettings({ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' })
        .traces,
    ).toBeUndefined();
  });

  it('reports every wrong variable at once', () => {
    let error: unknown;
    try {
      readTelemetrySettings({
        OTEL_TRACES_EXPORTER: 'zipkin',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_TRACES_SAMPLER: 'sometimes',
        OTEL_BSP_MAX_QUEUE_SIZE: '-1',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'OTEL_TRACES_EXPORTER=zipkin: expected otlp or none',
      expect.stringContaining('OTEL_TRACES_SAMPLER=sometimes: expected one of always_on'),
      'OTEL_EXPORTER_OTLP_PROTOCOL=grpc: expected http/protobuf or http/json (gRPC is not built in)',
      'OTEL_BSP_MAX_QUEUE_SIZE=-1: expected a positive integer',
    ]);
  });

  it('refuses an export batch larger than the queue', () => {
    expect(() =>
      readTelemetrySettings({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
        OTEL_BSP_MAX_QUEUE_SIZE: '8',
        OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '16',
      }),
    ).toThrow('OTEL_BSP_MAX_EXPORT_BATCH_SIZE=16 exceeds OTEL_BSP_MAX_QUEUE_SIZE=8');
  });
});
