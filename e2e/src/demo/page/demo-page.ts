/// <reference lib="dom" />
import { CmfClient, SubscribeError, type ClientMessage } from '@cmf/gateway/client';
import type { ChatView } from './chat-view.js';
import { connectionLabel, type LastClose } from './connection-label.js';
import { messageLine, type MessageLine } from './message-line.js';
import { MessengerApi, MessengerApiError } from './messenger-api.js';
import type { LoadedPageConfig } from './page-config.js';
import { RoomActivity } from './room-activity.js';

/** A demo token is renewed before a reconnect when it has less than this left. */
const TOKEN_RENEW_MS = 60_000;
/** At most one `typing` frame per this interval while the user types. */
const TYPING_EVERY_MS = 2000;

interface Session {
  readonly userId: string;
  token: string;
  expiresAt: number;
  readonly client: CmfClient;
}

function describe(err: unknown): string {
  if (err instanceof SubscribeError) return `${err.payload.code}: ${err.payload.message}`;
  if (err instanceof MessengerApiError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

/**
 * The demo chat: signs a user in with a demo token, joins one room at a time through the client
 * SDK, shows its messages as the gateway delivers them (in order, once), and sends by POSTing to
 * the messenger, so every line on screen made the whole trip through Kafka and the gateway.
 */
export class DemoPage {
  private readonly api: MessengerApi;
  private session: Session | undefined;
  private room: string | undefined;
  private lastClose: LastClose | undefined;
  private lastTypingSent = 0;
  private readonly lines = new Map<string, MessageLine[]>();
  private readonly activity = new RoomActivity();

  constructor(
    private readonly config: LoadedPageConfig,
    private readonly view: ChatView,
  ) {
    this.api = new MessengerApi(config.messengerUrl);
  }

  start(): void {
    this.view.showConnection(connectionLabel('idle', undefined, undefined));
    this.view.signIn.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.signIn(this.view.user.value.trim());
    });
    this.view.join.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.joinRoom(this.view.room.value.trim());
    });
    this.view.createButton.addEventListener('click', () => {
      void this.createRoom(this.view.room.value.trim(), this.view.members.value);
    });
    this.view.compose.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.send(this.view.text.value);
    });
    this.view.text.addEventListener('input', () => {
      this.sendTyping();
    });
    // Typing lines expire on their own; a coarse tick is enough for a demo.
    setInterval(() => {
      this.renderActivity();
    }, 500);
  }

  private async signIn(userId: string): Promise<void> {
    if (userId === '') return;
    this.session?.client.close();
    this.session = undefined;
    this.room = undefined;
    this.lines.clear();
    this.lastClose = undefined;
    this.view.showRoom(undefined, [], undefined);
    this.view.enable({ join: false, compose: false });
    let issued;
    try {
      issued = await this.api.demoToken(userId);
    } catch (err) {
      this.view.showNotice(`no demo token for ${userId}: ${describe(err)}`, 'error');
      return;
    }
    const client = new CmfClient({
      url: this.config.gatewayUrl,
      token: () => this.currentToken(),
      reconnect: { maxDelayMs: 5000 },
    });
    const session: Session = { userId, token: issued.token, expiresAt: issued.expiresAt, client };
    this.session = session;
    this.wire(session);
    this.view.showNotice(`signed in as ${userId}; connecting to the gateway`);
    try {
      await client.connect();
      this.view.enable({ join: true, compose: false });
      this.view.showNotice(`connected as ${userId}: join a room`);
    } catch (err) {
      if (this.session === session) this.view.showNotice(`cannot connect: ${describe(err)}`, 'error');
    }
  }

  private async currentToken(): Promise<string> {
    const session = this.session;
    if (session === undefined) throw new Error('signed out');
    if (session.expiresAt - Date.now() < TOKEN_RENEW_MS) {
      const renewed = await this.api.demoToken(session.userId);
      session.token = renewed.token;
      session.expiresAt = renewed.expiresAt;
    }
    return session.token;
  }

  private wire(session: Session): void {
    const { client } = session;
    const mine = (): boolean => this.session === session;
    client.on('state', (state) => {
      if (!mine()) return;
      if (state === 'connected') this.lastClose = undefined;
      this.view.showConnection(connectionLabel(state, session.userId, this.lastClose));
    });
    client.on('closed', (close) => {
      if (!mine()) return;
      this.lastClose = { code: close.code, reason: close.reason };
      // Every failed attempt closes again: show the latest code, which says what comes next.
      this.view.showConnection(connectionLabel(client.state, session.userId, this.lastClose));
      if (close.terminal) {
        this.view.enable({ join: false, compose: false });
        this.view.showNotice(`the gateway closed the connection for good (${close.code})`, 'error');
      }
    });
    client.on('message', (message) => {
      if (mine()) this.onMessage(message);
    });
    client.on('subscribed', (result) => {
      if (!mine() || result.room !== this.room) return;
      // The first join has nothing to recover; only a resubscribe after a reconnect says more.
      if (result.recovered && result.missed > 0) {
        this.view.showNotice(`reconnected to ${result.room}: ${result.missed} missed messages recovered`);
      } else if (!result.recovered && (this.lines.get(result.room)?.length ?? 0) > 0) {
        this.view.showNotice(
          `reconnected to ${result.room}, but messages may have been missed (outside the recovery window)`,
          'error',
        );
      }
    });
    client.on('unsubscribed', ({ room, reason }) => {
      if (!mine()) return;
      if (room === this.room) {
        this.room = undefined;
        this.view.enable({ join: true, compose: false });
      }
      this.view.showNotice(
        `left ${room}${reason === undefined ? '' : `: ${reason.code}: ${reason.message}`}`,
        'error',
      );
    });
    client.on('typing', ({ room, userId }) => {
      if (!mine()) return;
      this.activity.typed(room, userId, Date.now());
      this.renderActivity();
    });
    client.on('presence', (change) => {
      if (!mine()) return;
      this.activity.presence(change.room, change);
      this.renderActivity();
    });
  }

  private async joinRoom(room: string): Promise<void> {
    const session = this.session;
    if (session === undefined || room === '') return;
    if (room === this.room) return;
    this.view.showNotice(`joining ${room}…`);
    try {
      const result = await session.client.subscribe(room);
      if (this.session !== session) return;
      const previous = this.room;
      this.room = result.room;
      if (previous !== undefined) {
        session.client.unsubscribe(previous);
        this.lines.delete(previous);
      }
      this.view.showRoom(room, this.lines.get(room) ?? [], session.userId);
      this.view.enable({ join: true, compose: true });
      this.view.showNotice(`joined ${room}`);
      this.renderActivity();
    } catch (err) {
      if (this.session !== session) return;
      this.lines.delete(room);
      this.view.showNotice(`cannot join ${room}: ${describe(err)}`, 'error');
    }
  }

  private async createRoom(room: string, members: string): Promise<void> {
    const session = this.session;
    if (session === undefined || room === '') return;
    const others = members
      .split(',')
      .map((m) => m.trim())
      .filter((m) => m !== '');
    try {
      await this.api.createRoom(session.token, room, others);
    } catch (err) {
      this.view.showNotice(`cannot create ${room}: ${describe(err)}`, 'error');
      return;
    }
    await this.joinRoom(room);
  }

  private async send(text: string): Promise<void> {
    const session = this.session;
    const room = this.room;
    if (session === undefined || room === undefined || text.trim() === '') return;
    this.view.text.value = '';
    try {
      // No local echo: the line appears when the gateway delivers it, as everyone else sees it.
      await this.api.postMessage(session.token, room, text);
    } catch (err) {
      this.view.text.value = text;
      this.view.showNotice(`not sent: ${describe(err)}`, 'error');
    }
  }

  private sendTyping(): void {
    const now = Date.now();
    if (this.session?.client.state !== 'connected' || this.room === undefined) return;
    if (now - this.lastTypingSent < TYPING_EVERY_MS) return;
    this.lastTypingSent = now;
    this.session.client.typing(this.room);
  }

  private onMessage(message: ClientMessage): void {
    const line = messageLine(message);
    let lines = this.lines.get(message.room);
    if (lines === undefined) {
      lines = [];
      this.lines.set(message.room, lines);
    }
    lines.push(line);
    this.activity.spoke(message.room, line.sender);
    if (message.room === this.room) this.view.appendMessage(line, this.session?.userId);
  }

  private renderActivity(): void {
    const room = this.room;
    this.view.showTyping(room === undefined ? [] : this.activity.typing(room, Date.now()));
    this.view.showPresence(room === undefined ? [] : this.activity.presentIn(room));
  }
}
