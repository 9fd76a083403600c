import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { KafkaBroker } from '@cmf/test-harness';
import { MessagesConsumer } from '../../src/kafka/messages-consumer.js';
import type { ChatMessage } from '../../src/kafka/chat-record.js';
import { DlqHeader } from '../../src/kafka/dlq-headers.js';
import { nullLogger } from '../../src/log/index.js';

const TOPIC = 'it.messages';
const DLQ = 'it.dlq';

function chat(room: string, n: number): string {
  return JSON.stringify({
    chatRoomId: room,
    senderId: 'u1',
    content: `${room}#${n}`,
    sentTimestamp: Date.now(),
  });
}

async function until(what: string, fn: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('MessagesConsumer on the real broker', () => {
  let broker: KafkaBroker;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;

  beforeAll(async () => {
    broker = await KafkaBroker.start();
    kafka = new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic: TOPIC, numPartitions: 3 },
        { topic: DLQ, numPartitions: 1 },
      ],
      waitForLeaders: true,
    });
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await admin.disconnect();
    await broker.destroy();
  });

  it('warms from the window, delivers every partition in order, and sends bad records to the DLQ without stopping', async () => {
    const hourAgo = String(Date.now() - 3_600_000);
    // Too old for the warm-up window: must not be delivered.
    await producer.send({
      topic: TOPIC,
      messages: [0, 1].map((n) => ({
        key: 'old',
        value: chat('old', n),
        timestamp: hourAgo,
        headers: { 'message-id': `old-${n}` },
      })),
    });
    const rooms = ['r1', 'r2', 'r3', 'r4', 'r5'];
    const warm = rooms.flatMap((room) =>
      [0, 1, 2].map((n) => ({ key: room, value: chat(room, n), headers: { 'message-id': `${room}-${n}` } })),
    );
    await producer.send({ topic: TOPIC, messages: warm });
    // A record that breaks the contract, in the middle of a room's stream.
    await producer.send({
      topic: TOPIC,
      messages: [{ key: 'r1', value: '{"chatRoomId": 5', headers: { 'message-id': 'bad-1' } }],
    });

    const received: ChatMessage[] = [];
    const invalid: string[] = [];
    let batchesEnded = 0;
    let deliveredInBatch = 0;
    const consumer = new MessagesConsumer(
      {
        brokers: [broker.bootstrap],
        clientId: 'it',
        topic: TOPIC,
        dlqTopic: DLQ,
        groupId: `it-gateway-${Date.now()}`,
        warmupMs: 600_000,
        connectTimeoutMs: 5000,
        retry: { initialMs: 100, maxMs: 1000 },
        maxRestarts: 2,
      },
      {
        startAt: () => undefined,
        deliver: (m) => {
          received.push(m);
          deliveredInBatch++;
        },
        skip: () => undefined,
        endBatch: () => {
          // Every delivery is followed by the end of its batch (writes held for it are released).
          batchesEnded++;
          deliveredInBatch = 0;
        },
      },
      nullLogger,
    );
    consumer.on('invalid', (i) => invalid.push(i.reason));
    const ready = new Promise<void>((resolve) => consumer.once('ready', resolve));
    await consumer.start();
    await ready;
    try {
      expect(consumer.epoch).toMatch(/^[0-9a-f-]{36}$/);
      expect(received.map((m) => m.id).sort()).toEqual(warm.map((m) => m.headers['message-id']).sort());
      expect(invalid).toEqual(['not_json']);

      // Live records after the bad one keep flowing, in per-room order.
      await producer.send({
        topic: TOPIC,
        messages: rooms.flatMap((room) =>
          [3, 4].map((n) => ({ key: room, value: chat(room, n), headers: { 'message-id': `${room}-${n}` } })),
        ),
      });
      await until('live records', () => received.length === warm.length + rooms.length * 2);
      for (const room of rooms) {
        const ofRoom = received.filter((m) => m.room === room);
        expect(ofRoom.map((m) => m.data['content'])).toEqual([0, 1, 2, 3, 4].map((n) => `${room}#${n}`));
        const offsets = ofRoom.map((m) => m.offset);
        expect([...offsets].sort((a, b) => (a < b ? -1 : 1))).toEqual(offsets);
        expect(new Set(ofRoom.map((m) => m.partition)).size).toBe(1);
      }
      await until('the last batch to end', () => deliveredInBatch === 0);
      expect(batchesEnded).toBeGreaterThan(0);
    } finally {
      await consumer.stop();
    }

    // The DLQ holds the original bytes and says why and where.
    const dlqReader = kafka.consumer({ groupId: `it-dlq-${Date.now()}` });
    await dlqReader.connect();
    await dlqReader.subscribe({ topic: DLQ, fromBeginning: true });
    const dlq = await new Promise<{ value: string; headers: Record<string, string> }>((resolve) => {
      void dlqReader.run({
        eachMessage: ({ message }) => {
          const headers = Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
          );
          resolve({ value: message.value?.toString() ?? '', headers });
          return Promise.resolve();
        },
      });
    });
    await dlqReader.disconnect();
    expect(dlq.value).toBe('{"chatRoomId": 5');
    expect(dlq.headers[DlqHeader.Reason]).toBe('not_json');
    expect(dlq.headers[DlqHeader.SourceTopic]).toBe(TOPIC);
    expect(dlq.headers['message-id']).toBe('bad-1');
  });
});
