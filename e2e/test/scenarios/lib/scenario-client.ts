import WebSocket from 'ws';
import { CmfClient, type ClientMessage, type SubscribeResult, type WebSocketLike } from '@cmf/gateway/client';

export interface ScenarioClientOptions {
  readonly url: string;
  readonly token: string;
  /** The Origin header a browser would send; none by default (not a browser). */
  readonly origin?: string;
}

/**
 * A user's client as an application uses it: the SDK (reconnect with backoff, resubscribe from
 * positions, dedupe), recording per room the message ids it showed, in the order it showed them,
 * and how often it was welcomed (one more per reconnect).
 */
export class ScenarioClient {
  readonly shown = new Map<string, string[]>();
  welcomes = 0;
  private readonly client: CmfClient;

  constructor(
    readonly user: string,
    options: ScenarioClientOptions,
  ) {
    const origin = options.origin;
    this.client = new CmfClient({
      url: options.url,
      token: options.token,
      reconnect: { initialDelayMs: 100, maxDelayMs: 2000 },
      webSocket: (url, protocols) =>
        new WebSocket(url, protocols, origin === undefined ? {} : { origin }) as unknown as WebSocketLike,
    });
    this.client.on('welcome', () => {
      this.welcomes += 1;
    });
    this.client.on('message', (message: ClientMessage) => {
      const list = this.shown.get(message.room) ?? [];
      list.push(message.id);
      this.shown.set(message.room, list);
    });
  }

  static async connect(user: string, options: ScenarioClientOptions): Promise<ScenarioClient> {
    const client = new ScenarioClient(user, options);
    await client.client.connect();
    return client;
  }

  subscribe(room: string): Promise<SubscribeResult> {
    return this.client.subscribe(room);
  }

  /** The ids shown for a room so far. */
  ids(room: string): readonly string[] {
    return this.shown.get(room) ?? [];
  }

  get connected(): boolean {
    return this.client.state === 'connected';
  }

  close(): void {
    this.client.close();
  }
}

/** The HTTP status a WebSocket handshake is refused with (101 when it is accepted). */
export function handshakeStatus(url: string, token: string, origin?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, ['cmf.v1.json', `cmf.token.${token}`], {
      ...(origin === undefined ? {} : { origin }),
    });
    socket.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('open', () => {
      resolve(101);
      socket.close();
    });
    socket.once('error', (err) => {
      reject(err);
    });
  });
}
