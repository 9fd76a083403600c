import { ConditionReason } from '../api/v1alpha1/index.js';

/**
 * A ChatGateway that passed the schema but cannot be rendered (no Kafka brokers anywhere, a
 * duration the schema of an older CRD let through, an object without a name or uid). Retrying
 * cannot help: the reconciler reports it as the InvalidSpec reason with this message.
 */
export class RenderError extends Error {
  readonly code = ConditionReason.InvalidSpec;
  readonly retriable = false;

  constructor(message: string) {
    super(message);
    this.name = 'RenderError';
  }
}
