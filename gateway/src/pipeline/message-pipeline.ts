import type { RoomHistory } from '../history/index.js';
import type { DedupeWindow, RoomHub } from '../hub/index.js';
import type { ChatMessage, MessageSink } from '../kafka/index.js';
import { encodeMessageFrame } from '../protocol/index.js';
import type { WriteCoalescer } from '../server/index.js';
import type { MessageTracing } from '../telemetry/index.js';

/** Optional instrumentation of the hot path; each part costs nothing when absent. */
export interface PipelineInstruments {
  /** Spans per sampled message (consumer and fan-out); unsampled records skip it entirely. */
  readonly tracing?: MessageTracing | undefined;
  /** Delivery latency in seconds (Kafka record timestamp to socket write), once per message delivered. */
  readonly latency?: { record(seconds: number): void } | undefined;
}

export interface PipelineCounters {
  consumed: number;
  duplicates: number;
  deliveries: number;
  /** Sum of (socket write time - Kafka record timestamp), with `deliveries`-weighted count. */
  latencyMsTotal: number;
  latencySamples: number;
}

/**
 * The fan-out hot path for one record: drop a redelivered message id, encode the frame once,
 * keep it for recovery, and hand the same buffer to every subscriber of the room.
 */
export class MessagePipeline implements MessageSink {
  constructor(
    private readonly hub: RoomHub,
    private readonly history: RoomHistory,
    private readonly dedupe: DedupeWindow,
    readonly counters: PipelineCounters,
    private readonly clock: () => number = Date.now,
    private readonly writes?: WriteCoalescer,
    private readonly instruments: PipelineInstruments = {},
  ) {}

  endBatch(): void {
    this.writes?.flush();
  }

  startAt(partition: number, offset: bigint): void {
    this.history.markComplete(partition, offset);
  }

  skip(partition: number, offset: bigint): void {
    this.history.advance(partition, offset);
  }

  deliver(message: ChatMessage): void {
    this.counters.consumed++;
    if (this.dedupe.seen(message.id)) {
      this.counters.duplicates++;
      this.history.advance(message.partition, message.offset);
      return;
    }
    this.writes?.begin();
    const spans = this.instruments.tracing?.begin(message);
    // Encoded once either way: with spans the frame names the fan-out span, so a client continues
    // the trace below it; without, it forwards the producer's traceparent as it came.
    const frame = encodeMessageFrame(
      spans === undefined ? message : { ...message, traceparent: spans.traceparent },
    );
    const now = this.clock();
    this.history.append(
      {
        room: message.room,
        id: message.id,
        partition: message.partition,
        offset: message.offset,
        timestamp: message.timestamp,
        frame,
        allowedUserIds: message.allowedUserIds,
      },
      now,
    );
    const delivered = this.hub.publish(message.room, frame, message.allowedUserIds);
    this.counters.deliveries += delivered;
    if (delivered > 0) {
      this.counters.latencyMsTotal += now - message.timestamp;
      this.counters.latencySamples++;
      this.instruments.latency?.record(Math.max(0, now - message.timestamp) / 1000);
    }
    spans?.end(delivered);
  }
}
