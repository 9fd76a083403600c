import type { Subscriber } from '../hub/index.js';
import type { MembershipEventHandler } from './membership-event-handler.js';
import type { MembershipInvalidator } from './membership-invalidator.js';
import { RevocationReason } from './revocation-reason.js';
import type { Revocations } from './revocations.js';

/** The parts of RoomHub the applier uses. */
export interface RoomSubscriptions {
  /** Removes every subscriber of `userId` from `room` and returns them. */
  dropUserFromRoom(room: string, userId: string): Subscriber[];
  subscribers(room: string): ReadonlySet<Subscriber>;
}

export interface MembershipEventApplierOptions {
  readonly hub: RoomSubscriptions;
  /** The authorizer's cache (MembershipAuthorizer). */
  readonly cache: MembershipInvalidator;
  /**
   * Tells one connection it lost `room`: the server pushes `unsubscribed` with code `forbidden`
   * and the message from REVOCATION_MESSAGES. Called after the subscriber has left the room.
   */
  readonly notify: (subscriber: Subscriber, room: string, reason: RevocationReason) => void;
  /** Closes every connection of `userId` (the server closes with 4502 `forbidden`). */
  readonly disconnect: (userId: string) => void;
  /** Remembers bans and removals past the event, against tokens issued before it. */
  readonly revocations?: Revocations;
}

export interface MembershipEventApplierCounters {
  /** (room, subscriber) pairs ended by events. */
  revokedSubscriptions: number;
  /** `disconnect` calls for banned users. */
  bans: number;
  /** `notify` or `disconnect` calls that threw (counted and skipped). */
  callbackErrors: number;
}

/**
 * Turns membership events into what they mean for this replica. Pure: it knows the hub and the
 * cache only through small interfaces and reaches sockets only through the callbacks.
 *
 * The cache is invalidated before subscriptions are dropped, so a client that resubscribes at
 * once is checked afresh (and a check in flight for that room is not trusted), never let back in
 * from a decision the event made stale.
 */
export class MembershipEventApplier implements MembershipEventHandler {
  readonly counters: MembershipEventApplierCounters = { revokedSubscriptions: 0, bans: 0, callbackErrors: 0 };

  constructor(private readonly options: MembershipEventApplierOptions) {}

  memberRemoved(roomId: string, userId: string): void {
    this.options.revocations?.revoke(userId, roomId);
    this.options.cache.invalidate(userId, roomId);
    this.revoke(roomId, userId, RevocationReason.MemberRemoved);
  }

  memberAdded(roomId: string, userId: string): void {
    // A cached "not a member" would keep refusing the new member until its TTL ran out.
    this.options.revocations?.restore(userId, roomId);
    this.options.cache.invalidate(userId, roomId);
  }

  roomDeleted(roomId: string): void {
    this.options.revocations?.revokeRoom(roomId);
    this.options.cache.invalidateRoom(roomId);
    const users = new Set<string>();
    for (const subscriber of this.options.hub.subscribers(roomId)) users.add(subscriber.userId);
    for (const userId of users) this.revoke(roomId, userId, RevocationReason.RoomDeleted);
  }

  userBanned(userId: string): void {
    this.options.revocations?.ban(userId);
    this.options.cache.invalidateUser(userId);
    this.counters.bans++;
    try {
      this.options.disconnect(userId);
    } catch {
      this.counters.callbackErrors++;
    }
  }

  private revoke(roomId: string, userId: string, reason: RevocationReason): void {
    for (const subscriber of this.options.hub.dropUserFromRoom(roomId, userId)) {
      this.counters.revokedSubscriptions++;
      try {
        this.options.notify(subscriber, roomId, reason);
      } catch {
        // One connection failing to hear about it must not keep the others subscribed.
        this.counters.callbackErrors++;
      }
    }
  }
}
