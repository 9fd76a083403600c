import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { applyDefaults, asCustomResourceDefinition, crdVersion } from '../api/crd-schema/index.js';
import { ChatGatewayResource, type ChatGateway } from '../api/v1alpha1/index.js';
import { desiredTopics } from './desired-topics.js';
import { TopicSpecError } from './topic-spec-error.js';

// Gateways as the API server serves them: the CRD's own defaults applied to what a user writes.
const crdFile = fileURLToPath(new URL('../../../crds/chatgateways.cmf.io.yaml', import.meta.url));
const schema = crdVersion(
  asCustomResourceDefinition(parse(readFileSync(crdFile, 'utf8'))),
  ChatGatewayResource.version,
).schema.openAPIV3Schema;

function served(kafka: Record<string, unknown>): ChatGateway {
  return applyDefaults(
    {
      apiVersion: ChatGatewayResource.apiVersion,
      kind: ChatGatewayResource.kind,
      metadata: { name: 'chat', namespace: 'team-a' },
      spec: { kafka },
    },
    schema,
  ) as ChatGateway;
}

describe('desiredTopics', () => {
  it('names the five topics as the gateway does, each with spec.kafka.partitions', () => {
    const topics = desiredTopics(served({ topicPrefix: 'team-a.chat', partitions: 12 }));
    expect(topics.map((t) => t.name)).toEqual([
      'team-a.chat.messages',
      'team-a.chat.events',
      'team-a.chat.signals',
      'team-a.chat.receipts',
      'team-a.chat.dlq',
    ]);
    expect(topics.map((t) => t.partitions)).toEqual([12, 12, 12, 12, 12]);
  });

  it('turns the default retentions into retention.ms and sets cleanup.policy=delete', () => {
    const topics = desiredTopics(served({ topicPrefix: 'chat' }));
    expect(Object.fromEntries(topics.map((t) => [t.name, t.configs]))).toEqual({
      'chat.messages': { 'retention.ms': '604800000', 'cleanup.policy': 'delete' },
      'chat.events': { 'retention.ms': '604800000', 'cleanup.policy': 'delete' },
      'chat.signals': { 'retention.ms': '300000', 'cleanup.policy': 'delete' },
      'chat.receipts': { 'retention.ms': '259200000', 'cleanup.policy': 'delete' },
      'chat.dlq': { 'retention.ms': '1209600000', 'cleanup.policy': 'delete' },
    });
  });

  it('reads compound and fractional Go durations', () => {
    const [messages, , signals] = desiredTopics(
      served({ topicPrefix: 'chat', retention: { messages: '1h30m', signals: '1.5m' } }),
    );
    expect(messages?.configs['retention.ms']).toBe('5400000');
    expect(signals?.configs['retention.ms']).toBe('90000');
  });

  it('adds spec.kafka.topicConfig to every topic', () => {
    const topics = desiredTopics(
      served({
        topicPrefix: 'chat',
        topicConfig: { 'min.insync.replicas': '2', 'max.message.bytes': '2097152' },
      }),
    );
    for (const topic of topics) {
      expect(topic.configs).toMatchObject({ 'min.insync.replicas': '2', 'max.message.bytes': '2097152' });
      expect(Object.keys(topic.configs).sort()).toEqual([
        'cleanup.policy',
        'max.message.bytes',
        'min.insync.replicas',
        'retention.ms',
      ]);
    }
  });

  it('never emits topicConfig values for retention.ms or cleanup.policy (older objects)', () => {
    const topics = desiredTopics(
      served({
        topicPrefix: 'chat',
        topicConfig: { 'retention.ms': '1', 'cleanup.policy': 'compact', 'segment.ms': '600000' },
      }),
    );
    for (const topic of topics) {
      expect(topic.configs['cleanup.policy']).toBe('delete');
      expect(topic.configs['retention.ms']).not.toBe('1');
      expect(topic.configs['segment.ms']).toBe('600000');
    }
  });

  it('sets the replication factor only when the spec does', () => {
    expect(desiredTopics(served({ topicPrefix: 'chat' })).every((t) => !('replicationFactor' in t))).toBe(
      true,
    );
    const withFactor = desiredTopics(served({ topicPrefix: 'chat', replicationFactor: 3 }));
    expect(withFactor.map((t) => t.replicationFactor)).toEqual([3, 3, 3, 3, 3]);
  });

  it('is pure: the same gateway gives equal topics and the gateway is not changed', () => {
    const gateway = served({ topicPrefix: 'chat', topicConfig: { 'min.insync.replicas': '2' } });
    const before = structuredClone(gateway);
    expect(desiredTopics(gateway)).toEqual(desiredTopics(gateway));
    expect(gateway).toEqual(before);
  });

  it('rejects a retention that is not a Go duration with a typed, non-retriable error', () => {
    const gateway = served({ topicPrefix: 'chat', retention: { dlq: '14d' } });
    expect(() => desiredTopics(gateway)).toThrow(TopicSpecError);
    expect(() => desiredTopics(gateway)).toThrow(
      'spec.kafka.retention.dlq is "14d": not a positive Go duration such as "168h"',
    );
  });
});
