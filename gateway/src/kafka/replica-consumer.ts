import { EventEmitter } from 'node:events';
import type { Admin, Batch, Consumer, Kafka } from 'kafkajs';
import type { Logger } from '../log/index.js';

/** What one reader of a topic does with the records; the consumer owns connecting and restarting. */
export interface ReplicaConsumerSource {
  /**
   * Called before every (re)start: the next offset to read per partition, from this replica's own
   * memory. Partitions not named start at their end.
   */
  positionsForStart(): ReadonlyMap<number, bigint>;
  /** Handles one batch in offset order, calling `resolveOffset` for each record once it is handled. */
  handleBatch(batch: Batch, resolveOffset: (offset: string) => void): Promise<void> | void;
}

export interface ReplicaConsumerOptions {
  readonly topic: string;
  /** Unique per replica (every replica must read every partition); never committed to. */
  readonly groupId: string;
  readonly retry: { readonly initialMs: number; readonly maxMs: number };
  /** Crashes survived before `fatal`. */
  readonly maxRestarts: number;
  /** How long a fetch may wait for records; short keeps delivery latency low. */
  readonly maxWaitTimeInMs: number;
  /** Names this reader in logs, e.g. "messages consumer". */
  readonly name: string;
}

export interface ReplicaConsumerEvents {
  restart: [info: { attempt: number; error: Error }];
  /** The consumer crashed more than `maxRestarts` times and stays stopped. */
  fatal: [error: Error];
}

/**
 * Reads every partition of one topic for one replica. kafkajs cannot assign partitions by hand,
 * so each replica joins a group of its own; its positions live in memory and are set on the group
 * explicitly before every (re)start, so nothing produced after start is lost to the time the
 * group takes to join, and a restart resumes exactly where the replica was. kafkajs restarts by
 * itself after retriable errors; other crashes restart here with exponential backoff until
 * `maxRestarts`, then `fatal` (the process should exit and Kubernetes restart it).
 */
export class ReplicaConsumer extends EventEmitter<ReplicaConsumerEvents> {
  private consumer: Consumer | undefined;
  private restarts = 0;
  private stopping = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    private readonly source: ReplicaConsumerSource,
    private readonly options: ReplicaConsumerOptions,
    private readonly logger: Logger,
  ) {
    super();
  }

  /** Restarts made after crashes; the crash that gives up (`fatal`) is not one. */
  get restartCount(): number {
    return this.restarts;
  }

  /** Resolves once the consumer runs; the admin client must be connected. */
  async start(): Promise<void> {
    this.stopping = false;
    await this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.consumer?.disconnect().catch(() => undefined);
  }

  private async run(): Promise<void> {
    const positions = this.source.positionsForStart();
    await this.admin.setOffsets({
      groupId: this.options.groupId,
      topic: this.options.topic,
      partitions: [...positions].map(([partition, offset]) => ({ partition, offset: String(offset) })),
    });
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 3_000,
      maxWaitTimeInMs: this.options.maxWaitTimeInMs,
      retry: {
        initialRetryTime: this.options.retry.initialMs,
        maxRetryTime: this.options.retry.maxMs,
        retries: 8,
      },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, (event) => {
      const { error, restart } = event.payload;
      if (!restart && !this.stopping) void this.restartAfter(error);
    });
    await consumer.connect();
    // Partitions added later have no position of ours and start at their end.
    await consumer.subscribe({ topic: this.options.topic, fromBeginning: false });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async (payload) => {
        await this.source.handleBatch(payload.batch, (offset) => {
          payload.resolveOffset(offset);
        });
        await payload.heartbeat();
      },
    });
  }

  private async restartAfter(error: Error): Promise<void> {
    const name = this.options.name;
    if (this.restarts >= this.options.maxRestarts) {
      this.logger.error(`${name} failed too often; giving up`, { error, restarts: this.restarts });
      this.emit('fatal', error);
      return;
    }
    this.restarts++;
    this.emit('restart', { attempt: this.restarts, error });
    const delay = Math.min(this.options.retry.maxMs, this.options.retry.initialMs * 2 ** (this.restarts - 1));
    this.logger.warn(`${name} crashed; restarting`, { error, attempt: this.restarts, delayMs: delay });
    await this.consumer?.disconnect().catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, delay));
    if (this.stopping) return;
    try {
      await this.run();
    } catch (err) {
      await this.restartAfter(err instanceof Error ? err : new Error(String(err)));
    }
  }
}
