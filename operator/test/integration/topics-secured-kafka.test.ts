import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, KafkaBroker } from '@cmf/test-harness';
import { KafkaTopicReconciler, type DesiredTopic, type KafkaConnection } from '../../src/topics/index.js';

// The topic reconciler against a real broker whose client listener asks for SCRAM-SHA-512 over
// TLS with its own CA: the SASL and TLS settings of a KafkaConnection reach Kafka, and Kafka's
// refusals come back as the right KafkaAdminError codes.

let broker: KafkaBroker;
let reconciler: KafkaTopicReconciler;
let secured: KafkaConnection;

const topics: DesiredTopic[] = [
  {
    name: 'secure.messages',
    partitions: 2,
    configs: { 'retention.ms': '3600000', 'cleanup.policy': 'delete' },
  },
];

beforeAll(async () => {
  broker = await KafkaBroker.start({ security: { sasl: 'SCRAM-SHA-512', tls: true } });
  const { sasl, tls } = broker;
  if (sasl === undefined || tls === undefined) throw new Error('the harness started an unsecured broker');
  secured = {
    brokers: [broker.bootstrap],
    clientId: 'cmf-operator',
    connectTimeoutMs: 5_000,
    sasl: { mechanism: 'scram-sha-512', username: sasl.username, password: sasl.password },
    tls: { ca: tls.ca },
  };
  reconciler = new KafkaTopicReconciler();
});

afterAll(async () => {
  await reconciler.close();
  await broker.destroy();
});

describe('KafkaTopicReconciler on a SASL/TLS broker', () => {
  it('logs in with SCRAM over TLS, trusting the given CA, and creates the topics', async () => {
    expect(await reconciler.ensure(secured, topics, new Set())).toEqual({
      topics: [{ name: 'secure.messages', partitions: 2, created: true }],
      problems: [],
    });
    expect(await reconciler.ensure(secured, topics, new Set(['secure.messages']))).toEqual({
      topics: [{ name: 'secure.messages', partitions: 2, created: true }],
      problems: [],
    });
  });

  it('throws KafkaAccessDenied for a wrong password, and works once the password is right again', async () => {
    const sasl = secured.sasl;
    if (sasl === undefined) throw new Error('no SASL');
    const wrong: KafkaConnection = { ...secured, sasl: { ...sasl, password: 'not-the-password' } };
    await expect(reconciler.ensure(wrong, topics, new Set())).rejects.toMatchObject({
      name: 'KafkaAdminError',
      code: 'KafkaAccessDenied',
    });
    await expect(reconciler.deleteTopics(wrong, ['secure.messages'])).rejects.toMatchObject({
      code: 'KafkaAccessDenied',
    });
    const result = await reconciler.ensure(secured, topics, new Set(['secure.messages']));
    expect(result.problems).toEqual([]);
  });

  it('throws KafkaAccessDenied for a SASL mechanism the broker does not enable', async () => {
    const sasl = secured.sasl;
    if (sasl === undefined) throw new Error('no SASL');
    const plain: KafkaConnection = { ...secured, sasl: { ...sasl, mechanism: 'plain' } };
    await expect(reconciler.ensure(plain, topics, new Set())).rejects.toMatchObject({
      code: 'KafkaAccessDenied',
    });
  });

  it('throws KafkaUnreachable when the broker certificate is not trusted (system roots only)', async () => {
    const systemRoots: KafkaConnection = { ...secured, tls: {} };
    await expect(reconciler.ensure(systemRoots, topics, new Set())).rejects.toMatchObject({
      name: 'KafkaAdminError',
      code: 'KafkaUnreachable',
    });
  });

  it('deletes the topics it is given with the right credentials', async () => {
    await reconciler.deleteTopics(secured, ['secure.messages']);
    // Created anew (so marked created without being told) once Kafka has finished the deletion.
    await eventually('secure.messages to be created anew', async () => {
      const result = await reconciler.ensure(secured, topics, new Set());
      return result.problems.length === 0 && result.topics[0]?.created === true;
    });
  });
});
