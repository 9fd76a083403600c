import { describe, expect, it } from 'vitest';
import { RoomHub, type Subscriber } from '../hub/index.js';
import { MembershipEventApplier } from './membership-event-applier.js';
import type { MembershipInvalidator } from './membership-invalidator.js';
import type { RevocationReason } from './revocation-reason.js';

function subscriber(userId: string): Subscriber {
  return { userId, send: () => undefined };
}

function setup() {
  const hub = new RoomHub();
  const calls: string[] = [];
  const cache: MembershipInvalidator = {
    invalidate: (userId, room) => calls.push(`invalidate ${userId} ${room}`),
    invalidateUser: (userId) => calls.push(`invalidateUser ${userId}`),
    invalidateRoom: (room) => calls.push(`invalidateRoom ${room}`),
    invalidateAll: () => calls.push('invalidateAll'),
  };
  const notified: [Subscriber, string, RevocationReason][] = [];
  const disconnected: string[] = [];
  const applier = new MembershipEventApplier({
    hub,
    cache,
    notify: (s, room, reason) => {
      // The subscriber has already left the room when it is told.
      calls.push(`notify ${s.userId} ${room} subscribed=${String(hub.subscribers(room).has(s))}`);
      notified.push([s, room, reason]);
    },
    disconnect: (userId) => {
      calls.push(`disconnect ${userId}`);
      disconnected.push(userId);
    },
  });
  return { hub, calls, notified, disconnected, applier };
}

describe('MembershipEventApplier', () => {
  it('member_removed: invalidates first, then drops every connection of that user from the room only', () => {
    const { hub, calls, notified, applier } = setup();
    const tab1 = subscriber('u1');
    const tab2 = subscriber('u1');
    const other = subscriber('u2');
    for (const s of [tab1, tab2, other]) hub.subscribe('r1', s);
    hub.subscribe('r2', tab1);

    applier.memberRemoved('r1', 'u1');

    expect(calls).toEqual([
      'invalidate u1 r1',
      'notify u1 r1 subscribed=false',
      'notify u1 r1 subscribed=false',
    ]);
    expect(notified).toEqual([
      [tab1, 'r1', 'member_removed'],
      [tab2, 'r1', 'member_removed'],
    ]);
    expect([...hub.subscribers('r1')]).toEqual([other]);
    expect([...hub.roomsOf(tab1)]).toEqual(['r2']);
    expect(applier.counters.revokedSubscriptions).toBe(2);
  });

  it('member_removed for a user not subscribed only invalidates', () => {
    const { calls, applier } = setup();
    applier.memberRemoved('r1', 'u9');
    expect(calls).toEqual(['invalidate u9 r1']);
  });

  it('member_added: invalidates a cached denial and touches no subscription', () => {
    const { hub, calls, applier } = setup();
    hub.subscribe('r1', subscriber('u1'));
    applier.memberAdded('r1', 'u2');
    expect(calls).toEqual(['invalidate u2 r1']);
    expect(hub.stats().subscriptions).toBe(1);
  });

  it('room_deleted: drops everyone from the room', () => {
    const { hub, calls, notified, applier } = setup();
    const a = subscriber('u1');
    const b = subscriber('u2');
    const c = subscriber('u2');
    for (const s of [a, b, c]) hub.subscribe('r1', s);
    hub.subscribe('r2', a);

    applier.roomDeleted('r1');

    expect(calls[0]).toBe('invalidateRoom r1');
    expect(notified.map(([s, room, reason]) => [s, room, reason])).toEqual([
      [a, 'r1', 'room_deleted'],
      [b, 'r1', 'room_deleted'],
      [c, 'r1', 'room_deleted'],
    ]);
    expect(hub.subscribers('r1').size).toBe(0);
    expect([...hub.roomsOf(a)]).toEqual(['r2']);
  });

  it('user_banned: invalidates all of the user and disconnects them', () => {
    const { calls, disconnected, applier } = setup();
    applier.userBanned('u1');
    expect(calls).toEqual(['invalidateUser u1', 'disconnect u1']);
    expect(disconnected).toEqual(['u1']);
    expect(applier.counters.bans).toBe(1);
  });

  it('keeps going when a callback throws', () => {
    const hub = new RoomHub();
    const a = subscriber('u1');
    const b = subscriber('u1');
    hub.subscribe('r1', a);
    hub.subscribe('r1', b);
    const told: Subscriber[] = [];
    const applier = new MembershipEventApplier({
      hub,
      cache: {
        invalidate: () => undefined,
        invalidateUser: () => undefined,
        invalidateRoom: () => undefined,
        invalidateAll: () => undefined,
      },
      notify: (s) => {
        told.push(s);
        if (s === a) throw new Error('socket gone');
      },
      disconnect: () => {
        throw new Error('boom');
      },
    });
    applier.memberRemoved('r1', 'u1');
    applier.userBanned('u1');
    expect(told).toEqual([a, b]);
    expect(hub.subscribers('r1').size).toBe(0);
    expect(applier.counters.callbackErrors).toBe(2);
  });
});
