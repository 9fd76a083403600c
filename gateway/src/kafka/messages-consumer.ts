import { EventEmitter } from 'node:events';
import type { Admin, Batch, Kafka, Producer } from 'kafkajs';
import type { Logger } from '../log/index.js';
import { createKafka, type KafkaConnectionOptions } from './kafka-client.js';
import { javaCompatiblePartitioner } from './partitioner.js';
import { parseChatRecord, type ChatMessage, type RawRecord } from './chat-record.js';
import { dlqHeaders } from './dlq-headers.js';
import { ReplicaConsumer } from './replica-consumer.js';
import { fetchTopicId } from './topic-id.js';

export interface MessagesConsumerOptions extends KafkaConnectionOptions {
  readonly connectTimeoutMs: number;
  readonly retry: { readonly initialMs: number; readonly maxMs: number };
  readonly topic: string;
  readonly dlqTopic: string;
  /** Unique per replica: every replica must receive every partition. */
  readonly groupId: string;
  /** How far back history is warmed at start. */
  readonly warmupMs: number;
  /** Consumer crashes survived before the process gives up (and Kubernetes restarts it). */
  readonly maxRestarts: number;
}

/** Where records go. Called synchronously in partition order; must not throw. */
export interface MessageSink {
  /** Records of `partition` from `offset` on follow without gaps (at start and after restarts). */
  startAt(partition: number, offset: bigint): void;
  deliver(message: ChatMessage): void;
  /** A record that was read but not delivered (it went to the DLQ). */
  skip(partition: number, offset: bigint): void;
  /** The records of one fetch have all been handed over (writes held for the batch may go). */
  endBatch(): void;
}

export interface MessagesConsumerEvents {
  ready: [];
  invalid: [info: { partition: number; offset: string; reason: string; detail: string }];
  restart: [info: { attempt: number; error: Error }];
  fatal: [error: Error];
}

/**
 * Reads every partition of the messages topic from (now - warmupMs), hands each valid record to the
 * sink in partition order, sends invalid ones to the DLQ, and reports ready once every partition
 * has caught up with the end offsets seen at start. Offsets are never committed: a replica's
 * group exists only to get every partition assigned, and positions are kept in memory.
 */
export class MessagesConsumer extends EventEmitter<MessagesConsumerEvents> {
  private readonly kafka: Kafka;
  private admin: Admin | undefined;
  private producer: Producer | undefined;
  private reader: ReplicaConsumer | undefined;
  /** Last offset handled per partition: replays after a restart are skipped. */
  private readonly processed = new Map<number, bigint>();
  /** Partitions still catching up to their start-time end offset. */
  private readonly warming = new Map<number, bigint>();
  private isReady = false;
  private topicEpoch = '';
  private partitions = 0;

  constructor(
    private readonly options: MessagesConsumerOptions,
    private readonly sink: MessageSink,
    private readonly logger: Logger,
  ) {
    super();
    this.kafka = createKafka(options, logger);
  }

  /** The topic id: the epoch of every position this consumer hands out. */
  get epoch(): string {
    return this.topicEpoch;
  }

  /** Partitions of the topic at start. */
  get partitionCount(): number {
    return this.partitions;
  }

  get ready(): boolean {
    return this.isReady;
  }

  /** Positions the consumer has reached, for /readyz and lag metrics. */
  positions(): ReadonlyMap<number, bigint> {
    return this.processed;
  }

  async start(): Promise<void> {
    this.admin = this.kafka.admin();
    await this.admin.connect();
    this.producer = this.kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: javaCompatiblePartitioner,
    });
    await this.producer.connect();
    this.topicEpoch = await fetchTopicId(this.options.brokers, this.options.topic, {
      timeoutMs: this.options.connectTimeoutMs,
      clientId: this.options.clientId,
      ...(this.options.security === undefined ? {} : { security: this.options.security }),
    });
    const from = await this.admin.fetchTopicOffsetsByTimestamp(
      this.options.topic,
      Date.now() - this.options.warmupMs,
    );
    const ends = await this.admin.fetchTopicOffsets(this.options.topic);
    this.partitions = ends.length;
    for (const end of ends) {
      const start = from.find((f) => f.partition === end.partition);
      const startOffset =
        start === undefined || Number(start.offset) < 0 ? BigInt(end.high) : BigInt(start.offset);
      this.processed.set(end.partition, startOffset - 1n);
      if (BigInt(end.high) > startOffset) this.warming.set(end.partition, BigInt(end.high) - 1n);
    }
    this.logger.info('messages consumer starting', {
      topic: this.options.topic,
      epoch: this.topicEpoch,
      partitions: ends.length,
      warming: this.warming.size,
    });
    const reader = new ReplicaConsumer(
      this.kafka,
      this.admin,
      {
        positionsForStart: () => this.positionsForStart(),
        handleBatch: (batch, resolveOffset) => this.handleBatch(batch, resolveOffset),
      },
      {
        topic: this.options.topic,
        groupId: this.options.groupId,
        retry: this.options.retry,
        maxRestarts: this.options.maxRestarts,
        maxWaitTimeInMs: 250,
        name: 'messages consumer',
      },
      this.logger,
    );
    reader.on('restart', (info) => this.emit('restart', info));
    reader.on('fatal', (error) => this.emit('fatal', error));
    this.reader = reader;
    await reader.start();
    this.checkReady();
  }

  /** Restarts after crashes since start. */
  get restartCount(): number {
    return this.reader?.restartCount ?? 0;
  }

  async stop(): Promise<void> {
    await Promise.allSettled([this.reader?.stop(), this.producer?.disconnect(), this.admin?.disconnect()]);
  }

  /** Where each partition resumes: right after the last record handled. */
  private positionsForStart(): ReadonlyMap<number, bigint> {
    const next = new Map<number, bigint>();
    for (const [partition, offset] of this.processed) {
      this.sink.startAt(partition, offset + 1n);
      next.set(partition, offset + 1n);
    }
    return next;
  }

  private async handleBatch(batch: Batch, resolveOffset: (offset: string) => void): Promise<void> {
    try {
      await this.handleRecords(batch, resolveOffset);
    } finally {
      this.sink.endBatch();
    }
  }

  private async handleRecords(batch: Batch, resolveOffset: (offset: string) => void): Promise<void> {
    const partition = batch.partition;
    let last = this.processed.get(partition) ?? -1n;
    for (const record of batch.messages) {
      const offset = BigInt(record.offset);
      if (offset <= last) continue;
      const raw: RawRecord = { ...record, partition, headers: record.headers ?? {} };
      const parsed = parseChatRecord(raw);
      if (parsed.ok) {
        this.sink.deliver(parsed.message);
      } else {
        // Awaited so the record is durable in the DLQ before we move past it; a failure here
        // throws, kafkajs backs off and retries from the last resolved offset.
        await this.producer?.send({
          topic: this.options.dlqTopic,
          messages: [
            {
              key: record.key,
              value: record.value,
              headers: dlqHeaders(record.headers ?? {}, {
                reason: parsed.reason,
                detail: parsed.detail,
                topic: batch.topic,
                partition,
                offset: record.offset,
              }),
            },
          ],
        });
        this.emit('invalid', {
          partition,
          offset: record.offset,
          reason: parsed.reason,
          detail: parsed.detail,
        });
      }
      last = offset;
      this.processed.set(partition, offset);
      resolveOffset(record.offset);
    }
    const target = this.warming.get(partition);
    if (target !== undefined && (last >= target || batch.offsetLag() === '0')) {
      this.warming.delete(partition);
      this.checkReady();
    }
  }

  private checkReady(): void {
    if (this.isReady || this.warming.size > 0) return;
    this.isReady = true;
    this.logger.info('messages consumer caught up; history warm', { epoch: this.topicEpoch });
    this.emit('ready');
  }
}
