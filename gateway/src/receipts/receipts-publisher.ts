import type { Kafka, Producer } from 'kafkajs';
import type { Logger } from '../log/index.js';
import { createKafka, type KafkaConnectionOptions } from '../kafka/kafka-client.js';
import { javaCompatiblePartitioner } from '../kafka/partitioner.js';
import { Batcher } from './receipt-batcher.js';
import { receiptKey, type Receipt } from './receipt.js';

export interface ReceiptsPublisherOptions extends KafkaConnectionOptions {
  readonly topic: string;
  readonly batchMaxSize: number;
  readonly batchMaxDelayMs: number;
}

/** Batches receipts and connection events to the receipts topic. */
export class ReceiptsPublisher {
  private readonly kafka: Kafka;
  private producer: Producer | undefined;
  private readonly batcher: Batcher<Receipt>;
  private inFlight = new Set<Promise<void>>();
  failed = 0;
  published = 0;

  constructor(
    private readonly options: ReceiptsPublisherOptions,
    private readonly logger: Logger,
  ) {
    this.kafka = createKafka(options, logger);
    this.batcher = new Batcher(
      options.batchMaxSize,
      options.batchMaxDelayMs,
      options.batchMaxSize * 20,
      (batch) => {
        this.send(batch);
      },
    );
  }

  get dropped(): number {
    return this.batcher.dropped;
  }

  async start(): Promise<void> {
    this.producer = this.kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: javaCompatiblePartitioner,
    });
    await this.producer.connect();
  }

  add(receipt: Receipt): void {
    this.batcher.add(receipt);
  }

  /** Flushes what is queued (on drain) and disconnects. */
  async stop(): Promise<void> {
    this.batcher.flushNow();
    await Promise.allSettled(this.inFlight);
    await this.producer?.disconnect();
  }

  private send(batch: Receipt[]): void {
    const producer = this.producer;
    if (producer === undefined) {
      this.failed += batch.length;
      return;
    }
    const sending = producer
      .send({
        topic: this.options.topic,
        acks: -1,
        messages: batch.map((r) => ({ key: receiptKey(r), value: JSON.stringify(r) })),
      })
      .then(
        () => {
          this.published += batch.length;
        },
        (error: unknown) => {
          this.failed += batch.length;
          this.logger.warn('receipts batch lost', { error, size: batch.length });
        },
      )
      .finally(() => {
        this.inFlight.delete(sending);
      });
    this.inFlight.add(sending);
  }
}
