import { EventEmitter } from 'node:events';
import type { Admin, Batch, Consumer, Kafka } from 'kafkajs';
import type { Logger } from '../log/index.js';
import { createKafka, type KafkaConnectionOptions } from '../kafka/kafka-client.js';
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
  restarts: number;
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
  readonly counters: MembershipEventsCounters = { applied: 0, skipped: {}, handlerErrors: 0, restarts: 0 };
  private readonly kafka: Kafka;
  private admin: Admin | undefined;
  private consumer: Consumer | undefined;
  /** Next offset to handle per partition. */
  private readonly next = new Map<number, bigint>();
  private stopping = false;

  constructor(
    private readonly options: MembershipEventsOptions,
    private readonly handler: MembershipEventHandler,
    private readonly logger: Logger,
  ) {
    super();
    this.kafka = createKafka(options, logger);
  }

  /** Resolves once the consumer has joined; every event produced after the call began is heard. */
  async start(): Promise<void> {
    this.stopping = false;
    this.admin = this.kafka.admin();
    await this.admin.connect();
    for (const end of await this.admin.fetchTopicOffsets(this.options.topic)) {
      this.next.set(end.partition, BigInt(end.high));
    }
    this.logger.info('membership events consumer starting', {
      topic: this.options.topic,
      partitions: this.next.size,
    });
    await this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([this.consumer?.disconnect(), this.admin?.disconnect()]);
  }

  private async run(): Promise<void> {
    const admin = this.admin;
    if (admin === undefined) throw new Error('membership events consumer not started');
    await admin.setOffsets({
      groupId: this.options.groupId,
      topic: this.options.topic,
      partitions: [...this.next].map(([partition, offset]) => ({ partition, offset: String(offset) })),
    });
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 3_000,
      maxWaitTimeInMs: 250,
      retry: {
        initialRetryTime: this.options.retry.initialMs,
        maxRetryTime: this.options.retry.maxMs,
        retries: 8,
      },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, (event) => {
      const { error, restart } = event.payload;
      // kafkajs restarts by itself after retriable errors; anything else is ours to handle.
      if (!restart && !this.stopping) void this.restartAfter(error);
    });
    await consumer.connect();
    // Partitions added later have no position of ours and start at their end.
    await consumer.subscribe({ topic: this.options.topic, fromBeginning: false });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async (payload) => {
        this.handleBatch(payload.batch, (offset) => {
          payload.resolveOffset(offset);
        });
        await payload.heartbeat();
      },
    });
  }

  private async restartAfter(error: Error): Promise<void> {
    this.counters.restarts++;
    if (this.counters.restarts > this.options.maxRestarts) {
      this.logger.error('membership events consumer failed too often; giving up', { error });
      this.emit('fatal', error);
      return;
    }
    this.emit('restart', { attempt: this.counters.restarts, error });
    const delay = Math.min(
      this.options.retry.maxMs,
      this.options.retry.initialMs * 2 ** (this.counters.restarts - 1),
    );
    this.logger.warn('membership events consumer crashed; restarting', {
      error,
      attempt: this.counters.restarts,
      delayMs: delay,
    });
    await this.consumer?.disconnect().catch(() => undefined);
    await new Promise((r) => setTimeout(r, delay));
    if (this.stopping) return;
    try {
      await this.run();
    } catch (err) {
      await this.restartAfter(err as Error);
    }
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
