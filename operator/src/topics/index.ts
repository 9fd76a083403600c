export { desiredTopics, OperatorTopicConfig } from './desired-topics.js';
export { KafkaTopicReconciler, type KafkaTopicReconcilerOptions } from './kafka-topic-reconciler.js';
export type { TopicsLogger } from './quiet-kafkajs-logger.js';
export {
  KafkaAdminError,
  type DesiredTopic,
  type EnsureTopicsResult,
  type KafkaConnection,
  type TopicProblem,
  type TopicReconciler,
  type TopicsProblemCode,
} from './topic-reconciler.js';
export { topicName, topicRoles, TopicRole } from './topic-roles.js';
export { TopicSpecError } from './topic-spec-error.js';
