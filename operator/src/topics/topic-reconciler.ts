import type { TopicStatus } from '../api/v1alpha1/index.js';

/** How to reach one Kafka cluster with the admin API. */
export interface KafkaConnection {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly connectTimeoutMs: number;
  readonly sasl?: {
    readonly mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
    readonly username: string;
    readonly password: string;
  };
  /** Present: TLS, verified against `ca` when given, else the system roots. */
  readonly tls?: { readonly ca?: string };
}

/** A topic as a ChatGateway's spec wants it. */
export interface DesiredTopic {
  readonly name: string;
  readonly partitions: number;
  /** Unset: the brokers' default. */
  readonly replicationFactor?: number;
  /** Every config the operator manages on this topic (retention.ms, cleanup.policy, spec.kafka.topicConfig). */
  readonly configs: Readonly<Record<string, string>>;
}

/** Stable codes, written as the TopicsReady condition's reason. */
export type TopicsProblemCode = 'KafkaUnreachable' | 'KafkaAccessDenied' | 'NotSupported' | 'TopicsCreating';

/** Something about one topic the operator could not make true; the others are still reconciled. */
export interface TopicProblem {
  readonly topic: string;
  readonly code: TopicsProblemCode;
  readonly message: string;
}

export interface EnsureTopicsResult {
  /** Every desired topic that exists now, with its actual partition count. */
  readonly topics: readonly TopicStatus[];
  /** Empty when every topic matches the spec. */
  readonly problems: readonly TopicProblem[];
}

/** Thrown when nothing can be done at all (the cluster cannot be reached or refuses the operator). */
export class KafkaAdminError extends Error {
  constructor(
    readonly code: 'KafkaUnreachable' | 'KafkaAccessDenied',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'KafkaAdminError';
  }
}

/** The operator's view of Kafka topics; the reconciler depends on this, not on kafkajs. */
export interface TopicReconciler {
  /**
   * Creates missing topics, adopts existing ones, grows partitions, corrects config drift.
   * `created` lists topics this operator created before (from the ChatGateway's status), so a topic
   * it created keeps `created: true` after a restart.
   */
  ensure(
    connection: KafkaConnection,
    desired: readonly DesiredTopic[],
    created: ReadonlySet<string>,
  ): Promise<EnsureTopicsResult>;
  /** Deletes exactly these topics (the caller passes only topics it created); absent ones are fine. */
  deleteTopics(connection: KafkaConnection, names: readonly string[]): Promise<void>;
  /** Closes every admin client. */
  close(): Promise<void>;
}
