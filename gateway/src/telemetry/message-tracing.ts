import { ROOT_CONTEXT, SpanKind, trace, type Span, type Tracer } from '@opentelemetry/api';
import {
  ATTR_CMF_RECIPIENTS,
  ATTR_CMF_ROOM,
  ATTR_MESSAGING_CONSUMER_GROUP_NAME,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_DESTINATION_PARTITION_ID,
  ATTR_MESSAGING_KAFKA_MESSAGE_KEY,
  ATTR_MESSAGING_KAFKA_OFFSET,
  ATTR_MESSAGING_MESSAGE_ID,
  ATTR_MESSAGING_OPERATION_NAME,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM,
  MESSAGING_SYSTEM_KAFKA,
} from './semconv.js';

/** What the tracer needs of a consumed record (the Kafka layer's ChatMessage fits as is). */
export interface TracedRecord {
  readonly id: string;
  readonly room: string;
  readonly partition: number;
  readonly offset: bigint;
  /** W3C traceparent from the record headers, already validated by the record parser. */
  readonly traceparent: string | undefined;
}

/** The spans of one message in flight; `traceparent` names the fan-out span, for the frame. */
export interface MessageSpans {
  readonly traceparent: string;
  /** Ends the fan-out span (with how many sockets got the frame), then the consumer span. */
  end(recipients: number): void;
}

/**
 * True when a traceparent's sampled flag is set: the flags are its last two hex digits and
 * `sampled` is their lowest bit.
 */
export function isSampled(traceparent: string | undefined): traceparent is string {
  if (traceparent === undefined) return false;
  return (parseInt(traceparent.charAt(traceparent.length - 1), 16) & 1) === 1;
}

function formatTraceparent(span: Span): string {
  const context = span.spanContext();
  return `00-${context.traceId}-${context.spanId}-${context.traceFlags.toString(16).padStart(2, '0')}`;
}

/**
 * The gateway's spans for one message: a CONSUMER span `process <topic>` (messaging semantic
 * conventions) whose parent is the producer's context from the record, and under it an INTERNAL
 * `fan-out` span with the recipient count. One span pair per message, never one per recipient.
 * A record without trace context, or whose context is not sampled, costs a two-character check
 * and nothing else: its frame forwards the record's traceparent unchanged.
 */
export class MessageTracing {
  constructor(
    private readonly tracer: Tracer,
    private readonly topic: string,
    private readonly consumerGroup: string,
  ) {}

  begin(record: TracedRecord): MessageSpans | undefined {
    if (!isSampled(record.traceparent)) return undefined;
    const tp = record.traceparent;
    const parent = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: tp.slice(3, 35),
      spanId: tp.slice(36, 52),
      traceFlags: parseInt(tp.slice(53, 55), 16),
      isRemote: true,
    });
    const consumer = this.tracer.startSpan(
      `process ${this.topic}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          [ATTR_MESSAGING_SYSTEM]: MESSAGING_SYSTEM_KAFKA,
          [ATTR_MESSAGING_OPERATION_TYPE]: 'process',
          [ATTR_MESSAGING_OPERATION_NAME]: 'process',
          [ATTR_MESSAGING_DESTINATION_NAME]: this.topic,
          [ATTR_MESSAGING_DESTINATION_PARTITION_ID]: String(record.partition),
          [ATTR_MESSAGING_KAFKA_OFFSET]: Number(record.offset),
          [ATTR_MESSAGING_KAFKA_MESSAGE_KEY]: record.room,
          [ATTR_MESSAGING_MESSAGE_ID]: record.id,
          [ATTR_MESSAGING_CONSUMER_GROUP_NAME]: this.consumerGroup,
        },
      },
      parent,
    );
    // The configured sampler may still say no (always_off, a ratio): then nothing is recorded
    // and the frame keeps the producer's context.
    if (!consumer.isRecording()) {
      consumer.end();
      return undefined;
    }
    const fanOut = this.tracer.startSpan(
      'fan-out',
      { kind: SpanKind.INTERNAL, attributes: { [ATTR_CMF_ROOM]: record.room } },
      trace.setSpan(ROOT_CONTEXT, consumer),
    );
    return {
      traceparent: formatTraceparent(fanOut),
      end(recipients: number): void {
        fanOut.setAttribute(ATTR_CMF_RECIPIENTS, recipients);
        fanOut.end();
        consumer.end();
      },
    };
  }
}
