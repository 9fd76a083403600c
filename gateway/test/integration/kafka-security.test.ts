import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel, type Admin, type KafkaConfig, type SASLOptions } from 'kafkajs';
import { GatewayProcess, KafkaBroker } from '@cmf/test-harness';
import { BrokerConnectionError } from '../../src/kafka/broker-connection-error.js';
import type { KafkaSecurity } from '../../src/kafka/kafka-client.js';
import { fetchTopicId } from '../../src/kafka/topic-id.js';
import { RecordingClient, SECRET, until } from '../support/chat-fixture.js';

// The harness index does not re-export the option types yet.
type BrokerSecurity = NonNullable<NonNullable<Parameters<typeof KafkaBroker.start>[0]>['security']>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What the gateway reads from its files, for the broker the harness started. */
function securityOf(
  broker: KafkaBroker,
  override: { password?: string; ca?: string | null } = {},
): KafkaSecurity {
  const { sasl, tls } = broker;
  return {
    ...(sasl === undefined
      ? {}
      : {
          sasl: {
            mechanism: sasl.mechanism.toLowerCase() as 'plain' | 'scram-sha-256' | 'scram-sha-512',
            username: sasl.username,
            password: override.password ?? sasl.password,
          },
        }),
    ...(tls === undefined ? {} : { tls: override.ca === null ? {} : { ca: override.ca ?? tls.ca } }),
  };
}

/** kafkajs, secured the same way, to create topics and produce. */
function kafkaFor(broker: KafkaBroker): Kafka {
  const { sasl, tls } = securityOf(broker);
  const config: KafkaConfig = { brokers: [broker.bootstrap], logLevel: logLevel.NOTHING };
  if (sasl !== undefined) config.sasl = { ...sasl } as SASLOptions;
  if (tls?.ca !== undefined) config.ssl = { ca: [tls.ca] };
  return new Kafka(config);
}

async function fetchError(...args: Parameters<typeof fetchTopicId>): Promise<BrokerConnectionError> {
  try {
    await fetchTopicId(...args);
  } catch (err) {
    if (err instanceof BrokerConnectionError) return err;
    throw err;
  }
  throw new Error('fetchTopicId succeeded');
}

/** A broker with one topic, and an admin client on it. */
function securedBroker(security: BrokerSecurity) {
  const state = {} as { broker: KafkaBroker; admin: Admin };
  beforeAll(async () => {
    state.broker = await KafkaBroker.start({ security });
    state.admin = kafkaFor(state.broker).admin();
    await state.admin.connect();
    await state.admin.createTopics({
      topics: [{ topic: 'sec.messages', numPartitions: 2 }],
      waitForLeaders: true,
    });
  });
  afterAll(async () => {
    await state.admin.disconnect();
    await state.broker.destroy();
  });
  return state;
}

describe('fetchTopicId over SASL/SCRAM-SHA-512 (SASL_PLAINTEXT)', () => {
  const s = securedBroker({ sasl: 'SCRAM-SHA-512' });

  it('reads the topic id, which changes when the topic is re-created', async () => {
    const security = securityOf(s.broker);
    const first = await fetchTopicId([s.broker.bootstrap], 'sec.messages', { security });
    expect(first).toMatch(UUID);
    expect(await fetchTopicId([s.broker.bootstrap], 'sec.messages', { security })).toBe(first);
    await s.admin.deleteTopics({ topics: ['sec.messages'] });
    await until('the topic to be re-created', async () => {
      try {
        return await s.admin.createTopics({ topics: [{ topic: 'sec.messages' }], waitForLeaders: true });
      } catch {
        return false; // still being deleted
      }
    });
    expect(await fetchTopicId([s.broker.bootstrap], 'sec.messages', { security })).not.toBe(first);
  });

  it('fails at once, not retryable, with the broker message on a wrong password', async () => {
    const err = await fetchError([s.broker.bootstrap, s.broker.bootstrap], 'sec.messages', {
      security: securityOf(s.broker, { password: 'wrong-password' }),
    });
    expect(err.code).toBe('CMF_KAFKA_SASL_AUTH_FAILED');
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('SASL SCRAM-SHA-512 authentication failed:');
    expect(err.message).toContain('invalid credentials with SASL mechanism SCRAM-SHA-512');
  });

  it('says which mechanisms the broker enables when asked for another', async () => {
    const { sasl } = securityOf(s.broker);
    if (sasl === undefined) throw new Error('no SASL user');
    const err = await fetchError([s.broker.bootstrap], 'sec.messages', {
      security: { sasl: { ...sasl, mechanism: 'scram-sha-256' } },
    });
    expect(err.code).toBe('CMF_KAFKA_SASL_MECHANISM_REFUSED');
    expect(err.message).toBe(
      'the broker does not enable SASL SCRAM-SHA-256 on this listener (it enables SCRAM-SHA-512)',
    );
  });

  it('is dropped, retryably, when it does not authenticate at all', async () => {
    const err = await fetchError([s.broker.bootstrap], 'sec.messages', { timeoutMs: 10_000 });
    expect(err.code).toBe('CMF_KAFKA_UNREACHABLE');
    expect(err.retryable).toBe(true);
  });
});

describe('fetchTopicId over TLS (SSL)', () => {
  const s = securedBroker({ tls: true });

  it('reads the topic id when the broker certificate chains to the configured CA', async () => {
    const id = await fetchTopicId([s.broker.bootstrap], 'sec.messages', { security: securityOf(s.broker) });
    expect(id).toMatch(UUID);
  });

  it('refuses the broker, not retryably, when its CA is not the configured one', async () => {
    const err = await fetchError([s.broker.bootstrap], 'sec.messages', {
      security: securityOf(s.broker, { ca: null }),
    });
    expect(err.code).toBe('CMF_KAFKA_TLS_UNTRUSTED');
    expect(err.retryable).toBe(false);
    expect(err.message).toContain(`the certificate of ${s.broker.bootstrap} is not trusted`);
  });

  it('fails retryably when it speaks plaintext to the TLS listener', async () => {
    const err = await fetchError([s.broker.bootstrap], 'sec.messages', { timeoutMs: 3000 });
    expect(err.retryable).toBe(true);
  });
});

describe('fetchTopicId over SASL/PLAIN on TLS (SASL_SSL)', () => {
  const s = securedBroker({ sasl: 'PLAIN', tls: true });

  it('reads the topic id', async () => {
    const id = await fetchTopicId([s.broker.bootstrap], 'sec.messages', { security: securityOf(s.broker) });
    expect(id).toMatch(UUID);
  });

  it('fails, not retryably, with the broker message on a wrong password', async () => {
    const err = await fetchError([s.broker.bootstrap], 'sec.messages', {
      security: securityOf(s.broker, { password: 'wrong-password' }),
    });
    expect(err.code).toBe('CMF_KAFKA_SASL_AUTH_FAILED');
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('Invalid username or password');
  });
});

describe('cmf-gateway against a SASL/SCRAM-SHA-256 + TLS broker', () => {
  const s = securedBroker({ sasl: 'SCRAM-SHA-256', tls: true });
  let secrets: string;
  let gateway: GatewayProcess | undefined;
  let client: RecordingClient | undefined;

  beforeAll(async () => {
    const { sasl, tls } = s.broker;
    if (sasl === undefined || tls === undefined) throw new Error('the broker is not secured');
    await s.admin.createTopics({
      topics: ['sec.dlq', 'sec.signals', 'sec.receipts'].map((topic) => ({ topic, numPartitions: 1 })),
      waitForLeaders: true,
    });
    // Mounted Secret keys: files, the password with the newline an editor leaves.
    secrets = await mkdtemp(path.join(os.tmpdir(), 'cmf-kafka-secrets-'));
    await writeFile(path.join(secrets, 'username'), sasl.username);
    await writeFile(path.join(secrets, 'password'), `${sasl.password}\n`);
    gateway = await GatewayProcess.start({
      brokers: s.broker.bootstrap,
      topicPrefix: 'sec',
      secret: SECRET,
      env: {
        CMF_KAFKA_SASL_MECHANISM: 'SCRAM-SHA-256',
        CMF_KAFKA_USERNAME_FILE: path.join(secrets, 'username'),
        CMF_KAFKA_PASSWORD_FILE: path.join(secrets, 'password'),
        CMF_KAFKA_TLS: 'true',
        CMF_KAFKA_CA_FILE: tls.caFile,
      },
      readyTimeoutMs: 120_000,
    });
  });
  afterAll(async () => {
    client?.client.close();
    await gateway?.kill();
    await rm(secrets, { recursive: true, force: true });
  });

  it('starts, reads the topic id and delivers a produced message to a WebSocket client', async () => {
    if (gateway === undefined) throw new Error('no gateway');
    client = await RecordingClient.connect(gateway.url, 'alice', ['cr_secure']);
    const subscribed = await client.client.subscribe('cr_secure');
    expect(subscribed).toMatchObject({ room: 'cr_secure' });

    const producer = kafkaFor(s.broker).producer({ allowAutoTopicCreation: false });
    await producer.connect();
    await producer.send({
      topic: 'sec.messages',
      acks: -1,
      messages: [
        {
          key: 'cr_secure',
          value: JSON.stringify({
            chatRoomId: 'cr_secure',
            senderId: 'bob',
            content: 'over SASL_SSL',
            sentTimestamp: new Date().toISOString(),
          }),
          headers: { 'message-id': 'secure-1' },
        },
      ],
    });
    await producer.disconnect();

    const recording = client;
    await until('the message over the secured broker', () => recording.messages.length === 1, 60_000);
    expect(recording.messages[0]).toMatchObject({
      room: 'cr_secure',
      id: 'secure-1',
      data: { content: 'over SASL_SSL', senderId: 'bob' },
    });
    const epoch = await fetchTopicId([s.broker.bootstrap], 'sec.messages', {
      security: securityOf(s.broker),
    });
    // The epoch the gateway hands out is the topic id it read over the same secured listener.
    expect(recording.client.position('cr_secure')?.epoch).toBe(epoch);
  });
});
