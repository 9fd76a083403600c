import { describe, expect, it } from 'vitest';
import { AdminClientCache, type ConnectableClient } from './admin-client-cache.js';
import { KafkaCallTimeout } from './deadline.js';
import type { KafkaConnection } from './topic-reconciler.js';

class FakeClient implements ConnectableClient {
  connects = 0;
  disconnects = 0;
  constructor(
    readonly id: number,
    private readonly connectResult: () => Promise<void>,
  ) {}
  connect(): Promise<void> {
    this.connects++;
    return this.connectResult();
  }
  disconnect(): Promise<void> {
    this.disconnects++;
    return Promise.resolve();
  }
}

const a: KafkaConnection = { brokers: ['a:9092'], clientId: 'cmf-operator', connectTimeoutMs: 1_000 };
const b: KafkaConnection = { ...a, brokers: ['b:9092'] };

function cacheWith(connectResult: (id: number) => Promise<void> = () => Promise.resolve()) {
  const made: FakeClient[] = [];
  let clock = 0;
  const cache = new AdminClientCache<FakeClient>({
    create: () => {
      const id = made.length;
      const client = new FakeClient(id, () => connectResult(id));
      made.push(client);
      return client;
    },
    connectDeadlineMs: () => 50,
    idleMs: 1_000,
    now: () => clock,
  });
  return {
    cache,
    made,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

const idOf = (client: FakeClient) => Promise.resolve(client.id);

describe('AdminClientCache', () => {
  it('creates nothing until used, then connects one client per key and shares it', async () => {
    const { cache, made } = cacheWith();
    expect(made).toHaveLength(0);
    const ids = await Promise.all([cache.use(a, idOf), cache.use(a, idOf), cache.use(b, idOf)]);
    expect(ids).toEqual([0, 0, 1]);
    expect(made.map((c) => c.connects)).toEqual([1, 1]);
    expect(cache.size).toBe(2);
  });

  it('drops a client that failed to connect, so the next use builds a new one', async () => {
    const { cache, made } = cacheWith((id) =>
      id === 0 ? Promise.reject(new Error('Connection error: connect ECONNREFUSED')) : Promise.resolve(),
    );
    await expect(cache.use(a, idOf)).rejects.toThrow('ECONNREFUSED');
    expect(cache.size).toBe(0);
    expect(made[0]?.disconnects).toBe(1);
    await expect(cache.use(a, idOf)).resolves.toBe(1);
  });

  it('bounds connecting with the deadline and drops the client', async () => {
    const { cache, made } = cacheWith(() => new Promise<void>(() => undefined));
    await expect(cache.use(a, idOf)).rejects.toBeInstanceOf(KafkaCallTimeout);
    expect(cache.size).toBe(0);
    expect(made[0]?.disconnects).toBe(1);
  });

  it('replaces a discarded client, and ignores a discard of a client already replaced', async () => {
    const { cache, made } = cacheWith();
    const first = await cache.use(a, (client) => Promise.resolve(client));
    cache.discard(a, first);
    expect(first.disconnects).toBe(1);
    await expect(cache.use(a, idOf)).resolves.toBe(1);
    cache.discard(a, first);
    await expect(cache.use(a, idOf)).resolves.toBe(1);
    expect(made).toHaveLength(2);
  });

  it('disconnects clients unused for longer than idleMs, never one in use', async () => {
    const { cache, made, advance } = cacheWith();
    await cache.use(a, idOf);
    let release = (): void => undefined;
    const busy = cache.use(
      b,
      () =>
        new Promise<number>((resolve) => {
          release = () => {
            resolve(1);
          };
        }),
    );
    await new Promise((r) => setImmediate(r));
    advance(1_001);
    await cache.use({ ...a, clientId: 'third' }, idOf);
    expect(made.map((c) => c.disconnects)).toEqual([1, 0, 0]);
    release();
    await busy;
    expect(cache.size).toBe(2);
  });

  it('close disconnects every client and later use starts afresh', async () => {
    const { cache, made } = cacheWith();
    await cache.use(a, idOf);
    await cache.use(b, idOf);
    await cache.close();
    expect(made.map((c) => c.disconnects)).toEqual([1, 1]);
    expect(cache.size).toBe(0);
    await expect(cache.use(a, idOf)).resolves.toBe(2);
  });
});
