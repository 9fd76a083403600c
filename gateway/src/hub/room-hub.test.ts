import { describe, expect, it } from 'vitest';
import { RoomHub } from './room-hub.js';
import type { Subscriber } from './subscriber.js';

/** mulberry32: a tiny seeded PRNG so failures replay exactly. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

class FakeSubscriber implements Subscriber {
  readonly received: Buffer[] = [];
  failing = false;
  constructor(
    readonly userId: string,
    readonly name = userId,
  ) {}
  send(frame: Buffer): void {
    if (this.failing) throw new Error(`${this.name} is closed`);
    this.received.push(frame);
  }
}

const frame = (text: string): Buffer => Buffer.from(text);

describe('RoomHub', () => {
  it('subscribes once and unsubscribes once', () => {
    const hub = new RoomHub();
    const a = new FakeSubscriber('u1');
    expect(hub.subscribe('r1', a)).toBe(true);
    expect(hub.subscribe('r1', a)).toBe(false);
    expect([...hub.subscribers('r1')]).toEqual([a]);
    expect([...hub.roomsOf(a)]).toEqual(['r1']);
    expect(hub.unsubscribe('r1', a)).toBe(true);
    expect(hub.unsubscribe('r1', a)).toBe(false);
    expect(hub.unsubscribe('nowhere', a)).toBe(false);
    expect(hub.stats()).toEqual({ rooms: 0, subscribers: 0, subscriptions: 0, sendErrors: 0 });
  });

  it('hands the same Buffer to every subscriber of the room and to no one else', () => {
    const hub = new RoomHub();
    const [a, b, c] = [new FakeSubscriber('u1'), new FakeSubscriber('u2'), new FakeSubscriber('u3')];
    hub.subscribe('r1', a);
    hub.subscribe('r1', b);
    hub.subscribe('r2', c);
    const f = frame('m1');
    expect(hub.publish('r1', f)).toBe(2);
    expect(a.received[0]).toBe(f);
    expect(b.received[0]).toBe(f);
    expect(c.received).toEqual([]);
    expect(hub.publish('empty', frame('m2'))).toBe(0);
  });

  it('skips users outside allowedUserIds', () => {
    const hub = new RoomHub();
    const a = new FakeSubscriber('u1');
    const a2 = new FakeSubscriber('u1', 'u1-second-tab');
    const b = new FakeSubscriber('u2');
    for (const s of [a, a2, b]) hub.subscribe('r1', s);
    expect(hub.publish('r1', frame('m1'), new Set(['u1']))).toBe(2);
    expect(a.received).toHaveLength(1);
    expect(a2.received).toHaveLength(1);
    expect(b.received).toHaveLength(0);
    expect(hub.publish('r1', frame('m2'), new Set())).toBe(0);
  });

  it('unsubscribeAll removes the subscriber from both indexes and deletes emptied rooms', () => {
    const hub = new RoomHub();
    const a = new FakeSubscriber('u1');
    const b = new FakeSubscriber('u2');
    for (const room of ['r1', 'r2', 'r3']) hub.subscribe(room, a);
    hub.subscribe('r2', b);
    expect(hub.unsubscribeAll(a).sort()).toEqual(['r1', 'r2', 'r3']);
    expect(hub.roomsOf(a).size).toBe(0);
    expect(hub.subscribers('r1').size).toBe(0);
    expect([...hub.subscribers('r2')]).toEqual([b]);
    expect(hub.stats()).toEqual({ rooms: 1, subscribers: 1, subscriptions: 1, sendErrors: 0 });
    expect(hub.unsubscribeAll(a)).toEqual([]);
  });

  it('dropUserFromRoom removes and returns every connection of that user in that room only', () => {
    const hub = new RoomHub();
    const a = new FakeSubscriber('u1');
    const a2 = new FakeSubscriber('u1', 'u1-second-tab');
    const b = new FakeSubscriber('u2');
    for (const s of [a, a2, b]) hub.subscribe('r1', s);
    hub.subscribe('r2', a);
    expect(hub.dropUserFromRoom('r1', 'u1')).toEqual([a, a2]);
    expect([...hub.subscribers('r1')]).toEqual([b]);
    expect([...hub.roomsOf(a)]).toEqual(['r2']);
    expect(hub.roomsOf(a2).size).toBe(0);
    expect(hub.dropUserFromRoom('r1', 'u9')).toEqual([]);
    expect(hub.dropUserFromRoom('nowhere', 'u1')).toEqual([]);
    expect(hub.stats()).toEqual({ rooms: 2, subscribers: 2, subscriptions: 2, sendErrors: 0 });
  });

  it('isolates a throwing send: the others still get the frame, the error is counted and reported', () => {
    const errors: [unknown, Subscriber, string][] = [];
    const hub = new RoomHub({ onSendError: (error, sub, room) => errors.push([error, sub, room]) });
    const [a, b, c] = [new FakeSubscriber('u1'), new FakeSubscriber('u2'), new FakeSubscriber('u3')];
    for (const s of [a, b, c]) hub.subscribe('r1', s);
    b.failing = true;
    expect(hub.publish('r1', frame('m1'))).toBe(2);
    expect(a.received).toHaveLength(1);
    expect(c.received).toHaveLength(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.[1]).toBe(b);
    expect(errors[0]?.[2]).toBe('r1');
    expect(hub.stats().sendErrors).toBe(1);
  });

  it('survives an onSendError callback that throws', () => {
    const hub = new RoomHub({
      onSendError: () => {
        throw new Error('broken metrics');
      },
    });
    const [a, b] = [new FakeSubscriber('u1'), new FakeSubscriber('u2')];
    hub.subscribe('r1', a);
    hub.subscribe('r1', b);
    a.failing = true;
    expect(hub.publish('r1', frame('m1'))).toBe(1);
    expect(b.received).toHaveLength(1);
  });

  it('lets send unsubscribe (a slow consumer closed mid-publish) without breaking delivery', () => {
    const hub = new RoomHub();
    const others = [new FakeSubscriber('u2'), new FakeSubscriber('u3')];
    const slow: Subscriber = {
      userId: 'u1',
      send: () => {
        hub.unsubscribeAll(slow);
        throw new Error('slow consumer');
      },
    };
    hub.subscribe('r1', slow);
    for (const s of others) hub.subscribe('r1', s);
    hub.subscribe('r2', slow);
    expect(hub.publish('r1', frame('m1'))).toBe(2);
    for (const s of others) expect(s.received).toHaveLength(1);
    expect(hub.roomsOf(slow).size).toBe(0);
    expect(hub.stats()).toEqual({ rooms: 1, subscribers: 2, subscriptions: 2, sendErrors: 1 });
  });

  it('delivers each publish exactly once to exactly the allowed subscribers of that room at that time (seeded)', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const random = seededRandom(seed);
      let reported = 0;
      const hub = new RoomHub({ onSendError: () => reported++ });
      const users = ['u1', 'u2', 'u3', 'u4'];
      const rooms = ['r1', 'r2', 'r3', 'r4', 'r5'];
      const subs = Array.from({ length: 12 }, (_, i) => new FakeSubscriber(pick(random, users), `s${i}`));
      const model = new Map<string, Set<FakeSubscriber>>(rooms.map((r) => [r, new Set()]));
      const expectedFrames = new Map<FakeSubscriber, Buffer[]>(subs.map((s) => [s, []]));
      let sendErrors = 0;

      for (let step = 0; step < 800; step++) {
        const room = pick(random, rooms);
        const sub = pick(random, subs);
        const members = model.get(room) ?? new Set();
        const op = random();
        if (op < 0.3) {
          expect(hub.subscribe(room, sub)).toBe(!members.has(sub));
          members.add(sub);
        } else if (op < 0.4) {
          expect(hub.unsubscribe(room, sub)).toBe(members.has(sub));
          members.delete(sub);
        } else if (op < 0.45) {
          const expected = rooms.filter((r) => model.get(r)?.has(sub) === true);
          expect(hub.unsubscribeAll(sub).sort()).toEqual(expected);
          for (const set of model.values()) set.delete(sub);
        } else if (op < 0.5) {
          const user = pick(random, users);
          const expected = [...members].filter((s) => s.userId === user);
          expect(new Set(hub.dropUserFromRoom(room, user))).toEqual(new Set(expected));
          for (const s of expected) members.delete(s);
        } else if (op < 0.55) {
          sub.failing = !sub.failing;
        } else {
          const allowed = random() < 0.3 ? new Set(users.filter(() => random() < 0.5)) : undefined;
          const f = frame(`${seed}:${step}`);
          let expectedCount = 0;
          for (const s of members) {
            if (allowed !== undefined && !allowed.has(s.userId)) continue;
            if (s.failing) {
              sendErrors++;
              continue;
            }
            expectedFrames.get(s)?.push(f);
            expectedCount++;
          }
          expect(hub.publish(room, f, allowed), `seed ${seed} step ${step}`).toBe(expectedCount);
        }
      }

      for (const s of subs) {
        const expected = expectedFrames.get(s) ?? [];
        // Identity, not just equality: the hub never copies a frame, and no frame arrives twice.
        expect(s.received.length, `seed ${seed} ${s.name}`).toBe(expected.length);
        s.received.forEach((f, i) => {
          expect(f).toBe(expected[i]);
        });
        expect([...hub.roomsOf(s)].sort()).toEqual(rooms.filter((r) => model.get(r)?.has(s) === true));
      }
      for (const room of rooms) expect(new Set(hub.subscribers(room))).toEqual(model.get(room));
      const nonEmpty = [...model.values()].filter((m) => m.size > 0);
      expect(hub.stats()).toEqual({
        rooms: nonEmpty.length,
        subscribers: subs.filter((s) => hub.roomsOf(s).size > 0).length,
        subscriptions: nonEmpty.reduce((n, m) => n + m.size, 0),
        sendErrors,
      });
      expect(reported).toBe(sendErrors);
    }
  });
});
