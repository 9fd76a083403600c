/**
 * A ChatGateway whose spec.kafka cannot be turned into topics. The CRD's schema and CEL rules
 * prevent this for objects admitted today; it guards objects stored under an older schema.
 * Retrying cannot help: the reconciler reports it as the InvalidSpec reason.
 */
export class TopicSpecError extends Error {
  readonly code = 'InvalidSpec';
  readonly retriable = false;

  constructor(message: string) {
    super(message);
    this.name = 'TopicSpecError';
  }
}
