import type { RoomHistory } from '../history/index.js';
import type { DedupeWindow, RoomHub } from '../hub/index.js';
import type { ChatMessage, MessageSink } from '../kafka/index.js';
import { encodeMessageFrame } from '../protocol/index.js';
import type { WriteCoalescer } from '../server/index.js';

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
    const frame = encodeMessageFrame(message);
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
    }
  }
}
