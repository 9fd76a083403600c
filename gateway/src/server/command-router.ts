import type { Authenticator, Authorizer, RoomDecision } from '../auth/index.js';
import { errorPayload, type ErrorCode } from '../errors/index.js';
import type { RoomHistory } from '../history/index.js';
import type { RoomHub } from '../hub/index.js';
import { TokenBucket } from '../limits/index.js';
import type {
  ClientFrame,
  PresenceRequestFrame,
  RefreshFrame,
  SubscribeFrame,
  SubscribeResult,
  TypingFrame,
  UnsubscribeFrame,
} from '../protocol/index.js';
import type { Logger } from '../log/index.js';
import type { Receipt } from '../receipts/index.js';
import type { CollaborationPort } from '../signals/index.js';
import type { Connection, FrameHandler } from './connection.js';
import type { StreamView } from './stream-view.js';

export interface RouterOptions {
  readonly maxSubscriptions: number;
  readonly typingPerSecond: number;
  /** This replica's name, on connect/disconnect receipts. */
  readonly replica: string;
}

/** Where receipts and connection events go (the batching Kafka publisher). */
export interface ReceiptSink {
  add(receipt: Receipt): void;
}

export interface RouterCounters {
  subscribes: number;
  subscribeRefusals: number;
  recoveries: number;
  recoveryMisses: number;
}

function refused(room: string, code: ErrorCode, message?: string): SubscribeResult {
  return { room, ok: false, error: errorPayload(code, message) };
}

/**
 * Carries out what clients ask: subscribe (authorize, then snapshot history and join the room in
 * one synchronous step so no message falls between the replay and the live stream), unsubscribe,
 * ping, in-band token refresh, typing and presence.
 */
export class CommandRouter implements FrameHandler {
  private readonly typingBuckets = new WeakMap<Connection, TokenBucket>();

  constructor(
    private readonly hub: RoomHub,
    private readonly history: RoomHistory,
    private readonly stream: StreamView,
    private readonly authenticator: Authenticator,
    private readonly authorizer: Authorizer,
    private readonly collaboration: CollaborationPort,
    private readonly receipts: ReceiptSink,
    private readonly options: RouterOptions,
    private readonly counters: RouterCounters,
    private readonly logger: Logger,
    private readonly clock: () => number = Date.now,
  ) {}

  handle(connection: Connection, frame: ClientFrame): void {
    switch (frame.type) {
      case 'subscribe':
        this.subscribe(connection, frame).catch((err: unknown) => {
          this.logger.error('subscribe failed', { error: err, connectionId: connection.id });
          connection.sendFrame({ type: 'error', id: frame.id, error: errorPayload('internal') });
        });
        return;
      case 'unsubscribe':
        this.unsubscribe(connection, frame);
        return;
      case 'ping':
        connection.sendFrame({ type: 'pong', id: frame.id });
        return;
      case 'refresh':
        void this.refresh(connection, frame);
        return;
      case 'typing':
        this.typing(connection, frame);
        return;
      case 'presence':
        this.presence(connection, frame);
        return;
      case 'ack':
        if (!this.hub.subscribers(frame.room).has(connection)) {
          connection.sendFrame({
            type: 'error',
            error: errorPayload('not_subscribed', `not subscribed to ${frame.room}`),
          });
          return;
        }
        this.receipts.add({
          kind: frame.kind,
          room: frame.room,
          userId: connection.userId,
          messageIds: frame.ids,
          at: new Date(this.clock()).toISOString(),
        });
        return;
    }
  }

  opened(connection: Connection): void {
    this.receipts.add(this.connectionEvent('connect', connection));
  }

  closed(connection: Connection): void {
    for (const room of this.hub.unsubscribeAll(connection)) this.collaboration.membersChanged(room);
    this.receipts.add(this.connectionEvent('disconnect', connection));
  }

  private connectionEvent(kind: 'connect' | 'disconnect', connection: Connection): Receipt {
    return {
      kind,
      userId: connection.userId,
      connectionId: connection.id,
      replica: this.options.replica,
      at: new Date(this.clock()).toISOString(),
    };
  }

  private async subscribe(connection: Connection, frame: SubscribeFrame): Promise<void> {
    const results: (SubscribeResult | undefined)[] = frame.rooms.map(() => undefined);
    const toAuthorize: string[] = [];
    let budget = this.options.maxSubscriptions - this.hub.roomsOf(connection).size;
    frame.rooms.forEach(({ room }, i) => {
      if (this.hub.subscribers(room).has(connection)) results[i] = refused(room, 'already_subscribed');
      else if (budget <= 0) results[i] = refused(room, 'too_many_subscriptions');
      else {
        budget--;
        toAuthorize.push(room);
      }
    });
    const decisions: ReadonlyMap<string, RoomDecision> =
      toAuthorize.length > 0 ? await this.authorizer.authorize(connection.identity, toAuthorize) : new Map();
    if (!connection.isOpen) return;

    // From here on nothing awaits: the history snapshot and joining the room happen in the same
    // tick, so every message is either in the replay or in the live stream, exactly once.
    const now = this.clock();
    const replay: Buffer[] = [];
    const userId = connection.userId;
    frame.rooms.forEach(({ room, since }, i) => {
      if (results[i] !== undefined) return;
      const decision = decisions.get(room);
      if (decision?.allowed !== true) {
        results[i] = refused(room, decision?.code ?? 'forbidden', decision?.message);
        return;
      }
      if (this.hub.roomsOf(connection).size >= this.options.maxSubscriptions) {
        results[i] = refused(room, 'too_many_subscriptions');
        return;
      }
      if (!this.hub.subscribe(room, connection)) {
        results[i] = refused(room, 'already_subscribed');
        return;
      }
      const partition = this.stream.partitionOf(room);
      let recovered = false;
      let missed = 0;
      if (since !== undefined) {
        if (since.epoch === this.stream.epoch && since.partition >= this.stream.partitionCount) {
          this.hub.unsubscribe(room, connection);
          results[i] = refused(room, 'invalid_position', `partition ${since.partition} does not exist`);
          return;
        }
        const outcome =
          since.epoch === this.stream.epoch
            ? this.history.since(room, { partition: since.partition, offset: BigInt(since.offset) }, now)
            : undefined;
        if (outcome?.recovered === true) {
          recovered = true;
          for (const entry of outcome.entries) {
            if (entry.allowedUserIds !== undefined && !entry.allowedUserIds.has(userId)) continue;
            replay.push(entry.frame);
            missed++;
          }
          this.counters.recoveries++;
        } else if (outcome?.reason === 'ahead') {
          // The client saw more than this replica has read: what lies between arrives live and
          // the client drops it as already seen, so nothing is missing.
          recovered = true;
          this.counters.recoveries++;
        } else {
          this.counters.recoveryMisses++;
        }
      }
      const head = this.history.partitionHead(partition);
      results[i] = {
        room,
        ok: true,
        position: head === undefined ? null : { partition, offset: head.toString() },
        recovered,
        missed,
      };
    });
    const rooms = results.filter((r): r is SubscribeResult => r !== undefined);
    this.counters.subscribes += rooms.filter((r) => r.ok).length;
    this.counters.subscribeRefusals += rooms.filter((r) => !r.ok).length;
    connection.sendFrame({ type: 'subscribed', id: frame.id, epoch: this.stream.epoch, rooms });
    for (const buffer of replay) connection.send(buffer);
    for (const r of rooms) if (r.ok) this.collaboration.membersChanged(r.room);
  }

  private unsubscribe(connection: Connection, frame: UnsubscribeFrame): void {
    // Idempotent: the reply lists every requested room, subscribed or not.
    for (const room of frame.rooms)
      if (this.hub.unsubscribe(room, connection)) this.collaboration.membersChanged(room);
    connection.sendFrame({ type: 'unsubscribed', id: frame.id, rooms: frame.rooms });
  }

  private async refresh(connection: Connection, frame: RefreshFrame): Promise<void> {
    const result = await this.authenticator.refresh(frame.token, connection.identity);
    if (!connection.isOpen) return;
    if (!result.ok) {
      connection.sendFrame({
        type: 'error',
        id: frame.id,
        error: errorPayload(
          result.reason === 'token_expired' ? 'token_expired' : 'unauthorized',
          result.message,
        ),
      });
      return;
    }
    connection.replaceIdentity(result.identity);
    connection.sendFrame({ type: 'refreshed', id: frame.id, expiresAt: result.identity.expiresAt ?? 0 });
  }

  private typing(connection: Connection, frame: TypingFrame): void {
    if (!this.hub.subscribers(frame.room).has(connection)) {
      connection.sendFrame({
        type: 'error',
        error: errorPayload('not_subscribed', `not subscribed to ${frame.room}`),
      });
      return;
    }
    let bucket = this.typingBuckets.get(connection);
    if (bucket === undefined) {
      bucket = new TokenBucket(this.options.typingPerSecond, this.options.typingPerSecond, performance.now());
      this.typingBuckets.set(connection, bucket);
    }
    // Excess typing signals are dropped silently: the next one carries the same news.
    if (!bucket.tryTake(performance.now())) return;
    this.collaboration.typing(frame.room, connection.userId);
  }

  private presence(connection: Connection, frame: PresenceRequestFrame): void {
    if (!this.hub.subscribers(frame.room).has(connection)) {
      connection.sendFrame({ type: 'error', id: frame.id, error: errorPayload('not_subscribed') });
      return;
    }
    connection.sendFrame({
      type: 'presence',
      id: frame.id,
      room: frame.room,
      users: this.collaboration.presence(frame.room),
    });
  }
}
