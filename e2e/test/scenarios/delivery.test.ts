import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '@cmf/test-harness';
import { startPlatform, type Platform } from '../support/platform.js';
import { applyChatGateway, gatewayPods, waitReady } from './lib/cluster.js';
import { MessengerApi, postMany, SentLog } from './lib/messenger-api.js';
import { handshakeStatus, ScenarioClient } from './lib/scenario-client.js';

// Scenarios 1, 2 and 8: a ChatGateway becomes Ready and delivers a room's messages to exactly its
// members, in order; what must be refused is; deleting it removes its pods, objects and topics.

const GATEWAY = 'chat';
const ORIGIN = 'https://chat.cmf.test';
const rooms = [
  { roomId: 'team', members: ['alice', 'bob'] },
  { roomId: 'ops', members: ['alice', 'carol'] },
  { roomId: 'secret', members: ['dave'] },
];

let platform: Platform;
let api: MessengerApi;
let url = '';
const clients: ScenarioClient[] = [];

beforeAll(async () => {
  platform = await startPlatform({ name: 'delivery', rooms });
  api = new MessengerApi(platform.messengerUrl);
  await applyChatGateway(platform, GATEWAY, {
    ...platform.chatGatewaySpec(),
    auth: { ...(platform.chatGatewaySpec()['auth'] as object), allowedOrigins: [ORIGIN] },
  });
  await waitReady(platform, GATEWAY);
  url = await platform.webSocketUrl(GATEWAY);
});

afterAll(async () => {
  for (const client of clients) client.close();
  await platform.stop();
});

async function connect(user: string): Promise<ScenarioClient> {
  const client = await ScenarioClient.connect(user, { url, token: await api.token(user), origin: ORIGIN });
  clients.push(client);
  return client;
}

describe('scenario 1: a Ready ChatGateway delivers to exactly the members of a room, in order', () => {
  it('runs the gateway pods the CR asks for', async () => {
    const pods = await gatewayPods(platform, GATEWAY);
    expect(pods.filter((p) => p.ready)).toHaveLength(2);
  });

  it('delivers every REST post to the subscribed members and to nobody else', async () => {
    const alice = await connect('alice');
    const bob = await connect('bob');
    const carol = await connect('carol');
    await alice.subscribe('team');
    await alice.subscribe('ops');
    await bob.subscribe('team');
    await carol.subscribe('ops');

    const sent = new SentLog();
    const [aliceToken, carolToken] = await Promise.all([api.token('alice'), api.token('carol')]);
    await Promise.all([
      postMany(api, aliceToken, 'team', 30, sent, 'team'),
      postMany(api, carolToken, 'ops', 20, sent, 'ops'),
    ]);

    await eventually('every member to have every message', () =>
      Promise.resolve(
        alice.ids('team').length >= 30 &&
          bob.ids('team').length >= 30 &&
          alice.ids('ops').length >= 20 &&
          carol.ids('ops').length >= 20,
      ),
    );
    expect(alice.ids('team')).toEqual(sent.ids('team'));
    expect(bob.ids('team')).toEqual(sent.ids('team'));
    expect(alice.ids('ops')).toEqual(sent.ids('ops'));
    expect(carol.ids('ops')).toEqual(sent.ids('ops'));
    // Members of one room only never see the other's messages.
    expect(bob.ids('ops')).toEqual([]);
    expect(carol.ids('team')).toEqual([]);
  });
});

describe('scenario 2: what must be refused is refused', () => {
  it('refuses a room the user is not a member of, for good', async () => {
    const bob = await connect('bob');
    await expect(bob.subscribe('secret')).rejects.toMatchObject({
      payload: { code: 'forbidden', retryable: false },
    });
  });

  it('refuses a handshake with a bad token (401) or a foreign Origin (403), accepts a good one', async () => {
    const token = await api.token('alice');
    const [header, payload] = token.split('.');
    const forged = `${header ?? ''}.${payload ?? ''}.${'A'.repeat(86)}`;
    expect(await handshakeStatus(url, forged, ORIGIN)).toBe(401);
    expect(await handshakeStatus(url, 'not-a-jwt', ORIGIN)).toBe(401);
    expect(await handshakeStatus(url, token, 'https://evil.example')).toBe(403);
    expect(await handshakeStatus(url, token, ORIGIN)).toBe(101);
  });
});

describe('scenario 8: deleting the ChatGateway', () => {
  it('removes its pods and owned objects, and its topics (deletionPolicy Delete)', async () => {
    const admin = new Kafka({ brokers: [platform.kafkaBootstrap], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const prefix = `${platform.topicPrefix}.`;
      const before = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
      expect(before).toContain(`${prefix}messages`);

      await platform.kubectl(['-n', platform.namespace, 'delete', 'chatgateway', GATEWAY, '--wait=true']);
      await eventually(
        'the gateway pods to be gone',
        async () => (await gatewayPods(platform, GATEWAY)).length === 0,
        120_000,
      );
      await eventually('the owned objects to be gone', async () => {
        const left = await platform.kubectl([
          '-n',
          platform.namespace,
          'get',
          'deployments,replicasets,services,configmaps,secrets,networkpolicies',
          '-l',
          `app.kubernetes.io/instance=${GATEWAY}`,
          '-o',
          'name',
        ]);
        return left.trim() === '';
      });
      await eventually('the topics it created to be deleted', async () =>
        (await admin.listTopics()).every((t) => !t.startsWith(prefix)),
      );
    } finally {
      await admin.disconnect();
    }
  });
});
