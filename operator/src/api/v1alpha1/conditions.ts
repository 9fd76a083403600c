// Condition types and reasons of ChatGateway status, one table each, so the operator, its tests and
// `kubectl wait --for=condition=Ready` agree on the strings. Every value must match the CRD's
// pattern for condition types and reasons (schema.test.ts checks).

export const ConditionType = {
  /** Every object is applied, the topics are ready and the gateway pods serve clients. */
  Ready: 'Ready',
  /** The operator is moving towards the spec: applying objects, creating topics, rolling pods. */
  Progressing: 'Progressing',
  /** Something that worked stopped working (pods unready, Kafka unreachable); the operator retries. */
  Degraded: 'Degraded',
  /** Every topic exists with the configured partitions and configs. */
  TopicsReady: 'TopicsReady',
} as const;
export type ConditionType = (typeof ConditionType)[keyof typeof ConditionType];

export const ConditionStatus = { True: 'True', False: 'False', Unknown: 'Unknown' } as const;
export type ConditionStatus = (typeof ConditionStatus)[keyof typeof ConditionStatus];

/**
 * Why a condition has its status. A reason is CamelCase and stable (alerts and scripts match on
 * it); the condition's message carries the details.
 */
export const ConditionReason = {
  /** The observed generation is fully applied and healthy. */
  Reconciled: 'Reconciled',
  /** Objects are being applied for a new generation. */
  Reconciling: 'Reconciling',
  /** The Deployment is rolling out new pods. */
  RolloutInProgress: 'RolloutInProgress',
  /** Fewer gateway pods are ready than desired. */
  ReplicasUnavailable: 'ReplicasUnavailable',
  /** Topics are being created or their partitions increased. */
  TopicsCreating: 'TopicsCreating',
  /** The brokers cannot be reached; retried with backoff. */
  KafkaUnreachable: 'KafkaUnreachable',
  /** The brokers refused the operator's credentials or ACLs. */
  KafkaAccessDenied: 'KafkaAccessDenied',
  /** The spec asks for what Kafka cannot do, e.g. fewer partitions than a topic has. */
  NotSupported: 'NotSupported',
  /** The spec passed the schema but cannot be rendered (e.g. a rule the schema cannot express). */
  InvalidSpec: 'InvalidSpec',
  /** A Secret the spec references does not exist or lacks the key. */
  SecretNotFound: 'SecretNotFound',
  /** The API server refused an object the operator applied. */
  ApplyFailed: 'ApplyFailed',
  /** The ChatGateway is being deleted; the finalizer is cleaning up (topics under Delete). */
  Deleting: 'Deleting',
} as const;
export type ConditionReason = (typeof ConditionReason)[keyof typeof ConditionReason];
