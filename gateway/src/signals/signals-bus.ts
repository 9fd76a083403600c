import { EventEmitter } from 'node:events';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import type { Logger } from '../log/index.js';
import { createKafka, type KafkaConnectionOptions } from '../kafka/kafka-client.js';
import { javaCompatiblePartitioner } from '../kafka/partitioner.js';
import { decodeSignal, encodeSignal, type Signal } from './signal.js';

export interface SignalsBusOptions extends KafkaConnectionOptions {
  readonly topic: string;
  /** Unique per replica, like the messages consumer: every replica hears every signal. */
  readonly groupId: string;
}

export interface SignalsBusEvents {
  signal: [signal: Signal];
}

/**
 * Publishes this replica's typing and presence signals and hears everyone's (its own included,
 * so local and remote clients take the same path). Best effort: a signal that cannot be sent is
 * dropped and counted, never retried, because it is stale a second later.
 */
export class SignalsBus extends EventEmitter<SignalsBusEvents> {
  private readonly kafka: Kafka;
  private producer: Producer | undefined;
  private consumer: Consumer | undefined;
  dropped = 0;

  constructor(
    private readonly options: SignalsBusOptions,
    private readonly logger: Logger,
  ) {
    super();
    this.kafka = createKafka(options, logger);
  }

  async start(): Promise<void> {
    this.producer = this.kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: javaCompatiblePartitioner,
    });
    await this.producer.connect();
    const consumer = this.kafka.consumer({ groupId: this.options.groupId, maxWaitTimeInMs: 100 });
    this.consumer = consumer;
    await consumer.connect();
    // Only what happens from now on matters: old typing and presence are meaningless.
    await consumer.subscribe({ topic: this.options.topic, fromBeginning: false });
    await consumer.run({
      autoCommit: false,
      eachMessage: ({ message }) => {
        const signal = decodeSignal(message.value);
        if (signal !== undefined) this.emit('signal', signal);
        return Promise.resolve();
      },
    });
  }

  publish(signal: Signal): void {
    const producer = this.producer;
    if (producer === undefined) {
      this.dropped++;
      return;
    }
    producer
      .send({
        topic: this.options.topic,
        acks: 1,
        messages: [{ key: signal.room, value: encodeSignal(signal) }],
      })
      .catch((error: unknown) => {
        this.dropped++;
        this.logger.debug('signal dropped', { error });
      });
  }

  async stop(): Promise<void> {
    await Promise.allSettled([this.consumer?.disconnect(), this.producer?.disconnect()]);
  }
}
