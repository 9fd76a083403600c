import { classifyKafkaError, describeKafkaError, errorChain, KafkaErrorKind } from './kafka-error-kind.js';
import { KafkaAdminError, type TopicProblem, type TopicsProblemCode } from './topic-reconciler.js';

/**
 * The error ensure() and deleteTopics() throw when a cluster-wide step fails: a refusal of the
 * credentials or ACLs is KafkaAccessDenied, anything else (no broker, no answer in time, no
 * controller, or a failure kafkajs does not explain) is KafkaUnreachable. The kafkajs error is
 * kept as `cause`.
 */
export function kafkaAdminErrorFor(error: unknown, doing: string): KafkaAdminError {
  if (error instanceof KafkaAdminError) return error;
  const detail = describeKafkaError(error);
  if (classifyKafkaError(error) === KafkaErrorKind.AccessDenied) {
    return new KafkaAdminError('KafkaAccessDenied', `Kafka refused the operator ${doing}: ${detail}`, {
      cause: error,
    });
  }
  return new KafkaAdminError('KafkaUnreachable', `Kafka could not be reached ${doing}: ${detail}`, {
    cause: error,
  });
}

/** The problem one topic reports when a call about it failed. */
export function topicProblemFor(topic: string, error: unknown, doing: string): TopicProblem {
  return { topic, code: problemCode(error), message: `${doing} ${topic}: ${describeKafkaError(error)}` };
}

function problemCode(error: unknown): TopicsProblemCode {
  switch (classifyKafkaError(error)) {
    case KafkaErrorKind.AccessDenied:
      return 'KafkaAccessDenied';
    case KafkaErrorKind.Unreachable:
      return 'KafkaUnreachable';
    case KafkaErrorKind.Rejected:
      return 'NotSupported';
    case KafkaErrorKind.Transient:
      return 'TopicsCreating';
    case KafkaErrorKind.Unknown:
      // kafkajs marks what may pass with a retry; anything else will fail the same way again.
      return isRetriable(error) ? 'TopicsCreating' : 'NotSupported';
  }
}

function isRetriable(error: unknown): boolean {
  return errorChain(error).some(
    (e) => typeof e === 'object' && e !== null && (e as { retriable?: unknown }).retriable === true,
  );
}

/** Whether the failure means the client's connection is no use any more. */
export function breaksClient(error: unknown): boolean {
  const kind = classifyKafkaError(error);
  return kind === KafkaErrorKind.Unreachable || kind === KafkaErrorKind.AccessDenied;
}
