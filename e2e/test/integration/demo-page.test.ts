import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthSidecarProcess,
  cacheDir,
  eventually,
  freePorts,
  GatewayProcess,
  KafkaBroker,
} from '@cmf/test-harness';
import { buildDemoPage } from '../../src/demo/build-page.js';
import { ChatPage } from '../../src/demo/testing/chat-page.js';
import { launchChromium, type TestBrowser } from '../../src/demo/testing/chromium.js';
import { DemoProcess } from '../../src/demo/testing/demo-process.js';
import { MessengerProcess } from '../../src/messenger/testing/messenger-process.js';

// The demo page in a real headless Chromium, against real processes: Kafka, the messenger
// stand-in (demo tokens, REST, membership API, JWKS), the auth sidecar, the gateway and cmf-demo.
// Two people chat in one room; one is refused a room they are not in; the gateway restarts and
// both pages come back with what was sent meanwhile.

const PREFIX = 'demo';
const SERVICE_TOKEN = 'gateway-to-messenger-token-demo-0123';
const SCREENSHOTS = path.join(cacheDir, 'reports', 'demo-page');

// Set in beforeAll; undefined only when it failed part way, which afterAll must survive.
let broker: KafkaBroker | undefined;
let messenger: MessengerProcess | undefined;
let sidecar: AuthSidecarProcess | undefined;
let gateway: GatewayProcess | undefined;
let demo: DemoProcess | undefined;
let browser: TestBrowser | undefined;
let alice: ChatPage;
let bob: ChatPage;
let dir = '';
let gatewayPort = 0;
let gatewayEnv: Record<string, string> = {};

function startGateway(bootstrap: string): Promise<GatewayProcess> {
  return GatewayProcess.start({ brokers: bootstrap, topicPrefix: PREFIX, env: gatewayEnv });
}

/** Both pages show the same lines, and `expected` among them in this order. */
async function bothShow(expected: readonly string[], what: string): Promise<void> {
  await eventually(what, async () => {
    const [a, b] = [await alice.contents(), await bob.contents()];
    return JSON.stringify(a) === JSON.stringify(b) && expected.every((text) => a.includes(text));
  });
}

/** partition:offset of each line, from its title; a room's lines must only move forward. */
function offsets(titles: readonly string[]): bigint[] {
  return titles.map((title) => BigInt(/:(\d+)$/.exec(title)?.[1] ?? 'NaN'));
}

beforeAll(async () => {
  const kafka = await KafkaBroker.start();
  broker = kafka;
  const admin = new Kafka({ brokers: [kafka.bootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({
    topics: ['messages', 'events', 'dlq', 'signals', 'receipts'].map((name) => ({
      topic: `${PREFIX}.${name}`,
      numPartitions: name === 'messages' ? 3 : 1,
    })),
    waitForLeaders: true,
  });
  await admin.disconnect();

  dir = mkdtempSync(path.join(os.tmpdir(), 'cmf-demo-page-'));
  const tokenFile = path.join(dir, 'membership-token');
  writeFileSync(tokenFile, SERVICE_TOKEN);
  const seedFile = path.join(dir, 'seed.json');
  writeFileSync(
    seedFile,
    JSON.stringify({
      rooms: [
        { roomId: 'cr_demo', members: ['alice', 'bob'] },
        { roomId: 'cr_private', members: ['carol'] },
      ],
    }),
  );
  const standin = await MessengerProcess.start({
    brokers: kafka.bootstrap,
    topicPrefix: PREFIX,
    env: { CMF_MESSENGER_SERVICE_TOKEN_FILE: tokenFile, CMF_MESSENGER_SEED_FILE: seedFile },
  });
  messenger = standin;

  const pageDir = await buildDemoPage(path.join(dir, 'page'));
  const [demoPort, wsPort] = await freePorts(2);
  if (demoPort === undefined || wsPort === undefined) throw new Error('no free ports');
  gatewayPort = wsPort;
  const pageOrigin = `http://127.0.0.1:${demoPort}`;

  const issuersFile = path.join(dir, 'issuers.json');
  writeFileSync(
    issuersFile,
    JSON.stringify([
      {
        issuer: 'cmf-messenger-standin',
        audience: 'cmf-gateway',
        jwksUrl: `${standin.url}/.well-known/jwks.json`,
        algorithms: ['ES256'],
      },
    ]),
  );
  // Only the demo page's origin may open browser connections: the test proves it is the one sent.
  const auth = await AuthSidecarProcess.start({
    env: { CMF_SIDECAR_ISSUERS_FILE: issuersFile, CMF_SIDECAR_ALLOWED_ORIGINS: pageOrigin },
  });
  sidecar = auth;
  gatewayEnv = {
    CMF_AUTH_SIDECAR_URL: auth.url,
    CMF_MEMBERSHIP_URL: standin.url,
    CMF_MEMBERSHIP_TOKEN_FILE: tokenFile,
    // The same address across the restart, as a Service gives the page in a cluster.
    CMF_LISTEN_PORT: String(gatewayPort),
    CMF_DRAIN_TIMEOUT: '3s',
    CMF_DRAIN_CLOSE_GRACE: '1s',
  };
  gateway = await startGateway(kafka.bootstrap);
  const server = await DemoProcess.start({
    port: demoPort,
    gatewayUrl: `ws://127.0.0.1:${gatewayPort}/connection/websocket`,
    messengerUrl: standin.url,
    pageDir,
  });
  demo = server;

  const chromium = await launchChromium();
  browser = chromium;
  alice = new ChatPage(await chromium.context.newPage());
  bob = new ChatPage(await chromium.context.newPage());
  for (const page of [alice, bob]) await page.open(server.url);
});

afterAll(async () => {
  if (browser !== undefined) {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await alice.page.screenshot({ path: path.join(SCREENSHOTS, 'alice.png'), fullPage: true });
    await bob.page.screenshot({ path: path.join(SCREENSHOTS, 'bob.png'), fullPage: true });
  }
  await browser?.close();
  await demo?.kill();
  await gateway?.kill().catch(() => undefined);
  await sidecar?.kill();
  await messenger?.kill();
  await broker?.destroy();
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('the demo page in headless Chromium', () => {
  it('two people in one room see every message, in the same order, with sender and time', async () => {
    await alice.signIn('alice');
    await bob.signIn('bob');
    expect(await alice.connection()).toEqual({ state: 'connected', text: 'connected as alice' });
    await alice.joined('cr_demo');
    await bob.joined('cr_demo');

    // Typing shows on the other page only (the gateway relays it through the signals topic).
    await bob.type('hel');
    await eventually('alice to see bob typing', async () =>
      (await alice.text('#typing')).includes('bob is typing'),
    );
    expect(await bob.text('#typing')).toBe('');

    // Sent back to back from both pages: each POST is its own request, so the messenger may
    // take them in any order, but once in Kafka there is one order and both pages must show it.
    const sent = ['a1', 'b1', 'a2', 'b2', 'a3'];
    for (const text of sent) await (text.startsWith('a') ? alice : bob).send(text);
    await bothShow(sent, 'both pages to show every message');

    const lines = await alice.lines();
    expect(lines).toEqual(await bob.lines());
    expect(lines.map((l) => [l.content, l.sender])).toEqual(
      expect.arrayContaining(sent.map((t) => [t, t.startsWith('a') ? 'alice' : 'bob'])),
    );
    expect(lines).toHaveLength(sent.length);
    for (const line of lines) expect(line.time).toMatch(/^\d\d:\d\d:\d\d$/);
    const positions = offsets(lines.map((l) => l.title));
    expect(positions).toEqual([...positions].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
    expect(new Set(positions).size).toBe(positions.length);
    // Each person's own lines are marked as theirs.
    expect(await alice.page.locator('#messages li.own').count()).toBe(3);
    expect(await bob.page.locator('#messages li.own').count()).toBe(2);
  });

  it('a room the user is not a member of is refused on the page, and the joined room stays', async () => {
    await bob.join('cr_private');
    await eventually('bob to be told no', async () => (await bob.notice()).kind === 'error');
    const notice = await bob.notice();
    expect(notice.text).toContain('cannot join cr_private');
    expect(notice.text).toContain('forbidden');
    expect(await bob.text('#room-title')).toBe('Room cr_demo');
    expect(await bob.contents()).toEqual(await alice.contents());
  });

  it('after the gateway restarts both pages reconnect and show what was sent meanwhile', async () => {
    const before = await alice.contents();
    await gateway?.terminate();
    for (const page of [alice, bob]) {
      await eventually('the page to say it is reconnecting, with the close code', async () => {
        const status = await page.connection();
        return status.state === 'reconnecting' && /closed with \d{4}/.test(status.text);
      });
    }

    // Sent over REST while no gateway runs: Kafka keeps them for the next one.
    await alice.send('while away from alice');
    await bob.send('while away from bob');
    await eventually(
      'both messages to be accepted',
      async () =>
        (await alice.page.inputValue('#text')) === '' && (await bob.page.inputValue('#text')) === '',
    );
    expect((await alice.notice()).kind).not.toBe('error');

    gateway = await startGateway(broker?.bootstrap ?? '');
    for (const page of [alice, bob]) {
      await eventually('the page to reconnect', async () => (await page.connection()).state === 'connected');
    }
    const meanwhile = ['while away from alice', 'while away from bob'];
    await bothShow(meanwhile, 'both pages to show the messages sent meanwhile');
    const after = await alice.contents();
    // Nothing lost, nothing twice, the earlier lines untouched.
    expect(after.slice(0, before.length)).toEqual(before);
    expect([...after.slice(before.length)].sort()).toEqual(meanwhile);
    expect((await alice.notice()).text).toMatch(/reconnected to cr_demo: [12] missed messages recovered/);
    const positions = offsets((await bob.lines()).map((l) => l.title));
    expect(new Set(positions).size).toBe(positions.length);
  });
});
