import { describe, expect, it } from 'vitest';
import type { DesiredTopic } from './topic-reconciler.js';
import { planTopicUpdate, type ObservedConfig, type ObservedTopic } from './topic-plan.js';

const desired: DesiredTopic = {
  name: 'chat.messages',
  partitions: 6,
  configs: { 'retention.ms': '604800000', 'cleanup.policy': 'delete', 'min.insync.replicas': '1' },
};

function observed(
  overrides: Partial<Omit<ObservedTopic, 'configs'>> & { configs?: Record<string, ObservedConfig> },
): ObservedTopic {
  const configs: Record<string, ObservedConfig> = overrides.configs ?? {
    'retention.ms': { value: '604800000', topicLevel: true },
    'cleanup.policy': { value: 'delete', topicLevel: false },
    'min.insync.replicas': { value: '1', topicLevel: false },
    'segment.bytes': { value: '1073741824', topicLevel: false },
  };
  return {
    name: 'chat.messages',
    partitions: overrides.partitions ?? 6,
    replicaCounts: overrides.replicaCounts ?? [1, 1, 1, 1, 1, 1],
    configs: new Map(Object.entries(configs)),
  };
}

describe('planTopicUpdate', () => {
  it('does nothing when partitions and every managed value match, whatever their source', () => {
    expect(planTopicUpdate(desired, observed({}))).toEqual({ kind: 'update' });
  });

  it('grows partitions to the spec', () => {
    expect(planTopicUpdate(desired, observed({ partitions: 2, replicaCounts: [1, 1] }))).toEqual({
      kind: 'update',
      growTo: 6,
    });
  });

  it('leaves a topic with more partitions entirely alone, configs included', () => {
    const plan = planTopicUpdate(
      desired,
      observed({
        partitions: 8,
        configs: { 'retention.ms': { value: '1000', topicLevel: true } },
      }),
    );
    expect(plan).toEqual({
      kind: 'leaveAlone',
      reasons: [
        'topic chat.messages has 8 partitions and the spec asks for 6: Kafka cannot remove partitions, so the ' +
          'topic is left unchanged; set spec.kafka.partitions to at least 8, or use new topics through a new ' +
          'ChatGateway',
      ],
    });
  });

  it('leaves a topic with another replication factor alone, and ignores it when the spec sets none', () => {
    const plan = planTopicUpdate({ ...desired, replicationFactor: 3 }, observed({}));
    expect(plan.kind).toBe('leaveAlone');
    expect(plan.kind === 'leaveAlone' ? plan.reasons : []).toEqual([
      'topic chat.messages has replication factor 1 and the spec asks for 3: the operator does not move ' +
        'replicas, so the topic is left unchanged; reassign them with kafka-reassign-partitions',
    ]);
    expect(planTopicUpdate(desired, observed({ replicaCounts: [3, 3, 3, 3, 3, 3] }))).toEqual({
      kind: 'update',
    });
    expect(
      planTopicUpdate({ ...desired, replicationFactor: 3 }, observed({ replicaCounts: [3, 3, 3, 3, 3, 3] })),
    ).toEqual({ kind: 'update' });
  });

  it('alters drifted configs, keeping the topic-level configs it does not manage', () => {
    const plan = planTopicUpdate(
      desired,
      observed({
        partitions: 6,
        configs: {
          'retention.ms': { value: '60000', topicLevel: true },
          'cleanup.policy': { value: 'delete', topicLevel: false },
          'segment.ms': { value: '3600000', topicLevel: true },
          'segment.bytes': { value: '1073741824', topicLevel: false },
        },
      }),
    );
    expect(plan).toEqual({
      kind: 'update',
      alter: {
        changed: ['min.insync.replicas', 'retention.ms'],
        entries: {
          'retention.ms': '604800000',
          'cleanup.policy': 'delete',
          'min.insync.replicas': '1',
          'segment.ms': '3600000',
        },
      },
    });
  });

  it('grows and alters in one plan', () => {
    const plan = planTopicUpdate(
      desired,
      observed({ partitions: 3, configs: { 'cleanup.policy': { value: 'compact', topicLevel: true } } }),
    );
    expect(plan).toMatchObject({
      kind: 'update',
      growTo: 6,
      alter: { changed: ['cleanup.policy', 'min.insync.replicas', 'retention.ms'] },
    });
  });
});
