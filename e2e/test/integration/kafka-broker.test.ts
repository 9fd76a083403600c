import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { eventually, KafkaBroker } from '@cmf/test-harness';

// kafkajs is the client the gateway uses; this proves it speaks to the real Kafka 4.x broker
// (which removed many old protocol versions, KIP-896).
describe('real Kafka broker with kafkajs', () => {
  let broker: KafkaBroker;
  let admin: Admin;
  let kafka: Kafka;

  beforeAll(async () => {
    broker = await KafkaBroker.start();
    kafka = new Kafka({
      clientId: 'cmf-infra-test',
      brokers: [broker.bootstrap],
      logLevel: logLevel.NOTHING,
    });
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await admin.disconnect().catch(() => undefined);
    await broker.destroy();
  });

  it('creates a topic with partitions and reads its metadata', async () => {
    const created = await admin.createTopics({
      topics: [{ topic: 'infra.messages', numPartitions: 3 }],
      waitForLeaders: true,
    });
    expect(created).toBe(true);
    const meta = await admin.fetchTopicMetadata({ topics: ['infra.messages'] });
    expect(meta.topics[0]?.partitions).toHaveLength(3);
  });

  it('produces keyed records with headers and consumes them in partition order', async () => {
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const rooms = ['room-a', 'room-b', 'room-c'];
    const sent = rooms.flatMap((room) =>
      Array.from({ length: 20 }, (_, i) => ({
        key: room,
        value: `${room}:${i}`,
        headers: { 'message-id': `${room}-${i}` },
      })),
    );
    await producer.send({ topic: 'infra.messages', acks: -1, messages: sent });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: `infra-${Date.now()}` });
    await consumer.connect();
    await consumer.subscribe({ topic: 'infra.messages', fromBeginning: true });
    const received = new Map<string, { value: string; id: string }[]>();
    let count = 0;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`only ${count} of ${sent.length} records arrived`));
      }, 60_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          const room = message.key?.toString() ?? '';
          const list = received.get(room) ?? [];
          list.push({
            value: message.value?.toString() ?? '',
            id: message.headers?.['message-id']?.toString() ?? '',
          });
          received.set(room, list);
          if (++count === sent.length) {
            clearTimeout(timer);
            resolve();
          }
          return Promise.resolve();
        },
      });
    });
    await consumer.disconnect();

    // Same key, same partition: each room's records come back in the order they were sent.
    for (const room of rooms) {
      expect(received.get(room)?.map((r) => r.value)).toEqual(
        Array.from({ length: 20 }, (_, i) => `${room}:${i}`),
      );
      expect(received.get(room)?.[0]?.id).toBe(`${room}-0`);
    }
  });

  it('runs beside a second broker on other ports', async () => {
    const second = await KafkaBroker.start();
    try {
      expect(second.port).not.toBe(broker.port);
      const other = new Kafka({
        clientId: 'cmf-infra-test-2',
        brokers: [second.bootstrap],
        logLevel: logLevel.NOTHING,
      });
      const otherAdmin = other.admin();
      await otherAdmin.connect();
      await otherAdmin.createTopics({ topics: [{ topic: 'only-on-second' }], waitForLeaders: true });
      expect(await otherAdmin.listTopics()).toContain('only-on-second');
      await otherAdmin.disconnect();
      expect(await admin.listTopics()).not.toContain('only-on-second');
    } finally {
      await second.destroy();
    }
  });

  it('keeps its records across a stop and start', async () => {
    await broker.stop();
    await broker.restart();
    await admin.disconnect();
    admin = kafka.admin();
    await admin.connect();
    // "Kafka Server started" comes before the broker leads its partitions again; until then a
    // ListOffsets answers NOT_LEADER_OR_FOLLOWER, which kafkajs's admin does not retry.
    let total = -1;
    await eventually('the restarted broker to answer offsets for infra.messages', async () => {
      const offsets = await admin.fetchTopicOffsets('infra.messages').catch(() => undefined);
      if (offsets === undefined) return false;
      total = offsets.reduce((sum, p) => sum + Number(p.high), 0);
      return true;
    });
    expect(total).toBe(60);
  });
});
