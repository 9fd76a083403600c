import { javaCompatiblePartitioner } from '@cmf/gateway';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import type { KafkaRecord } from '../contract/kafka-record.js';
import type { Logger } from '../log/logger.js';
import { KafkaUnavailableError, type RecordPosition, type RecordSink } from './record-sink.js';

export interface KafkaRecordProducerOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** How long one send may wait for acks before the request is answered 503. */
  readonly sendTimeoutMs: number;
  readonly logger: Logger;
}

const RECONNECT_DELAY_MS = 1000;

/**
 * The messenger's producer, configured as Spring Kafka's idempotent default: acks=all, an
 * idempotent producer (the broker drops a retried batch it already has), one request in flight
 * so retries cannot reorder a room. The default partitioner is Java's murmur2, so a room lands on
 * the partition the real messenger would pick.
 */
export class KafkaRecordProducer implements RecordSink {
  private readonly producer: Producer;
  private connected = false;
  private stopping = false;
  private connecting: Promise<void> | undefined;

  constructor(private readonly options: KafkaRecordProducerOptions) {
    const kafka = new Kafka({
      clientId: options.clientId,
      brokers: [...options.brokers],
      logLevel: logLevel.NOTHING,
    });
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: javaCompatiblePartitioner,
    });
    this.producer.on(this.producer.events.DISCONNECT, () => {
      this.connected = false;
      if (!this.stopping) this.startConnecting();
    });
  }

  get isConnected(): boolean {
    return this.connected;
  }

  /** Connects in the background, retrying until it succeeds or `stop` is called. */
  startConnecting(): void {
    if (this.connecting !== undefined || this.stopping) return;
    this.connecting = this.connectLoop().finally(() => (this.connecting = undefined));
  }

  private async connectLoop(): Promise<void> {
    while (!this.stopping && !this.connected) {
      try {
        await this.producer.connect();
        // `stop` may have been called while connect was in progress.
        if (this.stopRequested()) {
          await this.producer.disconnect().catch(() => undefined);
          return;
        }
        this.connected = true;
        this.options.logger.info('kafka producer connected', { brokers: this.options.brokers.join(',') });
      } catch (err) {
        this.options.logger.warn('kafka producer cannot connect; retrying', { error: err });
        await new Promise((resolve) => setTimeout(resolve, RECONNECT_DELAY_MS));
      }
    }
  }

  private stopRequested(): boolean {
    return this.stopping;
  }

  async send(topic: string, record: KafkaRecord): Promise<RecordPosition> {
    if (!this.connected) throw new KafkaUnavailableError('the Kafka producer is not connected');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(
          new KafkaUnavailableError(
            `Kafka did not acknowledge the record within ${this.options.sendTimeoutMs} ms`,
          ),
        );
      }, this.options.sendTimeoutMs);
    });
    try {
      const sent = this.producer.send({
        topic,
        acks: -1,
        messages: [{ key: record.key, value: record.value, headers: { ...record.headers } }],
      });
      // A send that loses the race keeps retrying inside kafkajs; its outcome must not go unhandled.
      sent.catch(() => undefined);
      const [metadata] = await Promise.race([sent, timeout]);
      if (metadata === undefined) throw new KafkaUnavailableError('Kafka answered without record metadata');
      return { partition: metadata.partition, offset: metadata.baseOffset ?? metadata.offset ?? '-1' };
    } catch (err) {
      if (err instanceof KafkaUnavailableError) throw err;
      throw new KafkaUnavailableError(`Kafka refused the record: ${(err as Error).message}`, { cause: err });
    } finally {
      clearTimeout(timer);
    }
  }

  /** Does not wait for a connect attempt in progress: it disconnects itself once it sees `stopping`. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.producer.disconnect().catch(() => undefined);
    this.connected = false;
  }
}
