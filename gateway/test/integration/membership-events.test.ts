import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { KafkaBroker } from '@cmf/test-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RoomHub, type Subscriber } from '../../src/hub/index.js';
import { nullLogger } from '../../src/log/index.js';
import {
  MembershipAuthorizer,
  MembershipEventApplier,
  MembershipEvents,
  type MembershipChecker,
  type MembershipEventHandler,
} from '../../src/membership/index.js';

const TOPIC = 'it.events';

async function until(what: string, fn: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function consumerFor(broker: KafkaBroker, handler: MembershipEventHandler, group: string): MembershipEvents {
  return new MembershipEvents(
    {
      brokers: [broker.bootstrap],
      clientId: 'it',
      topic: TOPIC,
      groupId: `it-gateway-${group}-${Date.now()}`,
      connectTimeoutMs: 5000,
      retry: { initialMs: 100, maxMs: 1000 },
      maxRestarts: 2,
    },
    handler,
    nullLogger,
  );
}

describe('MembershipEvents on the real broker', () => {
  let broker: KafkaBroker;
  let admin: Admin;
  let producer: Producer;

  beforeAll(async () => {
    broker = await KafkaBroker.start();
    const kafka = new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 3 }], waitForLeaders: true });
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await admin.disconnect();
    await broker.destroy();
  });

  it('hands events produced after start to the handler, in order per key, and skips and counts malformed ones', async () => {
    // Before the consumer starts: not replayed.
    await producer.send({
      topic: TOPIC,
      messages: [{ key: 'old', value: JSON.stringify({ type: 'room_deleted', roomId: 'old' }) }],
    });

    const calls: string[] = [];
    const handler: MembershipEventHandler = {
      memberRemoved: (roomId, userId) => calls.push(`removed ${roomId} ${userId}`),
      memberAdded: (roomId, userId) => calls.push(`added ${roomId} ${userId}`),
      roomDeleted: (roomId) => calls.push(`deleted ${roomId}`),
      userBanned: (userId) => calls.push(`banned ${userId}`),
    };
    const events = consumerFor(broker, handler, 'a');
    const invalid: string[] = [];
    events.on('invalid', (info) => invalid.push(info.reason));
    await events.start();
    try {
      const event = (key: string, value: string, id: string) => ({ key, value, headers: { 'event-id': id } });
      await producer.send({
        topic: TOPIC,
        messages: [
          event('cr_1', JSON.stringify({ type: 'member_removed', roomId: 'cr_1', userId: 'u1' }), 'e1'),
          event('cr_1', '{"type": "member_removed", "roomId": ', 'e2'),
          event('cr_1', JSON.stringify({ type: 'member_added', roomId: 'cr_1', userId: 'u1' }), 'e3'),
          event('u9', JSON.stringify({ type: 'user_banned', userId: 'u9' }), 'e4'),
          event('u9', JSON.stringify({ type: 'user_renamed', userId: 'u9' }), 'e5'),
          event('cr_2', JSON.stringify({ type: 'member_removed', roomId: 'cr_2' }), 'e6'),
          event('cr_2', JSON.stringify({ type: 'room_deleted', roomId: 'cr_2' }), 'e7'),
        ],
      });
      await until('events', () => calls.length === 4 && invalid.length === 3);
      expect(calls.filter((c) => c.includes('cr_1'))).toEqual(['removed cr_1 u1', 'added cr_1 u1']);
      expect(calls.filter((c) => !c.includes('cr_1')).sort()).toEqual(['banned u9', 'deleted cr_2']);
      expect(invalid.sort()).toEqual(['missing_field', 'not_json', 'unknown_type']);
      expect(events.counters).toMatchObject({
        applied: 4,
        skipped: { not_json: 1, unknown_type: 1, missing_field: 1 },
        handlerErrors: 0,
      });
    } finally {
      await events.stop();
    }
  });

  it('drives the applier: a removed member loses the subscription and the cached decision, a banned user is disconnected', async () => {
    const checker: MembershipChecker = {
      check: (_userId, rooms) => Promise.resolve(new Map(rooms.map((r) => [r, true]))),
    };
    const authorizer = new MembershipAuthorizer(checker);
    const hub = new RoomHub();
    const alice: Subscriber = { userId: 'alice', send: () => undefined };
    const bob: Subscriber = { userId: 'bob', send: () => undefined };
    const identity = (userId: string) => ({ userId, expiresAt: undefined, rooms: new Set<string>() });
    await authorizer.authorize(identity('alice'), ['cr_9']);
    await authorizer.authorize(identity('bob'), ['cr_9']);
    hub.subscribe('cr_9', alice);
    hub.subscribe('cr_9', bob);
    expect(authorizer.cacheSize).toBe(2);

    const notified: string[] = [];
    const disconnected: string[] = [];
    const applier = new MembershipEventApplier({
      hub,
      cache: authorizer,
      notify: (s, room, reason) => notified.push(`${s.userId} ${room} ${reason}`),
      disconnect: (userId) => disconnected.push(userId),
    });
    const events = consumerFor(broker, applier, 'b');
    await events.start();
    try {
      await producer.send({
        topic: TOPIC,
        messages: [
          {
            key: 'cr_9',
            value: JSON.stringify({ type: 'member_removed', roomId: 'cr_9', userId: 'alice' }),
            headers: { 'event-id': 'e10' },
          },
          {
            key: 'bob',
            value: JSON.stringify({ type: 'user_banned', userId: 'bob' }),
            headers: { 'event-id': 'e11' },
          },
        ],
      });
      await until('applied', () => events.counters.applied === 2);
      expect(notified).toEqual(['alice cr_9 member_removed']);
      expect([...hub.subscribers('cr_9')]).toEqual([bob]);
      expect(disconnected).toEqual(['bob']);
      expect(authorizer.cacheSize).toBe(0);
    } finally {
      await events.stop();
      authorizer.close();
    }
  });
});
