import type { KafkaRecord } from '../contract/kafka-record.js';

/** Where the record landed. `offset` is a decimal string (Kafka offsets outgrow a double). */
export interface RecordPosition {
  readonly partition: number;
  readonly offset: string;
}

/** The seam between the HTTP handlers and Kafka; tests of the handlers use an in-memory sink. */
export interface RecordSink {
  /** Resolves once every in-sync replica has the record (acks=all); throws KafkaUnavailableError. */
  send(topic: string, record: KafkaRecord): Promise<RecordPosition>;
}

/**
 * The record may not have been written: Kafka is unreachable, refused it or did not acknowledge
 * it in time. Retriable; after a timeout the record may still land (the id in its header lets
 * consumers drop the duplicate when the client retries).
 */
export class KafkaUnavailableError extends Error {
  override readonly name = 'KafkaUnavailableError';
  readonly code = 'kafka_unavailable';
  readonly retriable = true;
}
