import { KafkaJSConnectionError, KafkaJSProtocolError, type Admin } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { KafkaTopicReconciler } from './kafka-topic-reconciler.js';
import { ConfigValueSource } from './kafka-wire-codes.js';
import { KafkaAdminError, type DesiredTopic, type KafkaConnection } from './topic-reconciler.js';

// The paths a single real broker cannot be made to take on demand (a topic appearing between two
// calls, one call failing while others succeed), through a fake admin. Everything else about the
// reconciler is tested on a real broker in test/integration/topics-kafka.test.ts.

interface FakeTopic {
  partitions: number;
  configs: Record<string, string>;
}

type Method =
  | 'connect'
  | 'createPartitions'
  | 'fetchTopicMetadata'
  | 'describeConfigs'
  | 'createTopics'
  | 'alterConfigs'
  | 'listTopics'
  | 'deleteTopics';

class FakeAdmin {
  readonly calls: Method[] = [];
  disconnected = false;
  /** Per method: an error to throw instead of answering. */
  readonly failures = new Map<Method, (request: unknown) => Error | undefined>();
  /** createTopics answers false (TOPIC_ALREADY_EXISTS) for these. */
  readonly existsOnCreate = new Set<string>();

  constructor(readonly topics: Map<string, FakeTopic>) {}

  private enter(method: Method, request?: unknown): void {
    this.calls.push(method);
    const failure = this.failures.get(method)?.(request);
    if (failure !== undefined) throw failure;
  }

  connect(): Promise<void> {
    this.enter('connect');
    return Promise.resolve();
  }
  disconnect(): Promise<void> {
    this.disconnected = true;
    return Promise.resolve();
  }
  listTopics(): Promise<string[]> {
    this.enter('listTopics');
    return Promise.resolve([...this.topics.keys()]);
  }
  fetchTopicMetadata(request?: { topics: string[] }) {
    this.enter('fetchTopicMetadata', request);
    const names = request?.topics ?? [...this.topics.keys()];
    return Promise.resolve({
      topics: names.flatMap((name) => {
        const topic = this.topics.get(name);
        if (topic === undefined) return [];
        const partitions = Array.from({ length: topic.partitions }, (_, i) => ({
          partitionErrorCode: 0,
          partitionId: i,
          leader: 1,
          replicas: [1],
          isr: [1],
          offlineReplicas: [],
        }));
        return [{ name, partitions }];
      }),
    });
  }
  describeConfigs(request: { resources: { name: string }[] }) {
    this.enter('describeConfigs', request);
    return Promise.resolve({
      throttleTime: 0,
      resources: request.resources.map(({ name }) => ({
        resourceName: name,
        resourceType: 2,
        errorCode: 0,
        errorMessage: '',
        configEntries: Object.entries(this.topics.get(name)?.configs ?? {}).map(
          ([configName, configValue]) => ({
            configName,
            configValue,
            configSource: ConfigValueSource.TopicConfig,
            isDefault: false,
            isSensitive: false,
            readOnly: false,
            configSynonyms: [],
          }),
        ),
      })),
    });
  }
  createTopics(request: {
    topics: { topic: string; numPartitions: number; configEntries: { name: string; value: string }[] }[];
  }) {
    this.enter('createTopics', request);
    const [wanted] = request.topics;
    if (wanted === undefined) return Promise.resolve(false);
    if (this.existsOnCreate.has(wanted.topic)) return Promise.resolve(false);
    this.topics.set(wanted.topic, {
      partitions: wanted.numPartitions,
      configs: Object.fromEntries(wanted.configEntries.map((e) => [e.name, e.value])),
    });
    return Promise.resolve(true);
  }
  createPartitions(request: { topicPartitions: { topic: string; count: number }[] }) {
    this.enter('createPartitions', request);
    for (const { topic, count } of request.topicPartitions) {
      const existing = this.topics.get(topic);
      if (existing !== undefined) existing.partitions = count;
    }
    return Promise.resolve(true);
  }
  alterConfigs(request: { resources: { name: string; configEntries: { name: string; value: string }[] }[] }) {
    this.enter('alterConfigs', request);
    for (const { name, configEntries } of request.resources) {
      const existing = this.topics.get(name);
      if (existing !== undefined)
        existing.configs = Object.fromEntries(configEntries.map((e) => [e.name, e.value]));
    }
    return Promise.resolve({});
  }
  deleteTopics(request: { topics: string[] }) {
    this.enter('deleteTopics', request);
    for (const name of request.topics) this.topics.delete(name);
    return Promise.resolve();
  }
}

const connection: KafkaConnection = {
  brokers: ['kafka:9092'],
  clientId: 'cmf-operator',
  connectTimeoutMs: 1_000,
};
const managed = { 'retention.ms': '3600000', 'cleanup.policy': 'delete' };
const topic = (name: string, partitions = 1): DesiredTopic => ({ name, partitions, configs: managed });
const refused = () =>
  new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 10.0.0.1:9092', {
    broker: 'kafka:9092',
  });
function protocolError(type: string, code: number, retriable: boolean): KafkaJSProtocolError {
  return new KafkaJSProtocolError(Object.assign(new Error(type.toLowerCase()), { type, code, retriable }));
}

/** `prepare` sets up each admin as it is built (failures, races), before the reconciler uses it. */
function setup(
  topics: Record<string, FakeTopic> = {},
  prepare: (admin: FakeAdmin, index: number) => void = () => undefined,
) {
  const admins: FakeAdmin[] = [];
  const state = new Map(Object.entries(topics));
  const reconciler = new KafkaTopicReconciler({
    createAdmin: () => {
      const admin = new FakeAdmin(state);
      prepare(admin, admins.length);
      admins.push(admin);
      return admin as unknown as Admin;
    },
  });
  return { reconciler, admins, state };
}

describe('KafkaTopicReconciler (fake admin)', () => {
  it('still reports a topic whose configs cannot be read, with its created mark and partitions', async () => {
    const { reconciler } = setup(
      {
        'chat.messages': { partitions: 3, configs: managed },
        'chat.events': { partitions: 3, configs: managed },
      },
      (admin) => {
        admin.failures.set('describeConfigs', (request) =>
          (request as { resources: { name: string }[] }).resources[0]?.name === 'chat.messages'
            ? protocolError('TOPIC_AUTHORIZATION_FAILED', 29, false)
            : undefined,
        );
      },
    );
    const result = reconciler.ensure(
      connection,
      [topic('chat.messages', 3), topic('chat.events', 3)],
      new Set(['chat.messages']),
    );
    expect(await result).toEqual({
      topics: [
        { name: 'chat.messages', partitions: 3, created: true },
        { name: 'chat.events', partitions: 3, created: false },
      ],
      problems: [
        {
          topic: 'chat.messages',
          code: 'KafkaAccessDenied',
          message:
            'reading configs of topic chat.messages: topic_authorization_failed (TOPIC_AUTHORIZATION_FAILED)',
        },
      ],
    });
  });

  it('reports a topic that appeared while being created as TopicsCreating, not as its own', async () => {
    const { reconciler } = setup({}, (admin) => admin.existsOnCreate.add('race.messages'));
    const result = reconciler.ensure(connection, [topic('race.messages')], new Set());
    expect(await result).toEqual({
      topics: [],
      problems: [
        {
          topic: 'race.messages',
          code: 'TopicsCreating',
          message:
            'topic race.messages appeared while the operator was creating it; it is adopted on the next pass',
        },
      ],
    });
  });

  it('throws KafkaUnreachable when the listing fails, before changing anything', async () => {
    const { reconciler, admins } = setup({}, (admin) => admin.failures.set('fetchTopicMetadata', refused));
    const result = reconciler.ensure(connection, [topic('down.messages')], new Set());
    await expect(result).rejects.toBeInstanceOf(KafkaAdminError);
    await expect(result).rejects.toMatchObject({ code: 'KafkaUnreachable' });
    expect(admins[0]?.calls).toEqual(['connect', 'fetchTopicMetadata']);
    expect(admins[0]?.disconnected).toBe(true);
  });

  it('after the first unreachable call of a pass, fails the rest at once and builds a new client next time', async () => {
    const { reconciler, admins, state } = setup(
      { 'a.messages': { partitions: 1, configs: { ...managed, 'retention.ms': '1000' } } },
      (admin, index) => {
        if (index === 0) admin.failures.set('createPartitions', refused);
      },
    );
    const outcome = await reconciler.ensure(connection, [topic('a.messages', 2)], new Set());
    expect(outcome.topics).toEqual([{ name: 'a.messages', partitions: 1, created: false }]);
    expect(outcome.problems.map((p) => p.code)).toEqual(['KafkaUnreachable', 'KafkaUnreachable']);
    expect(admins[0]?.calls).toEqual([
      'connect',
      'fetchTopicMetadata',
      'describeConfigs',
      'createPartitions',
    ]);
    expect(admins[0]?.disconnected).toBe(true);

    const again = await reconciler.ensure(connection, [topic('a.messages', 2)], new Set());
    expect(admins).toHaveLength(2);
    expect(again).toEqual({ topics: [{ name: 'a.messages', partitions: 2, created: false }], problems: [] });
    expect(state.get('a.messages')).toEqual({ partitions: 2, configs: managed });
  });

  it('deletes only existing topics, treats a topic gone meanwhile as deleted, and throws for refusals', async () => {
    const { reconciler, admins, state } = setup(
      {
        'd.a': { partitions: 1, configs: managed },
        'd.b': { partitions: 1, configs: managed },
        'd.c': { partitions: 1, configs: managed },
      },
      (admin) => {
        admin.failures.set('deleteTopics', (request) =>
          (request as { topics: string[] }).topics[0] === 'd.b'
            ? protocolError('UNKNOWN_TOPIC_OR_PARTITION', 3, true)
            : undefined,
        );
      },
    );
    await reconciler.deleteTopics(connection, ['d.a', 'd.b', 'd.missing']);
    expect([...state.keys()].sort()).toEqual(['d.b', 'd.c']);
    expect(admins[0]?.calls.filter((c) => c === 'deleteTopics')).toHaveLength(2);

    admins[0]?.failures.set('deleteTopics', () => protocolError('TOPIC_AUTHORIZATION_FAILED', 29, false));
    await expect(reconciler.deleteTopics(connection, ['d.c'])).rejects.toMatchObject({
      name: 'KafkaAdminError',
      code: 'KafkaAccessDenied',
    });
    expect(state.has('d.c')).toBe(true);
  });

  it('needs no Kafka for nothing to do, and refuses a connection without brokers', async () => {
    const { reconciler, admins } = setup();
    expect(await reconciler.ensure(connection, [], new Set())).toEqual({ topics: [], problems: [] });
    await reconciler.deleteTopics(connection, []);
    expect(admins).toHaveLength(0);
    await expect(
      reconciler.ensure({ ...connection, brokers: [] }, [topic('x')], new Set()),
    ).rejects.toMatchObject({
      code: 'KafkaUnreachable',
      message: 'Kafka could not be reached while reconciling topics: no bootstrap brokers are configured',
    });
  });
});
