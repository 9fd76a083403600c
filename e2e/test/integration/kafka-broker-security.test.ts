import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel, type KafkaConfig, type SASLOptions } from 'kafkajs';
import { KafkaBroker } from '@cmf/test-harness';

type Credentials = NonNullable<KafkaBroker['sasl']>;

/**
 * A kafkajs client for a secured broker: its credentials and CA unless a test overrides them
 * (`ca: null` trusts only the system's roots). Any override expects a refusal, which must surface
 * as itself rather than as a retry budget running out.
 */
function clientFor(
  broker: KafkaBroker,
  override: { password?: string; ca?: string | null; sasl?: boolean } = {},
): Kafka {
  const expectRefusal = Object.keys(override).length > 0;
  const config: KafkaConfig = {
    clientId: 'cmf-security-test',
    brokers: [broker.bootstrap],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 10_000,
    ...(expectRefusal ? { retry: { retries: 0 } } : {}),
  };
  const sasl = broker.sasl;
  if (sasl !== undefined && override.sasl !== false) config.sasl = saslOptions(sasl, override.password);
  if (broker.tls !== undefined)
    config.ssl = override.ca === null ? true : { ca: [override.ca ?? broker.tls.ca] };
  return new Kafka(config);
}

function saslOptions(sasl: Credentials, password = sasl.password): SASLOptions {
  const mechanism = sasl.mechanism.toLowerCase() as 'plain' | 'scram-sha-256' | 'scram-sha-512';
  return { mechanism, username: sasl.username, password };
}

/** Creates a topic, produces records and reads them back with a consumer group. */
async function roundTrip(kafka: Kafka, count: number): Promise<string[]> {
  const topic = `secure.${randomUUID()}`;
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const values = Array.from({ length: count }, (_, i) => `record-${i}`);
  await producer.send({ topic, acks: -1, messages: values.map((value) => ({ key: 'room', value })) });
  await producer.disconnect();

  const consumer = kafka.consumer({ groupId: `secure-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const received: string[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      // The offsets topic appears with the first group; kafkajs restarts the consumer until its
      // coordinator is there, so only a crash it gives up on is a failure.
      consumer.on(consumer.events.CRASH, (event) => {
        if (!event.payload.restart) reject(event.payload.error);
      });
      void consumer.run({
        eachMessage: ({ message }) => {
          received.push(message.value?.toString() ?? '');
          if (received.length === count) resolve();
          return Promise.resolve();
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return received;
}

async function connectError(kafka: Kafka): Promise<Error> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.listTopics();
  } catch (err) {
    return err as Error;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  throw new Error('the broker accepted the client');
}

describe('real Kafka broker with SASL/SCRAM-SHA-512 over TLS (SASL_SSL)', () => {
  let broker: KafkaBroker;

  beforeAll(async () => {
    broker = await KafkaBroker.start({ security: { sasl: 'SCRAM-SHA-512', tls: true } });
  });
  afterAll(async () => {
    await broker.destroy();
  });

  it('hands out the credentials and CA a client needs', () => {
    expect(broker.sasl).toMatchObject({ mechanism: 'SCRAM-SHA-512', username: 'cmf-client' });
    expect(broker.sasl?.password).toMatch(/^[0-9a-f]{24}$/);
    expect(broker.tls?.ca).toContain('-----BEGIN CERTIFICATE-----');
    expect(broker.tls?.caFile).toMatch(/ca\.pem$/);
  });

  it('lets kafkajs with the right credentials produce and consume', async () => {
    const values = await roundTrip(clientFor(broker), 10);
    expect([...values].sort()).toEqual(Array.from({ length: 10 }, (_, i) => `record-${i}`).sort());
  });

  it('refuses a wrong password with the SASL authentication error', async () => {
    const err = await connectError(clientFor(broker, { password: 'not-the-password' }));
    expect(err.name).toBe('KafkaJSSASLAuthenticationError');
    expect(err.message).toContain('invalid credentials with SASL mechanism SCRAM-SHA-512');
  });

  it('refuses a client that does not trust its CA', async () => {
    const err = await connectError(clientFor(broker, { ca: null }));
    expect(err.message).toMatch(/self[- ]signed certificate|unable to verify|unable to get local issuer/i);
  });

  it('keeps its certificate and users across a stop and start', async () => {
    const ca = broker.tls?.ca;
    await broker.stop();
    await broker.restart();
    expect(broker.tls?.ca).toBe(ca);
    expect(await roundTrip(clientFor(broker), 3)).toHaveLength(3);
  });
});

describe('real Kafka broker with SASL/SCRAM-SHA-256 without TLS (SASL_PLAINTEXT)', () => {
  let broker: KafkaBroker;

  beforeAll(async () => {
    broker = await KafkaBroker.start({ security: { sasl: 'SCRAM-SHA-256' } });
  });
  afterAll(async () => {
    await broker.destroy();
  });

  it('lets the right credentials produce and consume, and has no TLS', async () => {
    expect(broker.tls).toBeUndefined();
    expect(await roundTrip(clientFor(broker), 4)).toHaveLength(4);
  });

  it('refuses a wrong password and a client without SASL', async () => {
    const wrong = await connectError(clientFor(broker, { password: 'nope' }));
    expect(wrong.message).toContain('invalid credentials with SASL mechanism SCRAM-SHA-256');
    // A broker that expects SASL drops a client that sends Kafka requests straight away.
    await expect(connectError(clientFor(broker, { sasl: false }))).resolves.toBeInstanceOf(Error);
  });
});

describe('real Kafka broker with SASL/PLAIN (SASL_PLAINTEXT)', () => {
  let broker: KafkaBroker;

  beforeAll(async () => {
    broker = await KafkaBroker.start({ security: { sasl: 'PLAIN' } });
  });
  afterAll(async () => {
    await broker.destroy();
  });

  it('lets the right credentials produce and consume, and refuses a wrong password', async () => {
    expect(await roundTrip(clientFor(broker), 4)).toHaveLength(4);
    const err = await connectError(clientFor(broker, { password: 'nope' }));
    expect(err.name).toBe('KafkaJSSASLAuthenticationError');
    expect(err.message).toContain('Invalid username or password');
  });
});

describe('real Kafka broker with TLS only (SSL)', () => {
  let broker: KafkaBroker;

  beforeAll(async () => {
    broker = await KafkaBroker.start({ security: { tls: true } });
  });
  afterAll(async () => {
    await broker.destroy();
  });

  it('serves a client that trusts its CA, with no SASL user', async () => {
    expect(broker.sasl).toBeUndefined();
    expect(await roundTrip(clientFor(broker), 4)).toHaveLength(4);
  });

  it('refuses a client that trusts another CA', async () => {
    const other = await KafkaBroker.start({ security: { tls: true } });
    try {
      const otherCa = other.tls?.ca;
      if (otherCa === undefined) throw new Error('the second broker has no CA');
      expect(otherCa).not.toBe(broker.tls?.ca);
      const err = await connectError(clientFor(broker, { ca: otherCa }));
      expect(err.message).toMatch(/certificate/i);
    } finally {
      await other.destroy();
    }
  });
});
