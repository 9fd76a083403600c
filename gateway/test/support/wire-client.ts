import WebSocket from 'ws';

/** A server frame as received: JSON with a `type` (PROTOCOL.md, server frames). */
export type ServerFrame = Readonly<Record<string, unknown>> & { readonly type: string };

export interface WireClientOptions {
  /** How the token travels: a `cmf.token.<jwt>` subprotocol entry (browsers) or the Authorization header. */
  readonly transport?: 'subprotocol' | 'header';
  readonly origin?: string;
  /** How long to wait for the welcome. Default 30 s. */
  readonly timeoutMs?: number;
}

export interface CloseInfo {
  readonly code: number;
  readonly reason: string;
}

/** Frame ids are numbers; message ids are strings, so a message is never taken for a reply. */
const isReplyTo = (frame: ServerFrame, id: number): boolean => frame['id'] === id;

/**
 * A protocol client on a raw `ws` socket that records every frame in both directions, in order,
 * so a test can count exactly what a connection sent and received. Unlike the SDK it never
 * reconnects, resubscribes or drops anything: what the server did is what the test sees.
 */
export class WireClient {
  readonly received: ServerFrame[] = [];
  readonly sent: Readonly<Record<string, unknown>>[] = [];
  /** Resolves when the socket closes, with the server's close code and reason. */
  readonly closed: Promise<CloseInfo>;
  private closeInfo: CloseInfo | undefined;
  private nextId = 1;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      this.received.push(JSON.parse(data.toString('utf8')) as ServerFrame);
    });
    this.closed = new Promise((resolve) => {
      socket.once('close', (code: number, reason: Buffer) => {
        this.closeInfo = { code, reason: reason.toString('utf8') };
        resolve(this.closeInfo);
      });
    });
  }

  /** Connects and resolves at the welcome frame; rejects when the handshake is refused. */
  static async open(url: string, token: string, options: WireClientOptions = {}): Promise<WireClient> {
    const header = options.transport === 'header';
    const socket = new WebSocket(url, header ? ['cmf.v1.json'] : ['cmf.v1.json', `cmf.token.${token}`], {
      ...(header ? { headers: { authorization: `Bearer ${token}` } } : {}),
      ...(options.origin === undefined ? {} : { origin: options.origin }),
    });
    const client = new WireClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => {
        resolve();
      });
      socket.once('error', reject);
    });
    socket.on('error', () => undefined);
    await client.next('the welcome', (f) => f.type === 'welcome', options.timeoutMs);
    return client;
  }

  get welcome(): ServerFrame {
    const welcome = this.received[0];
    if (welcome?.type !== 'welcome') throw new Error('no welcome frame');
    return welcome;
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** The close code and reason, once closed. */
  get closeCode(): CloseInfo | undefined {
    return this.closeInfo;
  }

  /** Sends a frame that gets a reply (a fresh `id` is set) and resolves with the reply or `error`. */
  async request(frame: Readonly<Record<string, unknown>>, timeoutMs?: number): Promise<ServerFrame> {
    const id = this.nextId++;
    this.send({ ...frame, id });
    return this.next(`the reply to ${String(frame['type'])} #${id}`, (f) => isReplyTo(f, id), timeoutMs);
  }

  /** Subscribes to rooms and resolves with the `subscribed` reply (or an `error` frame). */
  subscribe(...rooms: string[]): Promise<ServerFrame> {
    return this.request({ type: 'subscribe', rooms: rooms.map((room) => ({ room })) });
  }

  /**
   * A ping answered by a pong. The server handles a connection's frames in order and writes to
   * its socket in order, so when the pong is here, every frame it wrote before is here too.
   */
  async barrier(): Promise<void> {
    const pong = await this.request({ type: 'ping' });
    if (pong.type !== 'pong') throw new Error(`ping answered with ${JSON.stringify(pong)}`);
  }

  send(frame: Readonly<Record<string, unknown>>): void {
    this.sent.push(frame);
    this.socket.send(JSON.stringify(frame));
  }

  /** The `message` frames of `room` (of every room when unset), in arrival order. */
  messages(room?: string): ServerFrame[] {
    return this.received.filter((f) => f.type === 'message' && (room === undefined || f['room'] === room));
  }

  /** The message ids received in `room`, in arrival order. */
  ids(room: string): string[] {
    return this.messages(room).map((f) => String(f['id']));
  }

  /**
   * What this connection heard about one room, in order, one line per event: `subscribed ok`,
   * `subscribed <error code>`, `message <id>`, `unsubscribed` (a reply) or `unsubscribed <reason
   * code>` (pushed by the server).
   */
  timeline(room: string): string[] {
    const lines: string[] = [];
    for (const frame of this.received) {
      if (frame.type === 'message' && frame['room'] === room) lines.push(`message ${String(frame['id'])}`);
      if (frame.type === 'subscribed') {
        const result = (frame['rooms'] as { room: string; ok: boolean; error?: { code: string } }[]).find(
          (r) => r.room === room,
        );
        if (result !== undefined) lines.push(`subscribed ${result.ok ? 'ok' : String(result.error?.code)}`);
      }
      if (frame.type === 'unsubscribed' && (frame['rooms'] as string[]).includes(room)) {
        const reason = frame['reason'] as { code: string } | undefined;
        lines.push(reason === undefined ? 'unsubscribed' : `unsubscribed ${reason.code}`);
      }
    }
    return lines;
  }

  /** Frames the server pushed on its own (no `id`) of one type, e.g. `unsubscribed`. */
  pushes(type: string): ServerFrame[] {
    return this.received.filter((f) => f.type === type && f['id'] === undefined);
  }

  /** Waits for the first frame received (earlier or later) that matches. */
  async next(what: string, match: (frame: ServerFrame) => boolean, timeoutMs = 30_000): Promise<ServerFrame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find(match);
      if (found !== undefined) return found;
      if (this.closeInfo !== undefined) {
        throw new Error(`closed (${this.closeInfo.code} ${this.closeInfo.reason}) before ${what}`);
      }
      if (Date.now() > deadline) {
        throw new Error(
          `timed out after ${timeoutMs} ms waiting for ${what}; got ${JSON.stringify(this.received)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  close(): void {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) {
      this.socket.close(1000);
    }
  }
}
