import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigResourceTypes, ConfigSource, Kafka, logLevel, type Admin } from 'kafkajs';
import { ControlPlane, eventually, KafkaBroker, repoRoot } from '@cmf/test-harness';
import {
  chatGateway,
  condition,
  gatewayStatus,
  getObject,
  patchGateway,
  reconciled,
} from '../support/chat-gateway-reads.js';
import { OperatorProcess } from '../support/operator-process.js';

// The built cmf-operator as its own process against a real kube-apiserver and
// kube-controller-manager and a real Kafka broker: topics with their partitions and configs,
// growth, a shrink it refuses, adoption, both deletion policies behind the finalizer, garbage
// collection, Kafka going away and coming back, and the API server restarting under it.

const SYSTEM = 'cmf-system';
const NS = 'chat';
const ROLES = ['messages', 'events', 'signals', 'receipts', 'dlq'] as const;
const crdFile = path.join(repoRoot, 'crds', 'chatgateways.cmf.io.yaml');

const topicsOf = (prefix: string): string[] => ROLES.map((role) => `${prefix}.${role}`);

describe('cmf-operator process with a real control plane and a real broker', () => {
  let plane: ControlPlane;
  let broker: KafkaBroker;
  let kafka: Admin;
  let operator: OperatorProcess;

  async function partitionsOf(topic: string): Promise<number> {
    const { topics } = await kafka.fetchTopicMetadata({ topics: [topic] });
    return topics[0]?.partitions.length ?? 0;
  }

  /** The configs set on the topic itself (not broker defaults). */
  async function topicConfigs(topic: string): Promise<Record<string, string>> {
    const described = await kafka.describeConfigs({
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }],
      includeSynonyms: false,
    });
    return Object.fromEntries(
      (described.resources[0]?.configEntries ?? [])
        .filter((e) => e.configSource === ConfigSource.TOPIC_CONFIG)
        .map((e) => [e.configName, e.configValue]),
    );
  }

  async function topicNames(): Promise<string[]> {
    return (await kafka.listTopics()).sort();
  }

  const patch = (name: string, body: unknown): Promise<void> => patchGateway(plane, NS, name, body);

  async function waitReconciled(name: string): Promise<void> {
    await eventually(
      `${name} to be reconciled`,
      async () => {
        operator.assertRunning();
        return reconciled(plane, NS, name);
      },
      120_000,
    );
  }

  async function waitCondition(name: string, type: string, expected: string): Promise<void> {
    await eventually(
      `${name} ${type} ${expected}`,
      async () => {
        operator.assertRunning();
        return (await condition(plane, NS, name, type)) === expected;
      },
      120_000,
    );
  }

  beforeAll(async () => {
    plane = await ControlPlane.start();
    broker = await KafkaBroker.start();
    kafka = new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING }).admin();
    await kafka.connect();
    await plane.kubectl(['apply', '--server-side', '-f', crdFile]);
    await plane.kubectl(['wait', '--for=condition=Established', 'crd/chatgateways.cmf.io', '--timeout=60s']);
    await plane.kubectl(['create', 'namespace', SYSTEM]);
    await plane.kubectl(['create', 'namespace', NS]);
    operator = await OperatorProcess.start({
      name: 'operator-0',
      kubeconfig: plane.kubeconfig,
      env: {
        CMF_POD_NAMESPACE: SYSTEM,
        CMF_OPERATOR_KAFKA_BOOTSTRAP_SERVERS: broker.bootstrap,
        // Longer than an API server restart takes: the term survives it, so what recovers is the
        // watches themselves, not a fresh term with fresh watches.
        CMF_OPERATOR_LEASE_DURATION: '2m',
        CMF_OPERATOR_RENEW_DEADLINE: '100s',
        CMF_OPERATOR_RETRY_PERIOD: '1s',
      },
    });
  });

  afterAll(async () => {
    await operator.stop();
    await kafka.disconnect();
    await broker.destroy();
    await plane.destroy();
  });

  it('creates the five topics with the spec partitions and configs, marked created, TopicsReady True', async () => {
    await plane.kubectl(
      ['apply', '-f', '-'],
      chatGateway(NS, 'chat', {
        kafka: {
          partitions: 2,
          deletionPolicy: 'Delete',
          retention: { messages: '2h' },
          topicConfig: { 'max.message.bytes': '2097152' },
        },
      }),
    );
    await waitReconciled('chat');
    expect((await gatewayStatus(plane, NS, 'chat'))?.topics).toEqual(
      topicsOf('chat')
        .map((name) => ({ name, partitions: 2, created: true }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    );
    for (const topic of topicsOf('chat')) expect(await partitionsOf(topic), topic).toBe(2);
    expect(await topicConfigs('chat.messages')).toEqual({
      'retention.ms': String(2 * 3_600_000),
      'cleanup.policy': 'delete',
      'max.message.bytes': '2097152',
    });
    expect(await topicConfigs('chat.dlq')).toMatchObject({ 'max.message.bytes': '2097152' });
  });

  it('adds partitions when spec.kafka.partitions grows', async () => {
    await patch('chat', { spec: { kafka: { partitions: 4 } } });
    await waitReconciled('chat');
    await eventually('every chat topic to have 4 partitions', async () => {
      const counts = await Promise.all(topicsOf('chat').map(partitionsOf));
      return counts.every((n) => n === 4);
    });
    expect((await gatewayStatus(plane, NS, 'chat'))?.topics?.map((t) => t.partitions)).toEqual([
      4, 4, 4, 4, 4,
    ]);
  });

  it('reports a topic with more partitions than the spec as NotSupported and leaves it alone', async () => {
    await kafka.createTopics({ topics: [{ topic: 'shrink.messages', numPartitions: 6 }] });
    await plane.kubectl(['apply', '-f', '-'], chatGateway(NS, 'shrink', { kafka: { partitions: 3 } }));
    await waitCondition('shrink', 'TopicsReady', 'False/NotSupported');
    const status = await gatewayStatus(plane, NS, 'shrink');
    expect(status?.conditions?.find((c) => c.type === 'TopicsReady')?.message).toContain('shrink.messages');
    expect(await partitionsOf('shrink.messages')).toBe(6);
    // The others are created all the same.
    for (const topic of topicsOf('shrink').slice(1)) expect(await partitionsOf(topic), topic).toBe(3);
  });

  it('adopts an existing topic (created false) and, under Delete, deletes only the topics it created', async () => {
    await kafka.createTopics({ topics: [{ topic: 'adopt.messages', numPartitions: 2 }] });
    await plane.kubectl(
      ['apply', '-f', '-'],
      chatGateway(NS, 'adopt', { kafka: { partitions: 2, deletionPolicy: 'Delete' } }),
    );
    await waitReconciled('adopt');
    const topics = (await gatewayStatus(plane, NS, 'adopt'))?.topics ?? [];
    expect(topics.find((t) => t.name === 'adopt.messages')).toEqual({
      name: 'adopt.messages',
      partitions: 2,
      created: false,
    });
    expect(topics.filter((t) => t.created).map((t) => t.name)).toEqual(topicsOf('adopt').slice(1).sort());
    expect((await getObject(plane, NS, 'chatgateway/adopt'))?.metadata.finalizers).toContain('cmf.io/topics');

    await plane.kubectl(['-n', NS, 'delete', 'chatgateway', 'adopt', '--wait=false']);
    await eventually(
      'adopt to be gone',
      async () => (await getObject(plane, NS, 'chatgateway/adopt')) === undefined,
    );
    await eventually('the created adopt topics to be deleted', async () => {
      const names = await topicNames();
      return topicsOf('adopt')
        .slice(1)
        .every((t) => !names.includes(t));
    });
    expect(await topicNames()).toContain('adopt.messages');
  });

  it('under Retain, removes the finalizer and keeps every topic', async () => {
    await plane.kubectl(['apply', '-f', '-'], chatGateway(NS, 'kept', { kafka: { partitions: 1 } }));
    await waitReconciled('kept');
    const gateway = await getObject(plane, NS, 'chatgateway/kept');
    expect(gateway?.metadata.finalizers).toContain('cmf.io/topics');
    expect((gateway?.['spec'] as { kafka: { deletionPolicy: string } }).kafka.deletionPolicy).toBe('Retain');

    await plane.kubectl(['-n', NS, 'delete', 'chatgateway', 'kept', '--wait=false']);
    await eventually(
      'kept to be gone',
      async () => (await getObject(plane, NS, 'chatgateway/kept')) === undefined,
    );
    expect(await topicNames()).toEqual(expect.arrayContaining(topicsOf('kept')));
  });

  it('reports Kafka down as TopicsReady False KafkaUnreachable, and Ready again once it is back', async () => {
    await broker.stop();
    try {
      await plane.kubectl(['-n', NS, 'annotate', 'chatgateway', 'chat', 'cmf.io/poke=1', '--overwrite']);
      await waitCondition('chat', 'TopicsReady', 'False/KafkaUnreachable');
      expect(await condition(plane, NS, 'chat', 'Degraded')).toBe('True/KafkaUnreachable');
    } finally {
      await broker.restart();
    }
    // Nobody touches the ChatGateway again: the backoff requeue finds the broker back.
    await waitCondition('chat', 'TopicsReady', 'True/Reconciled');
  });

  it('recovers from an API server restart: watches start again and a change made right after is reconciled', async () => {
    const restartsBefore = await watchRestarts();
    await plane.restart();
    await patch('chat', { spec: { replicas: 2 } });
    await eventually(
      'chat to be reconciled at 2 replicas',
      async () => {
        operator.assertRunning();
        const deployment = await getObject(plane, NS, 'deployment/chat');
        return (
          (await reconciled(plane, NS, 'chat')) &&
          (deployment?.['spec'] as { replicas?: number } | undefined)?.replicas === 2
        );
      },
      180_000,
    );
    expect(await watchRestarts()).toBeGreaterThan(restartsBefore);
    expect(operator.log.match(/"msg":"starting controllers"/g)).toHaveLength(1);
    // A deleted owned object comes back: the owned-kind watches are live again too.
    const uid = (await getObject(plane, NS, 'service/chat'))?.metadata.uid;
    await plane.kubectl(['-n', NS, 'delete', 'service', 'chat']);
    await eventually('the Service to come back', async () => {
      const service = await getObject(plane, NS, 'service/chat');
      return service !== undefined && service.metadata.uid !== uid;
    });
  });

  it('deleting the ChatGateway garbage-collects every owned object and, under Delete, its topics', async () => {
    const owned = async (): Promise<string> =>
      plane.kubectl([
        '-n',
        NS,
        'get',
        'deployments,services,configmaps,secrets,networkpolicies,poddisruptionbudgets',
        '-l',
        'app.kubernetes.io/instance=chat',
        '-o',
        'name',
      ]);
    expect(await owned()).toMatch(/^deployment\.apps\/chat$/m);
    await plane.kubectl(['-n', NS, 'delete', 'chatgateway', 'chat', '--wait=false']);
    await eventually(
      'chat to be gone',
      async () => (await getObject(plane, NS, 'chatgateway/chat')) === undefined,
    );
    await eventually('the owned objects to be collected', async () => (await owned()).trim() === '', 120_000);
    await eventually('the chat topics to be deleted', async () => {
      const names = await topicNames();
      return topicsOf('chat').every((t) => !names.includes(t));
    });
  });

  async function watchRestarts(): Promise<number> {
    let total = 0;
    for (const line of (await operator.metrics()).split('\n')) {
      if (line.startsWith('cmf_operator_watch_restarts_total{')) total += Number(line.split(' ').pop());
    }
    return total;
  }
});
