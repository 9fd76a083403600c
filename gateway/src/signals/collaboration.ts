import type { RoomHub } from '../hub/index.js';
import type { Logger } from '../log/index.js';
import { encodeServerFrame } from '../protocol/index.js';
import { PresenceTracker, type PresenceChange } from './presence-tracker.js';
import type { Signal } from './signal.js';

/** What the command router needs for typing and presence (a fake in unit tests). */
export interface CollaborationPort {
  typing(room: string, userId: string): void;
  /** The set of this replica's users in `room` may have changed (subscribe, unsubscribe, close). */
  membersChanged(room: string): void;
  presence(room: string): string[];
}

/**
 * How long changes to one room's local users are gathered before they are applied and announced.
 * Per-change pushes make a room of n users joining at once cost n²/2 frames (and a signal per
 * join); gathered, it costs about n frames per window.
 */
export const PRESENCE_BATCH_MS = 100;

export interface SignalSink {
  publish(signal: Signal): void;
}

/**
 * Typing and presence across replicas. Outgoing: this replica's typing and its users per room go
 * to the signals topic. Incoming (from every replica, this one included): typing frames go to the
 * room's subscribers except the typist; presence reports update the tracker, and the joins and
 * leaves they cause are pushed to the room's subscribers.
 */
export class Collaboration implements CollaborationPort {
  private readonly tracker = new PresenceTracker();
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  /** Rooms whose local users changed since the last flush. */
  private readonly dirty = new Set<string>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly hub: RoomHub,
    private readonly bus: SignalSink,
    private readonly replica: string,
    private readonly presenceTtlMs: number,
    private readonly logger: Logger,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Re-announces every room this replica holds, so reports outlive their TTL while true. */
  start(): void {
    this.heartbeat = setInterval(
      () => {
        for (const room of this.hub.roomNames()) this.announce(room);
        for (const change of this.tracker.expire(this.clock())) this.push(change);
      },
      Math.max(1000, Math.floor(this.presenceTtlMs / 3)),
    );
    this.heartbeat.unref();
  }

  stop(): void {
    if (this.heartbeat !== undefined) clearInterval(this.heartbeat);
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    this.dirty.clear();
    // Tell the others at once rather than letting our reports expire.
    for (const room of [...this.hub.roomNames()]) {
      this.bus.publish({
        kind: 'presence',
        room,
        users: [],
        replica: this.replica,
        ttlMs: this.presenceTtlMs,
      });
    }
  }

  typing(room: string, userId: string): void {
    this.bus.publish({ kind: 'typing', room, userId, replica: this.replica });
  }

  membersChanged(room: string): void {
    this.dirty.add(room);
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      for (const dirtyRoom of [...this.dirty]) this.flushRoom(dirtyRoom);
    }, PRESENCE_BATCH_MS);
  }

  presence(room: string): string[] {
    // A snapshot must not lag behind what this replica already knows.
    if (this.dirty.has(room)) this.flushRoom(room);
    return this.tracker.users(room, this.clock());
  }

  /** A signal from the bus. */
  receive(signal: Signal): void {
    if (signal.kind === 'typing') {
      const frame = Buffer.from(
        encodeServerFrame({ type: 'typing', room: signal.room, userId: signal.userId }),
      );
      for (const sub of this.hub.subscribers(signal.room)) {
        if (sub.userId === signal.userId) continue;
        try {
          sub.send(frame);
        } catch (error) {
          this.logger.debug('typing frame not sent', { error });
        }
      }
      return;
    }
    // Our own reports were applied when made; their echo may be older than what we know now.
    if (signal.replica === this.replica) return;
    const change = this.tracker.report(signal.room, signal.replica, signal.users, signal.ttlMs, this.clock());
    if (change !== undefined) this.push(change);
  }

  private flushRoom(room: string): void {
    this.dirty.delete(room);
    const users = this.localUsers(room);
    // Applied locally at once so this replica's own snapshot is right before the echo arrives.
    const change = this.tracker.report(room, this.replica, users, this.presenceTtlMs, this.clock());
    if (change !== undefined) this.push(change);
    this.announce(room);
  }

  private announce(room: string): void {
    this.bus.publish({
      kind: 'presence',
      room,
      users: this.localUsers(room),
      replica: this.replica,
      ttlMs: this.presenceTtlMs,
    });
  }

  private localUsers(room: string): string[] {
    return [...new Set([...this.hub.subscribers(room)].map((s) => s.userId))].sort();
  }

  private push(change: PresenceChange): void {
    const frame = Buffer.from(
      encodeServerFrame({
        type: 'presence',
        room: change.room,
        ...(change.joined.length > 0 ? { joined: change.joined } : {}),
        ...(change.left.length > 0 ? { left: change.left } : {}),
      }),
    );
    this.hub.publish(change.room, frame);
  }
}
