import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '@cmf/test-harness';
import type { JsonObject } from '../support/chat-gateway-json.js';
import { startPlatform, type Platform } from '../support/platform.js';
import { applyChatGateway, connectionsOf, gatewayPods, waitForPods, waitReady } from './lib/cluster.js';
import { MessengerApi, postMany, SentLog } from './lib/messenger-api.js';
import { Poster } from './lib/poster.js';
import { ScenarioClient } from './lib/scenario-client.js';

// Scenarios 3, 4 and 5: replicas come and go (scaling, a rolling update, a killed process) while
// clients stay subscribed; each client shows every message of its room once, in order.

const GATEWAY = 'chat';
const ROOM = 'team';
const USERS = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];

let platform: Platform;
let api: MessengerApi;
let spec: JsonObject;
let clients: ScenarioClient[] = [];
let senderToken = '';

beforeAll(async () => {
  platform = await startPlatform({ name: 'replicas', rooms: [{ roomId: ROOM, members: USERS }] });
  api = new MessengerApi(platform.messengerUrl);
  spec = { ...platform.chatGatewaySpec() };
  await applyChatGateway(platform, GATEWAY, spec);
  await waitReady(platform, GATEWAY);
  senderToken = await api.token('u1');
});

afterAll(async () => {
  for (const client of clients) client.close();
  await platform.stop();
});

async function connectAll(): Promise<void> {
  const url = await platform.webSocketUrl(GATEWAY);
  clients = await Promise.all(
    USERS.map(async (user) => ScenarioClient.connect(user, { url, token: await api.token(user) })),
  );
  await Promise.all(clients.map((c) => c.subscribe(ROOM)));
}

/** Every client shows exactly the sent ids, in order (no loss, no duplicate). */
async function expectAllShown(sent: readonly string[]): Promise<void> {
  await eventually(
    `every client to show ${String(sent.length)} messages`,
    () => Promise.resolve(clients.every((c) => c.ids(ROOM).length >= sent.length)),
    120_000,
  );
  for (const client of clients) expect(client.ids(ROOM), client.user).toEqual(sent);
}

const allSent = new SentLog();

describe('scenario 3: scaling the ChatGateway', () => {
  it('adds pods when replicas grow; clients spread over them all receive', async () => {
    spec = { ...spec, replicas: 3 };
    await applyChatGateway(platform, GATEWAY, spec);
    const pods = await waitForPods(platform, GATEWAY, 3);
    await waitReady(platform, GATEWAY);
    await connectAll();
    // The Service proxy balances connections round-robin over the ready pods.
    for (const pod of pods) expect(await connectionsOf(platform, pod.name), pod.name).toBeGreaterThan(0);
    await postMany(api, senderToken, ROOM, 20, allSent, 'scale-up');
    await expectAllShown(allSent.ids(ROOM));
  });

  it('removes pods when replicas shrink; their clients reconnect to the rest and miss nothing', async () => {
    spec = { ...spec, replicas: 1 };
    await applyChatGateway(platform, GATEWAY, spec);
    const [survivor] = await waitForPods(platform, GATEWAY, 1);
    await eventually('every client connected again', () =>
      Promise.resolve(clients.every((c) => c.connected)),
    );
    expect(await connectionsOf(platform, survivor?.name ?? '')).toBe(USERS.length);
    await postMany(api, senderToken, ROOM, 20, allSent, 'scale-down');
    await expectAllShown(allSent.ids(ROOM));
  });
});

describe('scenario 4: a rolling update on a configuration change', () => {
  it('drains every client to the new pods while messages flow; none lost, none shown twice', async () => {
    spec = { ...spec, replicas: 2 };
    await applyChatGateway(platform, GATEWAY, spec);
    const before = await waitForPods(platform, GATEWAY, 2);
    const welcomesBefore = clients.map((c) => c.welcomes);
    const poster = new Poster(api, senderToken, ROOM);
    spec = { ...spec, logLevel: 'debug' };
    await applyChatGateway(platform, GATEWAY, spec);
    await eventually(
      'the rollout to replace every pod',
      async () => {
        const pods = await gatewayPods(platform, GATEWAY);
        const fresh = pods.filter((p) => !before.some((b) => b.name === p.name));
        return pods.length === 2 && fresh.length === 2 && pods.every((p) => p.ready && !p.terminating);
      },
      240_000,
    );
    const sent = await poster.stop();
    for (const id of sent.ids(ROOM)) allSent.record(ROOM, id);
    expect(sent.ids(ROOM).length).toBeGreaterThan(0);
    await expectAllShown(allSent.ids(ROOM));
    // Every old pod went away, so every client was drained and reconnected at least once.
    clients.forEach((c, i) => {
      expect(c.welcomes, c.user).toBeGreaterThan(welcomesBefore[i] ?? 0);
    });
  });
});

describe('scenario 5: a gateway process killed', () => {
  it('is restarted; its clients reconnect elsewhere and recover what they missed', async () => {
    const pods = await waitForPods(platform, GATEWAY, 2);
    const victim = pods[0];
    if (victim === undefined) throw new Error('no pod');
    const restartsBefore = victim.restarts['gateway'] ?? 0;
    const welcomesBefore = clients.reduce((sum, c) => sum + c.welcomes, 0);
    const poster = new Poster(api, senderToken, ROOM);
    await eventually('messages flowing', () => Promise.resolve(poster.sent.ids(ROOM).length >= 5));
    await platform.killContainer(victim.name, 'gateway');
    await eventually(
      'the killed container to be restarted and ready',
      async () => {
        const now = (await gatewayPods(platform, GATEWAY)).find((p) => p.name === victim.name);
        return now !== undefined && (now.restarts['gateway'] ?? 0) > restartsBefore && now.ready;
      },
      120_000,
    );
    await eventually('the cut-off clients to reconnect', () =>
      Promise.resolve(
        clients.reduce((sum, c) => sum + c.welcomes, 0) > welcomesBefore && clients.every((c) => c.connected),
      ),
    );
    const sent = await poster.stop();
    for (const id of sent.ids(ROOM)) allSent.record(ROOM, id);
    await expectAllShown(allSent.ids(ROOM));
  });
});
