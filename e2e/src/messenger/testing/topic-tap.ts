import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import type { RawKafkaRecord } from './gateway-contract.js';

/** Records one topic from its beginning, for tests to look at what was produced. */
export class TopicTap {
  readonly records: RawKafkaRecord[] = [];

  private constructor(private readonly consumer: Consumer) {}

  static async start(brokers: string, topic: string): Promise<TopicTap> {
    const kafka = new Kafka({ brokers: [brokers], logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `tap-${randomUUID()}` });
    const tap = new TopicTap(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ partition, message }) => {
        tap.records.push({
          partition,
          offset: message.offset,
          timestamp: message.timestamp,
          key: message.key,
          value: message.value,
          headers: message.headers ?? {},
        });
        return Promise.resolve();
      },
    });
    return tap;
  }

  /** Records whose header `name` has this value. */
  withHeader(name: string, value: string): RawKafkaRecord[] {
    return this.records.filter((record) => {
      const raw = record.headers?.[name];
      const first = Array.isArray(raw) ? raw[0] : raw;
      return first !== undefined && first.toString() === value;
    });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}
