import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigResourceTypes, ConfigSource, Kafka, logLevel, type Admin } from 'kafkajs';
import { eventually, freePort, KafkaBroker } from '@cmf/test-harness';
import {
  KafkaAdminError,
  KafkaTopicReconciler,
  type DesiredTopic,
  type KafkaConnection,
} from '../../src/topics/index.js';
import { adminRetry, callDeadlineMs, kafkaClientConfig } from '../../src/topics/kafka-client-config.js';

// The topic reconciler against a real Kafka 4.1 broker. What it changed is read back with a
// separate kafkajs admin; what it asked Kafka to change is counted by wrapping its own admin
// clients, so "nothing altered" is observed, not assumed.

const MUTATIONS = ['createTopics', 'createPartitions', 'alterConfigs', 'deleteTopics'] as const;
type Mutation = (typeof MUTATIONS)[number];

let broker: KafkaBroker;
let inspector: Admin;
let connection: KafkaConnection;
let reconciler: KafkaTopicReconciler;
const mutations: { call: Mutation; topics: string[] }[] = [];

/** Wraps an admin so every mutating call is recorded with the topics it names. */
function recording(admin: Admin): Admin {
  const wrapped = { ...admin };
  // kafkajs' admin is a plain object of closures, so its methods need no `this`.
  const methods = admin as unknown as Record<Mutation, (request: unknown) => Promise<unknown>>;
  for (const call of MUTATIONS) {
    const original = methods[call];
    (wrapped as Record<Mutation, unknown>)[call] = (request: unknown) => {
      mutations.push({ call, topics: topicsNamedIn(request) });
      return original(request);
    };
  }
  return wrapped;
}

function topicsNamedIn(request: unknown): string[] {
  const r = request as {
    topics?: (string | { topic: string })[];
    topicPartitions?: { topic: string }[];
    resources?: { name: string }[];
  };
  return [
    ...(r.topics ?? []).map((t) => (typeof t === 'string' ? t : t.topic)),
    ...(r.topicPartitions ?? []).map((t) => t.topic),
    ...(r.resources ?? []).map((t) => t.name),
  ];
}

function mutationsOf(topics: readonly string[]): { call: Mutation; topics: string[] }[] {
  return mutations.filter((m) => m.topics.some((t) => topics.includes(t)));
}

function desired(name: string, partitions: number, configs: Record<string, string> = {}): DesiredTopic {
  return {
    name,
    partitions,
    configs: { 'retention.ms': '3600000', 'cleanup.policy': 'delete', ...configs },
  };
}

interface TopicOnBroker {
  readonly partitions: number;
  readonly replicas: number[];
  /** Configs set on the topic itself (dynamic topic configs). */
  readonly topicConfigs: Record<string, string>;
  /** Every config value, defaults included. */
  readonly values: Record<string, string | null>;
}

async function onBroker(name: string): Promise<TopicOnBroker> {
  const { topics } = await inspector.fetchTopicMetadata({ topics: [name] });
  const partitions = topics[0]?.partitions ?? [];
  const described = await inspector.describeConfigs({
    resources: [{ type: ConfigResourceTypes.TOPIC, name }],
    includeSynonyms: false,
  });
  const entries = described.resources[0]?.configEntries ?? [];
  return {
    partitions: partitions.length,
    replicas: partitions.map((p) => p.replicas.length),
    topicConfigs: Object.fromEntries(
      entries
        .filter((e) => e.configSource === ConfigSource.TOPIC_CONFIG)
        .map((e) => [e.configName, e.configValue]),
    ),
    values: Object.fromEntries(entries.map((e) => [e.configName, e.configValue])),
  };
}

/**
 * Polls until `check` passes on the topic as the broker reports it: Kafka applies admin changes
 * asynchronously (the controller commits, the broker learns it a moment later).
 */
async function expectOnBroker(name: string, check: (topic: TopicOnBroker) => void): Promise<void> {
  let last: unknown;
  try {
    await eventually(`topic ${name} on the broker to match`, async () => {
      try {
        check(await onBroker(name));
        return true;
      } catch (error) {
        last = error;
        return false;
      }
    });
  } catch (timeout) {
    throw last ?? timeout;
  }
}

async function topicNames(): Promise<string[]> {
  return (await inspector.listTopics()).sort();
}

beforeAll(async () => {
  broker = await KafkaBroker.start();
  inspector = new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING }).admin();
  await inspector.connect();
  connection = { brokers: [broker.bootstrap], clientId: 'cmf-operator', connectTimeoutMs: 2_000 };
  reconciler = new KafkaTopicReconciler({
    createAdmin: (c) => recording(new Kafka(kafkaClientConfig(c)).admin({ retry: adminRetry })),
  });
});

afterAll(async () => {
  await reconciler.close();
  await inspector.disconnect();
  await broker.destroy();
});

describe('KafkaTopicReconciler on a real broker', () => {
  it('creates missing topics with their partitions and configs, marked created', async () => {
    const wanted = [
      desired('create.messages', 3, { 'min.insync.replicas': '1', 'segment.ms': '600000' }),
      desired('create.signals', 2, { 'retention.ms': '300000' }),
    ];
    const result = await reconciler.ensure(connection, wanted, new Set());

    expect(result.problems).toEqual([]);
    expect(result.topics).toEqual([
      { name: 'create.messages', partitions: 3, created: true },
      { name: 'create.signals', partitions: 2, created: true },
    ]);
    await expectOnBroker('create.messages', (topic) => {
      expect(topic).toMatchObject({
        partitions: 3,
        topicConfigs: {
          'retention.ms': '3600000',
          'cleanup.policy': 'delete',
          'min.insync.replicas': '1',
          'segment.ms': '600000',
        },
      });
    });
    await expectOnBroker('create.signals', (topic) => {
      expect(topic.topicConfigs).toEqual({ 'retention.ms': '300000', 'cleanup.policy': 'delete' });
    });
  });

  it('changes nothing on a second pass, and keeps the created mark it is given', async () => {
    const wanted = [desired('noop.messages', 2, { 'max.message.bytes': '2097152' })];
    await reconciler.ensure(connection, wanted, new Set());
    const before = await onBroker('noop.messages');
    const mutationsBefore = mutationsOf(['noop.messages']).length;

    const again = await reconciler.ensure(connection, wanted, new Set(['noop.messages']));

    expect(again).toEqual({
      topics: [{ name: 'noop.messages', partitions: 2, created: true }],
      problems: [],
    });
    expect(mutationsOf(['noop.messages'])).toHaveLength(mutationsBefore);
    expect(await onBroker('noop.messages')).toEqual(before);
  });

  it('adds partitions when the spec grows', async () => {
    await reconciler.ensure(connection, [desired('grow.messages', 2)], new Set());
    const result = await reconciler.ensure(
      connection,
      [desired('grow.messages', 5)],
      new Set(['grow.messages']),
    );

    expect(result).toEqual({
      topics: [{ name: 'grow.messages', partitions: 5, created: true }],
      problems: [],
    });
    await eventually(
      'grow.messages to have 5 partitions',
      async () => (await onBroker('grow.messages')).partitions === 5,
    );
    expect(mutationsOf(['grow.messages']).map((m) => m.call)).toEqual(['createTopics', 'createPartitions']);
  });

  it('reports fewer partitions as NotSupported and leaves that topic alone, while the others are reconciled', async () => {
    await reconciler.ensure(
      connection,
      [desired('shrink.messages', 4), desired('shrink.events', 1)],
      new Set(),
    );
    const before = await onBroker('shrink.messages');

    const result = await reconciler.ensure(
      connection,
      [desired('shrink.messages', 2, { 'retention.ms': '60000' }), desired('shrink.events', 3)],
      new Set(['shrink.messages', 'shrink.events']),
    );

    expect(result.topics).toEqual([
      { name: 'shrink.messages', partitions: 4, created: true },
      { name: 'shrink.events', partitions: 3, created: true },
    ]);
    expect(result.problems).toEqual([
      {
        topic: 'shrink.messages',
        code: 'NotSupported',
        message:
          'topic shrink.messages has 4 partitions and the spec asks for 2: Kafka cannot remove partitions, so the ' +
          'topic is left unchanged; set spec.kafka.partitions to at least 4, or use new topics through a new ' +
          'ChatGateway',
      },
    ]);
    expect(await onBroker('shrink.messages')).toEqual(before);
    expect(mutationsOf(['shrink.messages']).map((m) => m.call)).toEqual(['createTopics']);
    await eventually(
      'shrink.events to have 3 partitions',
      async () => (await onBroker('shrink.events')).partitions === 3,
    );
  });

  it('reports another replication factor as NotSupported without touching the topic', async () => {
    await reconciler.ensure(connection, [desired('rf.messages', 1)], new Set());
    const result = await reconciler.ensure(
      connection,
      [{ ...desired('rf.messages', 1), replicationFactor: 3 }],
      new Set(['rf.messages']),
    );
    expect(result.topics).toEqual([{ name: 'rf.messages', partitions: 1, created: true }]);
    expect(result.problems).toMatchObject([
      {
        topic: 'rf.messages',
        code: 'NotSupported',
        message: expect.stringContaining('replication factor 1') as string,
      },
    ]);
  });

  it('adopts a topic created by someone else: created false, partitions grown, configs corrected, others kept', async () => {
    await inspector.createTopics({
      topics: [
        {
          topic: 'adopt.messages',
          numPartitions: 2,
          configEntries: [
            { name: 'retention.ms', value: '1000' },
            { name: 'cleanup.policy', value: 'compact' },
            { name: 'segment.ms', value: '7200000' },
          ],
        },
      ],
    });

    const result = await reconciler.ensure(
      connection,
      [desired('adopt.messages', 4, { 'min.insync.replicas': '1' })],
      new Set(),
    );

    expect(result).toEqual({
      topics: [{ name: 'adopt.messages', partitions: 4, created: false }],
      problems: [],
    });
    await expectOnBroker('adopt.messages', (topic) => {
      expect(topic.partitions).toBe(4);
      expect(topic.topicConfigs).toEqual({
        'retention.ms': '3600000',
        'cleanup.policy': 'delete',
        'min.insync.replicas': '1',
        // Not the operator's, so kept through the full AlterConfigs.
        'segment.ms': '7200000',
      });
    });
    expect(
      mutationsOf(['adopt.messages'])
        .map((m) => m.call)
        .sort(),
    ).toEqual(['alterConfigs', 'createPartitions']);
  });

  it('corrects config drift made by hand', async () => {
    const wanted = [desired('drift.receipts', 1, { 'max.message.bytes': '2097152' })];
    await reconciler.ensure(connection, wanted, new Set());
    await inspector.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: 'drift.receipts',
          configEntries: [
            { name: 'retention.ms', value: '5000' },
            { name: 'max.message.bytes', value: '2097152' },
          ],
        },
      ],
    });
    await expectOnBroker('drift.receipts', (topic) => {
      expect(topic.topicConfigs['retention.ms']).toBe('5000');
    });

    const result = await reconciler.ensure(connection, wanted, new Set(['drift.receipts']));

    expect(result.problems).toEqual([]);
    expect(mutationsOf(['drift.receipts']).map((m) => m.call)).toEqual(['createTopics', 'alterConfigs']);
    await expectOnBroker('drift.receipts', (topic) => {
      expect(topic.topicConfigs).toEqual({
        'retention.ms': '3600000',
        'cleanup.policy': 'delete',
        'max.message.bytes': '2097152',
      });
    });
  });

  it('reports what Kafka refuses for one topic and still creates the others', async () => {
    const result = await reconciler.ensure(
      connection,
      [
        { ...desired('refused.messages', 1), replicationFactor: 3 },
        desired('refused.events', 1, { 'no.such.config': 'x' }),
        desired('refused.dlq', 1),
      ],
      new Set(),
    );
    expect(result.topics).toEqual([{ name: 'refused.dlq', partitions: 1, created: true }]);
    expect(result.problems).toEqual([
      {
        topic: 'refused.messages',
        code: 'NotSupported',
        message: expect.stringMatching(
          /^creating topic refused\.messages: .*INVALID_REPLICATION_FACTOR/,
        ) as string,
      },
      {
        topic: 'refused.events',
        code: 'NotSupported',
        message: expect.stringMatching(/^creating topic refused\.events: .*INVALID_CONFIG/) as string,
      },
    ]);
    expect(await topicNames()).not.toContain('refused.messages');
  });

  it('deletes exactly the topics it is given; unknown names are fine', async () => {
    await reconciler.ensure(
      connection,
      [desired('del.a', 1), desired('del.b', 1), desired('del.c', 1)],
      new Set(),
    );
    await reconciler.deleteTopics(connection, ['del.a', 'del.c', 'del.never-existed']);
    await eventually('del.a and del.c to be gone', async () => {
      const names = await topicNames();
      return !names.includes('del.a') && !names.includes('del.c');
    });
    expect(await topicNames()).toContain('del.b');
    expect(mutationsOf(['del.never-existed'])).toEqual([]);
    await reconciler.deleteTopics(connection, []);
    await reconciler.deleteTopics(connection, ['del.a']);
  });

  it('throws KafkaAccessDenied when the brokers refuse the SASL login', async () => {
    const sasl: KafkaConnection = {
      ...connection,
      sasl: { mechanism: 'scram-sha-512', username: 'cmf', password: 'wrong' },
    };
    const failure = reconciler.ensure(sasl, [desired('sasl.messages', 1)], new Set());
    await expect(failure).rejects.toBeInstanceOf(KafkaAdminError);
    await expect(failure).rejects.toMatchObject({ code: 'KafkaAccessDenied' });
    expect(await topicNames()).not.toContain('sasl.messages');
  });

  it('throws KafkaUnreachable for a port nobody listens on, within the call deadline', async () => {
    const closed: KafkaConnection = { ...connection, brokers: [`127.0.0.1:${await freePort()}`] };
    const started = Date.now();
    const failure = reconciler.ensure(closed, [desired('closed.messages', 1)], new Set());
    await expect(failure).rejects.toMatchObject({ name: 'KafkaAdminError', code: 'KafkaUnreachable' });
    expect(Date.now() - started).toBeLessThan(callDeadlineMs(closed) + 5_000);
  });

  it('throws KafkaUnreachable while the broker is stopped, and works again once it is back', async () => {
    const wanted = [desired('outage.messages', 1)];
    expect((await reconciler.ensure(connection, wanted, new Set())).problems).toEqual([]);

    await broker.stop();
    try {
      const started = Date.now();
      const failure = reconciler.ensure(connection, [...wanted, desired('outage.events', 1)], new Set());
      await expect(failure).rejects.toMatchObject({ name: 'KafkaAdminError', code: 'KafkaUnreachable' });
      expect(Date.now() - started).toBeLessThan(callDeadlineMs(connection) + 5_000);
      await expect(reconciler.deleteTopics(connection, ['outage.messages'])).rejects.toMatchObject({
        code: 'KafkaUnreachable',
      });
    } finally {
      await broker.restart();
    }

    let result: Awaited<ReturnType<KafkaTopicReconciler['ensure']>> | undefined;
    await eventually(
      'ensure to succeed after the broker restarted',
      async () => {
        try {
          result = await reconciler.ensure(
            connection,
            [...wanted, desired('outage.events', 1)],
            new Set(['outage.messages']),
          );
          return result.problems.length === 0;
        } catch {
          return false;
        }
      },
      120_000,
    );
    expect(result?.topics).toEqual([
      { name: 'outage.messages', partitions: 1, created: true },
      { name: 'outage.events', partitions: 1, created: true },
    ]);
  });
});
