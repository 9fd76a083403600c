import type { Subscriber } from './subscriber.js';

export interface RoomHubOptions {
  /**
   * Called when a subscriber's `send` throws, after which delivery goes on to the others. Its own
   * exceptions are swallowed: instrumentation must never break fan-out. Default: none.
   */
  readonly onSendError?: (error: unknown, subscriber: Subscriber, room: string) => void;
}

export interface RoomHubStats {
  /** Rooms with at least one subscriber (empty rooms are deleted). */
  readonly rooms: number;
  /** Distinct subscribers with at least one room. */
  readonly subscribers: number;
  /** (room, subscriber) pairs. */
  readonly subscriptions: number;
  /** `send` calls that threw since the hub was created. */
  readonly sendErrors: number;
}

const NO_SUBSCRIBERS: ReadonlySet<Subscriber> = new Set();
const NO_ROOMS: ReadonlySet<string> = new Set();

/**
 * Room -> subscribers, with the reverse index subscriber -> rooms so a closing connection leaves
 * all its rooms in O(its rooms). A message is encoded once by the caller and the same Buffer is
 * handed to each subscriber of its room, and only of its room. Neither index keeps an empty entry,
 * so churn does not leak.
 *
 * Re-entrancy: `send` may unsubscribe (a slow consumer is closed from inside its write); those not
 * yet reached are skipped. `send` must not subscribe anyone to the room being published: a
 * subscriber added during a publish is reached by the same publish.
 */
export class RoomHub {
  private readonly rooms = new Map<string, Set<Subscriber>>();
  private readonly roomsBySubscriber = new Map<Subscriber, Set<string>>();
  private readonly onSendError: RoomHubOptions['onSendError'];
  private subscriptionCount = 0;
  private sendErrorCount = 0;

  constructor(options: RoomHubOptions = {}) {
    this.onSendError = options.onSendError;
  }

  /** Adds `subscriber` to `room`; false if it was already there. */
  subscribe(room: string, subscriber: Subscriber): boolean {
    let members = this.rooms.get(room);
    if (members?.has(subscriber) === true) return false;
    if (members === undefined) {
      members = new Set();
      this.rooms.set(room, members);
    }
    members.add(subscriber);
    let joined = this.roomsBySubscriber.get(subscriber);
    if (joined === undefined) {
      joined = new Set();
      this.roomsBySubscriber.set(subscriber, joined);
    }
    joined.add(room);
    this.subscriptionCount++;
    return true;
  }

  /** Removes `subscriber` from `room`; false if it was not there. */
  unsubscribe(room: string, subscriber: Subscriber): boolean {
    const members = this.rooms.get(room);
    if (members?.delete(subscriber) !== true) return false;
    if (members.size === 0) this.rooms.delete(room);
    const joined = this.roomsBySubscriber.get(subscriber);
    joined?.delete(room);
    if (joined?.size === 0) this.roomsBySubscriber.delete(subscriber);
    this.subscriptionCount--;
    return true;
  }

  /** Removes `subscriber` from every room (a closed connection) and returns those rooms. */
  unsubscribeAll(subscriber: Subscriber): string[] {
    const joined = this.roomsBySubscriber.get(subscriber);
    if (joined === undefined) return [];
    this.roomsBySubscriber.delete(subscriber);
    const left = [...joined];
    for (const room of left) {
      const members = this.rooms.get(room);
      if (members?.delete(subscriber) !== true) continue;
      if (members.size === 0) this.rooms.delete(room);
      this.subscriptionCount--;
    }
    return left;
  }

  /** The subscribers of `room`: a live read-only view, copy it before changing the hub while iterating. */
  subscribers(room: string): ReadonlySet<Subscriber> {
    return this.rooms.get(room) ?? NO_SUBSCRIBERS;
  }

  /** The rooms of `subscriber`: a live read-only view, copy it before changing the hub while iterating. */
  roomsOf(subscriber: Subscriber): ReadonlySet<string> {
    return this.roomsBySubscriber.get(subscriber) ?? NO_ROOMS;
  }

  /**
   * Hands `frame` (the same Buffer, never copied) to each subscriber of `room` and returns how
   * many sends succeeded. With `allowedUserIds`, subscribers of other users are skipped: the
   * authorizer already decided who may join, this is defence in depth for messages restricted
   * after the fact. A throwing `send` is counted and reported, and delivery carries on.
   */
  publish(room: string, frame: Buffer, allowedUserIds?: ReadonlySet<string>): number {
    const members = this.rooms.get(room);
    if (members === undefined) return 0;
    let delivered = 0;
    for (const subscriber of members) {
      if (allowedUserIds !== undefined && !allowedUserIds.has(subscriber.userId)) continue;
      try {
        subscriber.send(frame);
        delivered++;
      } catch (error) {
        this.sendErrorCount++;
        this.reportSendError(error, subscriber, room);
      }
    }
    return delivered;
  }

  /**
   * Removes every subscriber of `userId` from `room` (the user lost access) and returns them so the
   * server can tell each connection why. O(subscribers of the room): revocation is rare, so no
   * per-user index is kept on the hot path.
   */
  dropUserFromRoom(room: string, userId: string): Subscriber[] {
    const members = this.rooms.get(room);
    if (members === undefined) return [];
    const dropped: Subscriber[] = [];
    for (const subscriber of members) if (subscriber.userId === userId) dropped.push(subscriber);
    for (const subscriber of dropped) this.unsubscribe(room, subscriber);
    return dropped;
  }

  /** Rooms with at least one subscriber (live view; do not subscribe while iterating). */
  roomNames(): IterableIterator<string> {
    return this.rooms.keys();
  }

  stats(): RoomHubStats {
    return {
      rooms: this.rooms.size,
      subscribers: this.roomsBySubscriber.size,
      subscriptions: this.subscriptionCount,
      sendErrors: this.sendErrorCount,
    };
  }

  private reportSendError(error: unknown, subscriber: Subscriber, room: string): void {
    if (this.onSendError === undefined) return;
    try {
      this.onSendError(error, subscriber, room);
    } catch {
      // A broken error callback must not cost the remaining subscribers their message.
    }
  }
}
