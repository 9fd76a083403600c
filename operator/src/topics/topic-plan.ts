import type { DesiredTopic } from './topic-reconciler.js';

/** One config of a topic as DescribeConfigs reports it. */
export interface ObservedConfig {
  /** Null for a sensitive config (topics have none today). */
  readonly value: string | null;
  /** Set on the topic itself (source TOPIC_CONFIG), as opposed to a broker or built-in default. */
  readonly topicLevel: boolean;
}

/** A topic as Kafka reports it. */
export interface ObservedTopic {
  readonly name: string;
  readonly partitions: number;
  /** The number of replicas of each partition. */
  readonly replicaCounts: readonly number[];
  readonly configs: ReadonlyMap<string, ObservedConfig>;
}

/** What to do with a topic that exists. */
export type TopicPlan =
  | {
      /** Kafka cannot bring the topic to the spec; nothing is changed (see leaveAlone in DESIGN.md). */
      readonly kind: 'leaveAlone';
      readonly reasons: readonly string[];
    }
  | {
      readonly kind: 'update';
      /** Set when partitions must be added, to the new total. */
      readonly growTo?: number;
      /** Set when a managed config differs. */
      readonly alter?: ConfigAlteration;
    };

/**
 * A full AlterConfigs request (kafkajs 2.2.4 has no IncrementalAlterConfigs): `entries` becomes the
 * topic's whole set of topic-level configs, so it holds every managed config and, unchanged, every
 * other topic-level config the topic already had.
 */
export interface ConfigAlteration {
  readonly entries: Readonly<Record<string, string>>;
  /** The managed configs whose values differ, for messages and tests. */
  readonly changed: readonly string[];
}

/**
 * Compares a topic with the spec. Pure. A topic with more partitions than the spec, or another
 * replication factor, is left entirely alone: neither can Kafka change in place, and a topic that
 * differs that much may not be the one the spec means, so its configs are not touched either.
 */
export function planTopicUpdate(desired: DesiredTopic, observed: ObservedTopic): TopicPlan {
  const reasons = [...partitionReasons(desired, observed), ...replicationReasons(desired, observed)];
  if (reasons.length > 0) return { kind: 'leaveAlone', reasons };

  const alter = configAlteration(desired, observed);
  return {
    kind: 'update',
    ...(observed.partitions < desired.partitions ? { growTo: desired.partitions } : {}),
    ...(alter === undefined ? {} : { alter }),
  };
}

function partitionReasons(desired: DesiredTopic, observed: ObservedTopic): string[] {
  if (observed.partitions <= desired.partitions) return [];
  return [
    `topic ${observed.name} has ${observed.partitions} partitions and the spec asks for ${desired.partitions}: ` +
      `Kafka cannot remove partitions, so the topic is left unchanged; set spec.kafka.partitions to at least ` +
      `${observed.partitions}, or use new topics through a new ChatGateway`,
  ];
}

function replicationReasons(desired: DesiredTopic, observed: ObservedTopic): string[] {
  const wanted = desired.replicationFactor;
  if (wanted === undefined) return [];
  const counts = [...new Set(observed.replicaCounts)].sort((a, b) => a - b);
  if (counts.every((count) => count === wanted)) return [];
  return [
    `topic ${observed.name} has replication factor ${counts.join('/')} and the spec asks for ${wanted}: ` +
      `the operator does not move replicas, so the topic is left unchanged; reassign them with ` +
      `kafka-reassign-partitions`,
  ];
}

function configAlteration(desired: DesiredTopic, observed: ObservedTopic): ConfigAlteration | undefined {
  const changed = Object.entries(desired.configs)
    .filter(([key, value]) => observed.configs.get(key)?.value !== value)
    .map(([key]) => key)
    .sort();
  if (changed.length === 0) return undefined;

  const entries: Record<string, string> = {};
  for (const [key, config] of observed.configs) {
    if (config.topicLevel && config.value !== null) entries[key] = config.value;
  }
  Object.assign(entries, desired.configs);
  return { entries, changed };
}
