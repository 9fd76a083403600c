import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { KafkaBroker } from '@cmf/test-harness';
import { fetchTopicId, TopicIdError } from '../../src/kafka/topic-id.js';

describe('fetchTopicId against the real broker', () => {
  let broker: KafkaBroker;
  let admin: Admin;

  beforeAll(async () => {
    broker = await KafkaBroker.start();
    admin = new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
  });
  afterAll(async () => {
    await admin.disconnect();
    await broker.destroy();
  });

  it('returns a UUID that changes when the topic is re-created', async () => {
    await admin.createTopics({
      topics: [{ topic: 'epoch.messages', numPartitions: 2 }],
      waitForLeaders: true,
    });
    const first = await fetchTopicId([broker.bootstrap], 'epoch.messages');
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(await fetchTopicId([broker.bootstrap], 'epoch.messages')).toBe(first);

    await admin.deleteTopics({ topics: ['epoch.messages'] });
    await new Promise((r) => setTimeout(r, 500));
    await admin.createTopics({
      topics: [{ topic: 'epoch.messages', numPartitions: 2 }],
      waitForLeaders: true,
    });
    expect(await fetchTopicId([broker.bootstrap], 'epoch.messages')).not.toBe(first);
  });

  it('says when the topic does not exist, and tries the next broker when one is down', async () => {
    await expect(fetchTopicId(['127.0.0.1:1', broker.bootstrap], 'no.such.topic')).rejects.toThrow(
      new TopicIdError('topic no.such.topic does not exist', true),
    );
  });
});
