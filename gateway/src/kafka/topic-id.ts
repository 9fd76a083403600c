import { BrokerConnection } from './broker-connection.js';
import type { KafkaSecurity } from './kafka-client.js';
import { ApiKey } from './wire/api-keys.js';
import { KafkaErrorCode } from './wire/kafka-error-codes.js';
import type { KafkaRequest } from './wire/kafka-request.js';
import type { WireReader } from './wire/wire-reader.js';
import { WireWriter } from './wire/wire-writer.js';

/**
 * Reads a topic's id (its UUID) with one Kafka Metadata v12 request. The id is the epoch of every
 * position in that topic: a deleted and re-created topic gets a new id while its offsets restart,
 * so comparing ids is the only safe way to refuse stale positions. kafkajs speaks Metadata up to
 * v6, which predates topic ids, hence this small raw request on a connection of our own, secured
 * like kafkajs' (see BrokerConnection).
 */

/** The first version with topic ids in the answer (Kafka 2.8+). */
const METADATA_VERSION = 12;

export class TopicIdError extends Error {
  readonly code = 'CMF_TOPIC_ID_UNAVAILABLE';
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'TopicIdError';
  }
}

interface MetadataTopic {
  readonly errorCode: number;
  readonly name: string | null;
  readonly id: string;
}

export function metadataRequest(topic: string): KafkaRequest<MetadataTopic[]> {
  const body = new WireWriter()
    // topics: one entry (zero topic id, by name).
    .uvarint(2)
    .push(Buffer.alloc(16))
    .compactString(topic)
    .noTags()
    .int8(0) // allow_auto_topic_creation
    .int8(0) // include_topic_authorized_operations
    .noTags()
    .build();
  return {
    apiKey: ApiKey.metadata,
    version: METADATA_VERSION,
    flexible: true,
    name: `Metadata v${METADATA_VERSION}`,
    body,
    decode: decodeMetadataTopics,
  };
}

/** Reads a Metadata v12 response body (after the response header): its topics. */
export function decodeMetadataTopics(r: WireReader): MetadataTopic[] {
  r.int32(); // throttle_time_ms
  r.compactArray(() => {
    r.int32();
    r.compactString();
    r.int32();
    r.compactString();
    r.skipTags();
  });
  r.compactString(); // cluster id
  r.int32(); // controller id
  const topics: MetadataTopic[] = [];
  r.compactArray(() => {
    const errorCode = r.int16();
    const name = r.compactString();
    const id = r.uuid();
    r.int8(); // is_internal
    r.compactArray(() => {
      r.int16();
      r.int32();
      r.int32();
      r.int32();
      for (let i = 0; i < 3; i++) r.compactArray(() => r.int32());
      r.skipTags();
    });
    r.int32(); // topic_authorized_operations
    r.skipTags();
    topics.push({ errorCode, name, id });
  });
  return topics;
}

/** The topic's id from the Metadata answer, or why there is none. */
export function topicIdFrom(topics: readonly MetadataTopic[], topic: string): string {
  const found = topics.find((t) => t.name === topic);
  if (found === undefined) throw new TopicIdError(`Metadata response does not mention topic ${topic}`, true);
  if (found.errorCode === KafkaErrorCode.unknownTopicOrPartition)
    throw new TopicIdError(`topic ${topic} does not exist`, true);
  if (found.errorCode !== KafkaErrorCode.none)
    throw new TopicIdError(`Metadata for ${topic} failed with Kafka error ${found.errorCode}`, true);
  return found.id;
}

async function requestOnce(
  broker: string,
  topic: string,
  options: { timeoutMs: number; clientId: string; security?: KafkaSecurity },
): Promise<string> {
  const connection = await BrokerConnection.open(broker, options);
  try {
    connection.negotiate(ApiKey.metadata, 'Metadata', { min: METADATA_VERSION, max: METADATA_VERSION });
    return topicIdFrom(await connection.send(metadataRequest(topic)), topic);
  } finally {
    connection.close();
  }
}

/**
 * Asks each broker in turn until one answers. A failure that is not retryable (credentials, CA,
 * mechanism, versions) is thrown at once: every broker of the cluster would refuse the same way.
 * Throws TopicIdError for the topic itself and BrokerConnectionError for the connection; both
 * carry `code` and `retryable`.
 */
export async function fetchTopicId(
  brokers: readonly string[],
  topic: string,
  options: { timeoutMs?: number; clientId?: string; security?: KafkaSecurity } = {},
): Promise<string> {
  const connectionOptions = {
    timeoutMs: options.timeoutMs ?? 5000,
    clientId: options.clientId ?? 'cmf-gateway',
    ...(options.security === undefined ? {} : { security: options.security }),
  };
  let last: Error = new TopicIdError('no brokers configured', false);
  for (const broker of brokers) {
    try {
      return await requestOnce(broker, topic, connectionOptions);
    } catch (err) {
      last = err as Error;
      if ((err as { retryable?: unknown }).retryable === false) throw err;
    }
  }
  throw last;
}
