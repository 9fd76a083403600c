import { EventEmitter } from 'node:events';
import type { Admin, Batch, Kafka } from 'kafkajs';
import type { Logger } from '../log/index.js';
import { createKafka, type KafkaConnectionOptions } from '../kafka/kafka-client.js';
import { ReplicaConsumer } from '../kafka/replica-consumer.js';
import type { MembershipEvent } from './membership-event.js';
import type { MembershipEventHandler } from './membership-event-handler.js';
import { parseMembershipEvent, type InvalidEventReason } from './parse-membership-event.js';

export interface MembershipEventsOptions extends KafkaConnectionOptions {
  readonly connectTimeoutMs: number;
  readonly retry: { readonly initialMs: number; readonly maxMs: number };
  /** `<prefix>.events`. */
  readonly topic: string;
  /** Unique per replica (every replica must hear every event); never committed. */
  readonly groupId: string;
  /** Consumer crashes survived before `fatal` is emitted. */
  readonly maxRestarts: number;
}

export interface MembershipEventsCounters {
  /** Valid events handed to the handler. */
  applied: number;
  /** Records skipped, by reason. */
  skipped: Partial<Record<InvalidEventReason, number>>;
  /** Handler calls that threw (counted, logged, skipped). */
  handlerErrors: number;
  /** Restarts of the consumer after crashes; read from the consumer itself, never kept here. */
  readonly restarts: number;
}

export interface MembershipEventsEvents {
  /** A record was skipped because it breaks the contract. */
  invalid: [info: { partition: number; offset: string; reason: InvalidEventReason; detail: string }];
  restart: [info: { attempt: number; error: Error }];
  /** The consumer crashed more than `maxRestarts` times; events are no longer heard. */
  fatal: [error: Error];
}

/**
 * Hears the messenger's membership events (`<prefix>.events`) and hands each to a handler.
 *
 * Like the messages consumer, each replica joins a group of its own, never commits and keeps its
 * positions in memory. It starts at the end offsets read in `start()`, set on the group
 * explicitly rather than left to `fromBeginning: false`, so that an event produced after
 * `start()` began is never lost to the time the group takes to join; a restart after a crash
 * resumes from the in-memory positions for the same reason. Old events are not replayed: the
 * decisions they would invalidate were not cached by this process, and the subscriptions they
 * would drop did not exist.
 */
export class MembershipEvents extends EventEmitter<MembershipEventsEvents> {
  readonly counters: MembershipEventsCounters;
  private readonly kafka: Kafka;
  private admin: Admin | undefined;
  private reader: ReplicaConsumer | undefined;
  /** Next offset to handle per partition. */
  private readonly next = new Map<number, bigint>();

  constructor(
    private readonly options: MembershipEventsOptions,
    private readonly handler: MembershipEventHandler,
    private readonly logger: Logger,
  ) {
    super();
    this.kafka = createKafka(options, logger);
    const restartCount = (): number => this.reader?.restartCount ?? 0;
    this.counters = {
      applied: 0,
      skipped: {},
      handlerErrors: 0,
      get restarts() {
        return restartCount();
      },
    };
  }

  /** Resolves once the consumer has joined; every event produced after the call began is heard. */
  async start(): Promise<void> {
    const admin = this.kafka.admin();
    this.admin = admin;
    await admin.connect();
    for (const end of await admin.fetchTopicOffsets(this.options.topic)) {
      this.next.set(end.partition, BigInt(end.high));
    }
    this.logger.info('membership events consumer starting', {
      topic: this.options.topic,
      partitions: this.next.size,
    });
    const reader = new ReplicaConsumer(
      this.kafka,
      admin,
      {
        positionsForStart: () => this.next,
        handleBatch: (batch, resolveOffset) => {
          this.handleBatch(batch, resolveOffset);
        },
      },
      {
        topic: this.options.topic,
        groupId: this.options.groupId,
        retry: this.options.retry,
        maxRestarts: this.options.maxRestarts,
        maxWaitTimeInMs: 250,
        name: 'membership events consumer',
      },
      this.logger,
    );
    reader.on('restart', (info) => this.emit('restart', info));
    reader.on('fatal', (error) => this.emit('fatal', error));
    this.reader = reader;
    await reader.start();
  }

  async stop(): Promise<void> {
    await Promise.allSettled([this.reader?.stop(), this.admin?.disconnect()]);
  }

  private handleBatch(batch: Batch, resolveOffset: (offset: string) => void): void {
    const partition = batch.partition;
    for (const record of batch.messages) {
      const offset = BigInt(record.offset);
      const next = this.next.get(partition);
      // A replay after a restart or a rebalance: already handled.
      if (next !== undefined && offset < next) continue;
      const parsed = parseMembershipEvent({ value: record.value, headers: record.headers ?? {} });
      if (parsed.ok) {
        this.dispatch(parsed.event, partition, record.offset);
      } else {
        this.counters.skipped[parsed.reason] = (this.counters.skipped[parsed.reason] ?? 0) + 1;
        this.logger.warn('membership event skipped', {
          partition,
          offset: record.offset,
          reason: parsed.reason,
          detail: parsed.detail,
        });
        this.emit('invalid', {
          partition,
          offset: record.offset,
          reason: parsed.reason,
          detail: parsed.detail,
        });
      }
      this.next.set(partition, offset + 1n);
      resolveOffset(record.offset);
    }
  }

  private dispatch(event: MembershipEvent, partition: number, offset: string): void {
    try {
      switch (event.type) {
        case 'member_removed':
          this.handler.memberRemoved(event.roomId, event.userId);
          break;
        case 'member_added':
          this.handler.memberAdded(event.roomId, event.userId);
          break;
        case 'room_deleted':
          this.handler.roomDeleted(event.roomId);
          break;
        case 'user_banned':
          this.handler.userBanned(event.userId);
          break;
      }
      this.counters.applied++;
      this.logger.debug('membership event applied', {
        type: event.type,
        eventId: event.id,
        partition,
        offset,
      });
    } catch (error) {
      this.counters.handlerErrors++;
      this.logger.error('membership event handler failed', { error, type: event.type, eventId: event.id });
    }
  }
}
