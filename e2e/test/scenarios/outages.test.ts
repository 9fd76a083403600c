import { Kafka, logLevel, type Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '@cmf/test-harness';
import { chatMessageRecord } from '../../src/messenger/contract/chat-message-record.js';
import { startPlatform, type Platform } from '../support/platform.js';
import { applyChatGateway, waitReady } from './lib/cluster.js';
import { MessengerApi, postMany, SentLog } from './lib/messenger-api.js';
import { ScenarioClient } from './lib/scenario-client.js';

// Scenarios 6 and 7: Kafka and the messenger go away and come back; subscribed clients lose
// nothing, and a subscription that cannot be checked meanwhile is refused as retryable.

const GATEWAY = 'chat';
const ROOM = 'team';
const LATE_ROOM = 'side';
const MEMBERS = ['alice', 'bob', 'carol'];

let platform: Platform;
let api: MessengerApi;
let url = '';
const clients: ScenarioClient[] = [];
/** Clients not in ROOM. */
const others: ScenarioClient[] = [];
let senderToken = '';
const sent = new SentLog();

beforeAll(async () => {
  platform = await startPlatform({
    name: 'outages',
    rooms: [
      { roomId: ROOM, members: MEMBERS },
      { roomId: LATE_ROOM, members: ['erin'] },
    ],
  });
  api = new MessengerApi(platform.messengerUrl);
  await applyChatGateway(platform, GATEWAY, platform.chatGatewaySpec());
  await waitReady(platform, GATEWAY);
  url = await platform.webSocketUrl(GATEWAY);
  senderToken = await api.token('alice');
  for (const user of MEMBERS) {
    const client = await ScenarioClient.connect(user, { url, token: await api.token(user) });
    await client.subscribe(ROOM);
    clients.push(client);
  }
});

afterAll(async () => {
  for (const client of [...clients, ...others]) client.close();
  await platform.stop();
});

async function expectAllShown(): Promise<void> {
  const ids = sent.ids(ROOM);
  await eventually(
    `every member to show ${String(ids.length)} messages`,
    () => Promise.resolve(clients.every((c) => c.ids(ROOM).length >= ids.length)),
    120_000,
  );
  for (const client of clients) expect(client.ids(ROOM), client.user).toEqual(ids);
}

describe('scenario 6: Kafka stopped mid-stream and started again', () => {
  it('loses no message for subscribed clients', async () => {
    await postMany(api, senderToken, ROOM, 15, sent, 'before');
    await platform.stopKafka();
    await platform.startKafka();
    // The messenger's producer reconnects on its own; the first accepted post says it did.
    await eventually(
      'the messenger to accept posts again',
      async () => {
        const outcome = await api.post(senderToken, ROOM, 'after 0');
        if (outcome.ok) sent.record(ROOM, outcome.id);
        return outcome.ok;
      },
      120_000,
    );
    await postMany(api, senderToken, ROOM, 15, sent, 'after');
    await expectAllShown();
  });
});

describe('scenario 7: the messenger down', () => {
  let producer: Producer;

  beforeAll(async () => {
    producer = new Kafka({ brokers: [platform.kafkaBootstrap], logLevel: logLevel.NOTHING }).producer({
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
  });

  /** A message written to Kafka as the messenger writes it, by another messenger instance. */
  async function produce(room: string, content: string): Promise<void> {
    const messageId = randomUUID();
    const record = chatMessageRecord({
      messageId,
      room,
      senderId: 'alice',
      content,
      sentTimestamp: new Date().toISOString(),
      traceparent: `00-${randomUUID().replaceAll('-', '')}-${randomUUID().replaceAll('-', '').slice(0, 16)}-01`,
    });
    await producer.send({ topic: `${platform.topicPrefix}.messages`, acks: -1, messages: [record] });
    sent.record(room, messageId);
  }

  it('keeps existing subscriptions flowing, refuses new ones as retryable, and recovers', async () => {
    const erinToken = await api.token('erin');
    await platform.stopMessenger();

    for (let i = 0; i < 10; i++) await produce(ROOM, `while down ${String(i)}`);
    await expectAllShown();

    const erin = await ScenarioClient.connect('erin', { url, token: erinToken });
    others.push(erin);
    await expect(erin.subscribe(LATE_ROOM)).rejects.toMatchObject({
      payload: { code: 'membership_unavailable', retryable: true },
    });

    await platform.startMessenger();
    await eventually(
      'a new subscription to be accepted again',
      async () =>
        await erin
          .subscribe(LATE_ROOM)
          .then(() => true)
          .catch(() => false),
      60_000,
    );
    await postMany(api, senderToken, ROOM, 10, sent, 'after return');
    const erinSent = new SentLog();
    await postMany(api, erinToken, LATE_ROOM, 5, erinSent, 'late');
    await expectAllShown();
    await eventually('erin to show the late room', () => Promise.resolve(erin.ids(LATE_ROOM).length >= 5));
    expect(erin.ids(LATE_ROOM)).toEqual(erinSent.ids(LATE_ROOM));
  });
});
