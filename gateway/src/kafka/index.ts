export {
  InvalidRecordReason,
  MESSAGE_ID_HEADER,
  parseChatRecord,
  TRACEPARENT_HEADER,
  type ChatMessage,
  type ParseResult,
  type RawRecord,
} from './chat-record.js';
export { BrokerConnectionError, BrokerConnectionFailure } from './broker-connection-error.js';
export { DlqHeader, dlqHeaders } from './dlq-headers.js';
export {
  MessagesConsumer,
  type MessageSink,
  type MessagesConsumerEvents,
  type MessagesConsumerOptions,
} from './messages-consumer.js';
export { createKafka, type KafkaConnectionOptions, type KafkaSecurity } from './kafka-client.js';
export { KafkaCredentialsError, readKafkaSecurity } from './read-kafka-security.js';
export { keyPartition } from './murmur2.js';
export { javaCompatiblePartitioner } from './partitioner.js';
export { fetchTopicId, TopicIdError } from './topic-id.js';
