import http from 'node:http';
import { SignJWT } from 'jose';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { CmfClient, type ClientMessage } from '../../src/client/index.js';

export const SECRET = 'integration-test-secret-of-32-bytes-or-more';

export async function mintToken(userId: string, rooms: readonly string[], ttlSeconds = 600): Promise<string> {
  return new SignJWT({ rooms: [...rooms] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(new TextEncoder().encode(SECRET));
}

/** Creates a prefix's topics and produces ChatMessages the way the messenger does. */
export class ChatFixture {
  private constructor(
    readonly prefix: string,
    private readonly admin: Admin,
    private readonly producer: Producer,
  ) {}

  static async create(brokers: string, prefix: string, partitions: number): Promise<ChatFixture> {
    const fixture = await ChatFixture.connect(brokers, prefix);
    await fixture.admin.createTopics({
      topics: [
        { topic: `${prefix}.messages`, numPartitions: partitions },
        { topic: `${prefix}.dlq`, numPartitions: 1 },
        { topic: `${prefix}.signals`, numPartitions: 2 },
        { topic: `${prefix}.receipts`, numPartitions: 2 },
      ],
      waitForLeaders: true,
    });
    return fixture;
  }

  /** A fixture for topics that already exist. */
  static async connect(brokers: string, prefix: string): Promise<ChatFixture> {
    const kafka = new Kafka({ brokers: [brokers], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    return new ChatFixture(prefix, admin, producer);
  }

  async send(
    messages: readonly { room: string; id: string; content?: string; allowedUserIds?: string[] }[],
  ): Promise<void> {
    await this.producer.send({
      topic: `${this.prefix}.messages`,
      acks: -1,
      messages: messages.map((m) => ({
        key: m.room,
        value: JSON.stringify({
          chatRoomId: m.room,
          senderId: 'sender',
          content: m.content ?? m.id,
          sentTimestamp: new Date().toISOString(),
          ...(m.allowedUserIds ? { allowedUserIds: m.allowedUserIds } : {}),
        }),
        headers: { 'message-id': m.id },
      })),
    });
  }

  async sendRaw(room: string, value: string, id: string): Promise<void> {
    await this.producer.send({
      topic: `${this.prefix}.messages`,
      messages: [{ key: room, value, headers: { 'message-id': id } }],
    });
  }

  async close(): Promise<void> {
    await this.producer.disconnect();
    await this.admin.disconnect();
  }
}

/** A CmfClient that records what it receives. */
export class RecordingClient {
  readonly messages: ClientMessage[] = [];
  readonly closes: { code: number; reason: string }[] = [];

  constructor(readonly client: CmfClient) {
    client.on('message', (m) => this.messages.push(m));
    client.on('closed', (c) => this.closes.push(c));
  }

  static async connect(
    url: string | (() => string),
    userId: string,
    rooms: readonly string[],
    options: { reconnectDelayMs?: number } = {},
  ): Promise<RecordingClient> {
    const token = await mintToken(userId, rooms);
    const client = new CmfClient({
      url,
      token,
      reconnect: { initialDelayMs: options.reconnectDelayMs ?? 50, maxDelayMs: 500 },
    });
    const recording = new RecordingClient(client);
    await client.connect();
    return recording;
  }

  contents(room?: string): string[] {
    return this.messages
      .filter((m) => room === undefined || m.room === room)
      .map((m) => String(m.data['content']));
  }
}

export async function until(
  what: string,
  fn: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A small seeded PRNG (mulberry32) so property tests replay exactly. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Sends a WebSocket upgrade by hand and returns the refusal (status and JSON body), or status
 * 101 when the gateway accepted it.
 */
export function rawHandshake(
  url: string,
  headers: Readonly<Record<string, string>>,
): Promise<{ status: number; body: unknown }> {
  const target = new URL(url.replace(/^ws/, 'http'));
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: target.hostname,
      port: target.port,
      path: target.pathname,
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        ...headers,
      },
    });
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      resolve({ status: 101, body: null });
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown });
      });
    });
    req.on('error', reject);
    req.end();
  });
}
