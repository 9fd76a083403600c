import type { ChatGateway, KafkaSpec } from '../api/v1alpha1/index.js';
import { parseGoDurationMs } from '../duration/index.js';
import type { DesiredTopic } from './topic-reconciler.js';
import { topicName, topicRoles } from './topic-roles.js';
import { TopicSpecError } from './topic-spec-error.js';

/** The topic configs the operator sets itself; spec.kafka.topicConfig may not name them. */
export const OperatorTopicConfig = {
  RetentionMs: 'retention.ms',
  CleanupPolicy: 'cleanup.policy',
} as const;
export type OperatorTopicConfig = (typeof OperatorTopicConfig)[keyof typeof OperatorTopicConfig];

const operatorKeys: ReadonlySet<string> = new Set(Object.values(OperatorTopicConfig));

/**
 * The five topics a ChatGateway wants, in a stable order (messages, events, signals, receipts,
 * dlq). Pure: the same gateway gives the same topics.
 *
 * Every topic, signals included, gets spec.kafka.partitions. Each gateway replica reads every
 * partition of every topic, so partitions spread broker load rather than consumer load, and
 * typing/presence volume follows chat volume room by room (signals are keyed by room like
 * messages). One count also keeps the CRD's promise ("partitions of every topic") and its
 * only-grows rule true for all five without a second knob.
 *
 * Configs: retention.ms from spec.kafka.retention (a Go duration, in whole milliseconds),
 * cleanup.policy=delete (the topics are logs of events, never compacted tables), and every entry
 * of spec.kafka.topicConfig. The CRD forbids topicConfig from naming retention.ms or
 * cleanup.policy; should an older object still do so, the operator's values win.
 */
export function desiredTopics(gateway: ChatGateway): DesiredTopic[] {
  const kafka = gateway.spec.kafka;
  const extras = extraConfigs(kafka.topicConfig);
  return topicRoles.map((role) => ({
    name: topicName(kafka.topicPrefix, role),
    partitions: kafka.partitions,
    ...replicationFactor(kafka),
    configs: {
      ...extras,
      [OperatorTopicConfig.RetentionMs]: String(retentionMs(kafka.retention[role], role)),
      [OperatorTopicConfig.CleanupPolicy]: 'delete',
    },
  }));
}

function replicationFactor(kafka: KafkaSpec): { replicationFactor?: number } {
  return kafka.replicationFactor === undefined ? {} : { replicationFactor: kafka.replicationFactor };
}

function extraConfigs(topicConfig: KafkaSpec['topicConfig']): Record<string, string> {
  const extras: Record<string, string> = {};
  for (const [key, value] of Object.entries(topicConfig ?? {})) {
    if (!operatorKeys.has(key)) extras[key] = value;
  }
  return extras;
}

function retentionMs(duration: string, role: string): number {
  const ms = parseGoDurationMs(duration);
  if (ms === undefined || ms <= 0) {
    throw new TopicSpecError(
      `spec.kafka.retention.${role} is ${JSON.stringify(duration)}: not a positive Go duration such as "168h"`,
    );
  }
  return ms;
}
