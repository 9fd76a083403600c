import { SpanKind } from '@opentelemetry/api';
import {
  AlwaysOffSampler,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
  type Sampler,
} from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { isSampled, MessageTracing } from './message-tracing.js';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const PARENT = 'b7ad6b7169203331';

function tracing(sampler?: Sampler): { tracing: MessageTracing; exporter: InMemorySpanExporter } {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
    ...(sampler === undefined ? {} : { sampler }),
  });
  return { tracing: new MessageTracing(provider.getTracer('test'), 'p.messages', 'p.gateway.x'), exporter };
}

const record = (traceparent: string | undefined) => ({
  id: 'm-1',
  room: 'cr_1',
  partition: 2,
  offset: 41n,
  traceparent,
});

describe('isSampled', () => {
  it.each([
    ['01', true],
    ['00', false],
    ['03', true],
    ['0b', true],
    ['0a', false],
    ['ff', true],
  ])('reads flags %s as sampled=%s', (flags, sampled) => {
    expect(isSampled(`00-${TRACE}-${PARENT}-${flags}`)).toBe(sampled);
  });

  it('is false without a traceparent', () => {
    expect(isSampled(undefined)).toBe(false);
  });
});

describe('MessageTracing', () => {
  it('starts a consumer span under the producer and a fan-out span under it, ended with the recipients', () => {
    const { tracing: t, exporter } = tracing();
    const spans = t.begin(record(`00-${TRACE}-${PARENT}-01`));
    expect(spans).toBeDefined();
    spans?.end(7);
    const [fanOut, consumer] = exporter.getFinishedSpans();
    expect(consumer?.name).toBe('process p.messages');
    expect(consumer?.kind).toBe(SpanKind.CONSUMER);
    expect(consumer?.spanContext().traceId).toBe(TRACE);
    expect(consumer?.parentSpanContext?.spanId).toBe(PARENT);
    expect(consumer?.attributes).toEqual({
      'messaging.system': 'kafka',
      'messaging.operation.type': 'process',
      'messaging.operation.name': 'process',
      'messaging.destination.name': 'p.messages',
      'messaging.destination.partition.id': '2',
      'messaging.kafka.offset': 41,
      'messaging.kafka.message.key': 'cr_1',
      'messaging.message.id': 'm-1',
      'messaging.consumer.group.name': 'p.gateway.x',
    });
    expect(fanOut?.name).toBe('fan-out');
    expect(fanOut?.parentSpanContext?.spanId).toBe(consumer?.spanContext().spanId);
    expect(fanOut?.attributes['cmf.fanout.recipients']).toBe(7);
    expect(spans?.traceparent).toBe(`00-${TRACE}-${fanOut?.spanContext().spanId ?? ''}-01`);
  });

  it('does nothing for a record without trace context or with an unsampled one', () => {
    const { tracing: t, exporter } = tracing();
    expect(t.begin(record(undefined))).toBeUndefined();
    expect(t.begin(record(`00-${TRACE}-${PARENT}-00`))).toBeUndefined();
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it('leaves the frame to the producer context when the configured sampler records nothing', () => {
    const { tracing: t, exporter } = tracing(new AlwaysOffSampler());
    expect(t.begin(record(`00-${TRACE}-${PARENT}-01`))).toBeUndefined();
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
