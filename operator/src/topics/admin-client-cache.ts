import { adminClientKey } from './admin-client-key.js';
import { withDeadline } from './deadline.js';
import type { KafkaConnection } from './topic-reconciler.js';

/** The part of a kafkajs Admin the cache drives. */
export interface ConnectableClient {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
}

export interface AdminClientCacheOptions<C extends ConnectableClient> {
  /** Builds an unconnected client for a connection. */
  readonly create: (connection: KafkaConnection) => C;
  /** Bound on connecting one client, retries included. */
  readonly connectDeadlineMs: (connection: KafkaConnection) => number;
  /** An unused client is disconnected after this long. */
  readonly idleMs: number;
  readonly now?: () => number;
}

interface Entry<C> {
  readonly client: C;
  readonly connected: Promise<void>;
  users: number;
  lastUsedAt: number;
}

/**
 * One admin client per connection key (adminClientKey), created and connected on first use and
 * shared by every caller with the same key. A client that failed to connect is dropped at once; a
 * caller that finds its client broken discards it, and the next caller gets a fresh one. Clients
 * unused for `idleMs` (a deleted ChatGateway's cluster) are disconnected on the next use of the cache.
 */
export class AdminClientCache<C extends ConnectableClient> {
  private readonly entries = new Map<string, Entry<C>>();
  private readonly now: () => number;

  constructor(private readonly options: AdminClientCacheOptions<C>) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Runs `work` with the connection's client, connecting it first when needed. */
  async use<T>(connection: KafkaConnection, work: (client: C) => Promise<T>): Promise<T> {
    this.closeIdle();
    const key = adminClientKey(connection);
    const entry = this.entries.get(key) ?? this.open(key, connection);
    entry.users++;
    try {
      await entry.connected;
      return await work(entry.client);
    } finally {
      entry.users--;
      entry.lastUsedAt = this.now();
    }
  }

  /** Drops `client` if it is still the one cached for the connection, and disconnects it. */
  discard(connection: KafkaConnection, client: C): void {
    const key = adminClientKey(connection);
    if (this.entries.get(key)?.client !== client) return;
    this.entries.delete(key);
    disconnectQuietly(client);
  }

  /** Disconnects every client; later use starts afresh. */
  async close(): Promise<void> {
    const clients = [...this.entries.values()].map((entry) => entry.client);
    this.entries.clear();
    await Promise.allSettled(clients.map((client) => client.disconnect()));
  }

  private open(key: string, connection: KafkaConnection): Entry<C> {
    const client = this.options.create(connection);
    const connected = withDeadline('connecting', this.options.connectDeadlineMs(connection), () =>
      client.connect(),
    );
    const entry: Entry<C> = { client, connected, users: 0, lastUsedAt: this.now() };
    this.entries.set(key, entry);
    connected.catch(() => {
      // Never keep a client that could not connect: kafkajs would retry inside it forever.
      if (this.entries.get(key) === entry) this.entries.delete(key);
      disconnectQuietly(client);
    });
    return entry;
  }

  private closeIdle(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.users === 0 && now - entry.lastUsedAt > this.options.idleMs) {
        this.entries.delete(key);
        disconnectQuietly(entry.client);
      }
    }
  }
}

function disconnectQuietly(client: ConnectableClient): void {
  client.disconnect().catch(() => undefined);
}
