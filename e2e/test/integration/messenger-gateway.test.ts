import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AuthSidecarProcess, eventually, GatewayProcess, KafkaBroker } from '@cmf/test-harness';
import { MessengerProcess } from '../../src/messenger/testing/messenger-process.js';

// End to end through real processes: the stand-in is the identity provider (its JWKS feeds the
// real auth sidecar) and the messenger (REST in, Kafka out, membership API and events); the real
// gateway authenticates through the sidecar, asks the stand-in about membership, consumes the
// messages topic and delivers to a WebSocket client.

const PREFIX = 'msge2e';
const ISSUER = 'cmf-messenger-standin';
const SERVICE_TOKEN = 'gateway-to-messenger-token-0123456789';
const TRACE_ID = '5af7651916cd43dd8448eb211c80319c';

let broker: KafkaBroker;
let messenger: MessengerProcess;
let sidecar: AuthSidecarProcess | undefined;
let gateway: GatewayProcess;
let dir = '';

type Frame = Record<string, unknown> & { type: string };

/** A WebSocket client of the gateway that records every frame and how it closed. */
class Client {
  readonly frames: Frame[] = [];
  closed: { code: number; reason: string } | undefined;
  private nextId = 1;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => this.frames.push(JSON.parse(data.toString()) as Frame));
    socket.on('close', (code, reason) => (this.closed = { code, reason: reason.toString() }));
  }

  static async connect(url: string, token: string): Promise<Client> {
    const socket = new WebSocket(url, ['cmf.v1.json'], { headers: { authorization: `Bearer ${token}` } });
    const client = new Client(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => {
        resolve();
      });
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => {
        reject(new Error(`handshake refused with ${res.statusCode}`));
      });
    });
    await client.next((f) => f.type === 'welcome');
    return client;
  }

  /** Sends a frame with the next id and returns that id. */
  send(frame: Record<string, unknown>): number {
    const id = this.nextId++;
    this.socket.send(JSON.stringify({ ...frame, id }));
    return id;
  }

  async next(match: (frame: Frame) => boolean, what = 'a frame'): Promise<Frame> {
    await eventually(what, () => Promise.resolve(this.frames.some(match)));
    const frame = this.frames.find(match);
    if (frame === undefined) throw new Error('unreachable');
    return frame;
  }

  close(): void {
    this.socket.close();
  }
}

type RoomResult = { room: string; ok: boolean; error?: { code: string; retryable: boolean } };

/** Subscribes to one room until the answer is final (ok, or an error that is not retryable). */
async function subscribeDecided(client: Client, room: string): Promise<RoomResult> {
  let result: RoomResult | undefined;
  await eventually(`a final answer for ${room}`, async () => {
    const id = client.send({ type: 'subscribe', rooms: [{ room }] });
    const subscribed = await client.next((f) => f.type === 'subscribed' && f['id'] === id, 'subscribed');
    result = (subscribed['rooms'] as RoomResult[])[0];
    return result?.error?.retryable !== true;
  });
  if (result === undefined) throw new Error('unreachable');
  return result;
}

beforeAll(async () => {
  broker = await KafkaBroker.start();
  const admin = new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({
    topics: ['messages', 'events', 'dlq', 'signals', 'receipts'].map((name) => ({
      topic: `${PREFIX}.${name}`,
      numPartitions: name === 'messages' ? 3 : 1,
    })),
    waitForLeaders: true,
  });
  await admin.disconnect();
  dir = mkdtempSync(path.join(os.tmpdir(), 'cmf-messenger-e2e-'));
  const tokenFile = path.join(dir, 'membership-token');
  writeFileSync(tokenFile, SERVICE_TOKEN);
  const seedFile = path.join(dir, 'seed.json');
  writeFileSync(
    seedFile,
    JSON.stringify({
      rooms: [
        { roomId: 'cr_team', members: ['alice', 'bob'] },
        { roomId: 'cr_secret', members: ['alice'] },
      ],
      admins: ['ops'],
    }),
  );
  messenger = await MessengerProcess.start({
    brokers: broker.bootstrap,
    topicPrefix: PREFIX,
    env: { CMF_MESSENGER_SERVICE_TOKEN_FILE: tokenFile, CMF_MESSENGER_SEED_FILE: seedFile },
  });
  const issuersFile = path.join(dir, 'issuers.json');
  writeFileSync(
    issuersFile,
    JSON.stringify([
      {
        issuer: ISSUER,
        audience: 'cmf-gateway',
        jwksUrl: `${messenger.url}/.well-known/jwks.json`,
        algorithms: ['ES256'],
      },
    ]),
  );
  // Ready means the stand-in's JWKS was fetched.
  sidecar = await AuthSidecarProcess.start({ env: { CMF_SIDECAR_ISSUERS_FILE: issuersFile } });
  gateway = await GatewayProcess.start({
    brokers: broker.bootstrap,
    topicPrefix: PREFIX,
    env: {
      CMF_AUTH_SIDECAR_URL: sidecar.url,
      CMF_MEMBERSHIP_URL: messenger.url,
      CMF_MEMBERSHIP_TOKEN_FILE: tokenFile,
    },
  });
});

afterAll(async () => {
  await gateway.kill().catch(() => undefined);
  await sidecar?.kill();
  await messenger.kill().catch(() => undefined);
  await broker.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('stand-in, auth sidecar and gateway together', () => {
  it('a message posted over REST reaches a subscribed member over WebSocket, with its trace', async () => {
    // bob's token grants no rooms: every subscription is decided by the stand-in's membership API.
    const bob = await Client.connect(gateway.url, await messenger.token('bob'));
    try {
      const id = bob.send({ type: 'subscribe', rooms: [{ room: 'cr_team' }, { room: 'cr_secret' }] });
      const subscribed = await bob.next((f) => f.type === 'subscribed' && f['id'] === id, 'subscribed');
      const rooms = subscribed['rooms'] as { room: string; ok: boolean; error?: { code: string } }[];
      expect(rooms.map((r) => [r.room, r.ok, r.error?.code])).toEqual([
        ['cr_team', true, undefined],
        ['cr_secret', false, 'forbidden'],
      ]);

      const posted = await messenger.request('POST', '/v1/rooms/cr_team/messages', {
        token: await messenger.token('alice'),
        body: { content: 'hello bob' },
        headers: { traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` },
      });
      expect(posted.status).toBe(201);
      const sent = posted.body as { messageId: string; partition: number; offset: string };
      const message = await bob.next(
        (f) => f.type === 'message' && f['id'] === sent.messageId,
        'the message',
      );
      expect(message['room']).toBe('cr_team');
      expect(message['position']).toEqual({ partition: sent.partition, offset: sent.offset });
      expect(message['data']).toMatchObject({
        chatRoomId: 'cr_team',
        senderId: 'alice',
        content: 'hello bob',
      });
      expect(String(message['traceparent']).split('-')[1]).toBe(TRACE_ID);
    } finally {
      bob.close();
    }
  });

  it('removing a member over REST ends their subscription at once (member_removed through Kafka)', async () => {
    const carol = await Client.connect(gateway.url, await messenger.token('carol'));
    try {
      const alice = await messenger.token('alice');
      await messenger.request('POST', '/v1/rooms/cr_team/members', {
        token: alice,
        body: { userId: 'carol' },
      });
      // The member_added event may reach the gateway while it checks; it then answers a retryable
      // membership_unavailable, and a client subscribes again, as this one does.
      const result = await subscribeDecided(carol, 'cr_team');
      expect(result).toMatchObject({ room: 'cr_team', ok: true });

      expect(
        (await messenger.request('DELETE', '/v1/rooms/cr_team/members/carol', { token: alice })).status,
      ).toBe(204);
      const pushed = await carol.next(
        (f) => f.type === 'unsubscribed' && f['id'] === undefined,
        'unsubscribed',
      );
      expect(pushed['rooms']).toEqual(['cr_team']);
      expect((pushed['reason'] as { code: string }).code).toBe('forbidden');
    } finally {
      carol.close();
    }
  });

  it('banning a user over REST closes their connections with 4502 (user_banned through Kafka)', async () => {
    const dave = await Client.connect(gateway.url, await messenger.token('dave'));
    const banned = await messenger.request('POST', '/v1/users/dave/ban', {
      token: await messenger.token('ops'),
    });
    expect(banned.status).toBe(200);
    await eventually('the gateway to close dave’s connection', () =>
      Promise.resolve(dave.closed !== undefined),
    );
    expect(dave.closed?.code).toBe(4502);
  });
});
