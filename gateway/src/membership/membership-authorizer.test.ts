import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Identity, RoomDecision } from '../auth/index.js';
import { BreakerState } from './breaker-state.js';
import { MembershipAuthorizer } from './membership-authorizer.js';
import type { MembershipAuthorizerOptions } from './membership-authorizer-options.js';
import type { MembershipChecker } from './membership-checker.js';
import { MembershipFailure } from './membership-failure.js';
import { MembershipRequestError } from './membership-request-error.js';
import { MembershipUnavailableError } from './membership-unavailable-error.js';
import { Revocations } from './revocations.js';

const Mode = { Up: 'up', Down: 'down', Slow: 'slow', BadRequest: 'bad_request', Manual: 'manual' } as const;
type Mode = (typeof Mode)[keyof typeof Mode];

/** The membership service as a fake: a member table, a switchable failure mode, a call log. */
class FakeChecker implements MembershipChecker {
  mode: Mode = Mode.Up;
  readonly calls: { userId: string; rooms: readonly string[] }[] = [];
  readonly pending: (() => void)[] = [];
  private readonly members = new Map<string, Set<string>>();

  add(userId: string, ...rooms: string[]): void {
    const set = this.members.get(userId) ?? new Set();
    for (const room of rooms) set.add(room);
    this.members.set(userId, set);
  }

  remove(userId: string, room: string): void {
    this.members.get(userId)?.delete(room);
  }

  check(userId: string, rooms: readonly string[]): Promise<ReadonlyMap<string, boolean>> {
    this.calls.push({ userId, rooms: [...rooms] });
    const answer = (): ReadonlyMap<string, boolean> =>
      new Map(rooms.map((room) => [room, this.members.get(userId)?.has(room) === true]));
    switch (this.mode) {
      case Mode.Up:
        return Promise.resolve(answer());
      case Mode.Down:
        return Promise.reject(
          new MembershipUnavailableError(MembershipFailure.ServerError, 'membership service failed (503)'),
        );
      case Mode.BadRequest:
        return Promise.reject(new MembershipRequestError(400, 'bad request'));
      case Mode.Slow:
        return new Promise((resolve) => {
          setTimeout(() => {
            resolve(answer());
          }, 60_000);
        });
      case Mode.Manual:
        return new Promise((resolve) => {
          this.pending.push(() => {
            resolve(answer());
          });
        });
    }
  }
}

function identity(userId: string, granted: string[] = []): Identity {
  return { userId, expiresAt: undefined, rooms: new Set(granted) };
}

const OPTIONS: MembershipAuthorizerOptions = {
  allowTtlMs: 60_000,
  denyTtlMs: 10_000,
  staleIfErrorMs: 300_000,
  timeoutMs: 1_000,
  errorThresholdPercentage: 50,
  volumeThreshold: 3,
  resetTimeoutMs: 5_000,
  rollingWindowMs: 10_000,
  rollingBuckets: 10,
};

const authorizers: MembershipAuthorizer[] = [];

function setup(options: MembershipAuthorizerOptions = {}) {
  const checker = new FakeChecker();
  const authorizer = new MembershipAuthorizer(checker, { ...OPTIONS, ...options });
  authorizers.push(authorizer);
  const transitions: string[] = [];
  authorizer.on('breaker', ({ from, to }) => transitions.push(`${from}->${to}`));
  return { checker, authorizer, transitions };
}

function summary(decisions: ReadonlyMap<string, RoomDecision>): Record<string, string> {
  return Object.fromEntries([...decisions].map(([room, d]) => [room, d.allowed ? 'allowed' : d.code]));
}

/** Makes `n` failing checks (each for a room nobody has cached) and lets them settle. */
async function fail(authorizer: MembershipAuthorizer, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await authorizer.authorize(identity('probe'), [`fail-${i}-${Date.now()}`]);
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});

afterEach(() => {
  for (const a of authorizers.splice(0)) a.close();
  vi.useRealTimers();
});

describe('MembershipAuthorizer: decisions and cache', () => {
  it('allows token-granted rooms without asking, and asks for the rest in one batch', async () => {
    const { checker, authorizer } = setup();
    checker.add('u1', 'r2');
    const decisions = await authorizer.authorize(identity('u1', ['r1']), ['r1', 'r2', 'r3', 'r2']);
    expect(summary(decisions)).toEqual({ r1: 'allowed', r2: 'allowed', r3: 'forbidden' });
    expect(decisions.get('r3')).toEqual({ allowed: false, code: 'forbidden', message: 'not a member of r3' });
    expect(checker.calls).toEqual([{ userId: 'u1', rooms: ['r2', 'r3'] }]);
    expect(authorizer.counters).toMatchObject({ tokenGrants: 1, cacheMisses: 2, cacheHits: 0, checks: 1 });
  });

  it('answers from the cache: allows for allowTtlMs, denials for denyTtlMs', async () => {
    const { checker, authorizer } = setup();
    checker.add('u1', 'r1');
    await authorizer.authorize(identity('u1'), ['r1', 'r2']);
    checker.add('u1', 'r2');
    checker.remove('u1', 'r1');

    expect(summary(await authorizer.authorize(identity('u1'), ['r1', 'r2']))).toEqual({
      r1: 'allowed',
      r2: 'forbidden',
    });
    expect(checker.calls).toHaveLength(1);
    expect(authorizer.counters.cacheHits).toBe(2);

    vi.advanceTimersByTime(10_000);
    expect(summary(await authorizer.authorize(identity('u1'), ['r1', 'r2']))).toEqual({
      r1: 'allowed',
      r2: 'allowed',
    });
    expect(checker.calls.at(-1)).toEqual({ userId: 'u1', rooms: ['r2'] });

    vi.advanceTimersByTime(50_000);
    expect(summary(await authorizer.authorize(identity('u1'), ['r1']))).toEqual({ r1: 'forbidden' });
    expect(checker.calls).toHaveLength(3);
  });

  it('splits more misses than maxBatchSize into several checks', async () => {
    const { checker, authorizer } = setup({ maxBatchSize: 2 });
    checker.add('u1', 'a', 'e');
    const decisions = await authorizer.authorize(identity('u1'), ['a', 'b', 'c', 'd', 'e']);
    expect(checker.calls.map((c) => c.rooms)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(summary(decisions)).toEqual({
      a: 'allowed',
      b: 'forbidden',
      c: 'forbidden',
      d: 'forbidden',
      e: 'allowed',
    });
  });

  it('joins a check already in flight for the same user and room', async () => {
    const { checker, authorizer } = setup();
    checker.add('u1', 'r1');
    checker.mode = Mode.Manual;
    const first = authorizer.authorize(identity('u1'), ['r1']);
    const second = authorizer.authorize(identity('u1'), ['r1', 'r2']);
    expect(checker.calls.map((c) => c.rooms)).toEqual([['r1'], ['r2']]);
    for (const resolve of checker.pending) resolve();
    expect(summary(await first)).toEqual({ r1: 'allowed' });
    expect(summary(await second)).toEqual({ r1: 'allowed', r2: 'forbidden' });
    expect(authorizer.counters.coalesced).toBe(1);
  });

  it('stays within maxEntries', async () => {
    const { checker, authorizer } = setup({ maxEntries: 2 });
    checker.add('u1', 'a', 'b', 'c');
    await authorizer.authorize(identity('u1'), ['a', 'b', 'c']);
    expect(authorizer.cacheSize).toBe(2);
    expect(authorizer.counters.evictions).toBe(1);
  });
});

describe('MembershipAuthorizer: when the service cannot answer', () => {
  it('serves known members stale, refuses the unknown as membership_unavailable, never a denial as an allow', async () => {
    const { checker, authorizer } = setup();
    checker.add('u1', 'member');
    await authorizer.authorize(identity('u1'), ['member', 'outsider']);
    vi.advanceTimersByTime(60_000); // both expired
    checker.mode = Mode.Down;

    const decisions = await authorizer.authorize(identity('u1'), ['member', 'outsider', 'unknown']);
    expect(summary(decisions)).toEqual({
      member: 'allowed',
      outsider: 'membership_unavailable',
      unknown: 'membership_unavailable',
    });
    expect(decisions.get('unknown')).toMatchObject({
      message: 'membership of room unknown could not be checked; retry',
    });
    expect(authorizer.counters).toMatchObject({ staleServed: 1, unavailable: 2, checkFailures: 1 });

    // Stale for staleIfErrorMs past the TTL, then no longer.
    vi.advanceTimersByTime(300_000);
    expect(summary(await authorizer.authorize(identity('u1'), ['member']))).toEqual({
      member: 'membership_unavailable',
    });
  });

  it('times out a slow service after timeoutMs and counts it as a failure', async () => {
    const { checker, authorizer } = setup();
    checker.mode = Mode.Slow;
    const pending = authorizer.authorize(identity('u1'), ['r1']);
    await vi.advanceTimersByTimeAsync(1_000);
    const decisions = await pending;
    expect(decisions.get('r1')).toEqual({
      allowed: false,
      code: 'membership_unavailable',
      message: 'membership check for room r1 timed out; retry',
    });
    expect(authorizer.counters.checkFailures).toBe(1);
  });

  it('refuses rooms of a 400 without counting it against the service', async () => {
    const { checker, authorizer } = setup();
    checker.mode = Mode.BadRequest;
    for (let i = 0; i < 10; i++) {
      expect(summary(await authorizer.authorize(identity('u1'), [`r${i}`]))).toEqual({
        [`r${i}`]: 'membership_unavailable',
      });
    }
    expect(authorizer.breakerState).toBe(BreakerState.Closed);
    expect(authorizer.counters).toMatchObject({ checkErrors: 10, checkFailures: 0 });
  });
});

describe('MembershipAuthorizer: circuit breaker', () => {
  it('never trips on "not a member"', async () => {
    const { checker, authorizer, transitions } = setup();
    for (let i = 0; i < 20; i++) {
      expect(summary(await authorizer.authorize(identity(`u${i}`), ['r1']))).toEqual({ r1: 'forbidden' });
    }
    expect(checker.calls).toHaveLength(20);
    expect(authorizer.breakerState).toBe(BreakerState.Closed);
    expect(transitions).toEqual([]);
  });

  it('opens after failures, short-circuits, probes when half-open and closes after recovery', async () => {
    const { checker, authorizer, transitions } = setup();
    checker.add('u1', 'known');
    await authorizer.authorize(identity('u1'), ['known']);
    vi.advanceTimersByTime(60_000); // the known decision is past its TTL, inside staleIfErrorMs
    checker.mode = Mode.Down;

    // The successful check has left the 10 s rolling window; the breaker waits for
    // volumeThreshold (3) checks in it before it judges the error rate.
    await fail(authorizer, 2);
    expect(authorizer.breakerState).toBe(BreakerState.Closed);
    await fail(authorizer, 1); // 3 checks, all failed: 100% > 50%
    expect(authorizer.breakerState).toBe(BreakerState.Open);
    expect(transitions).toEqual(['closed->open']);

    // Open: no call reaches the service; known members are still served, the rest refused.
    const callsWhenOpened = checker.calls.length;
    const whileOpen = await authorizer.authorize(identity('u1'), ['known', 'new']);
    expect(summary(whileOpen)).toEqual({ known: 'allowed', new: 'membership_unavailable' });
    expect(whileOpen.get('new')).toMatchObject({
      message: 'membership of room new cannot be checked now (service failing); retry',
    });
    expect(checker.calls).toHaveLength(callsWhenOpened);
    expect(authorizer.counters.shortCircuits).toBe(1);

    // Half-open after resetTimeoutMs; a failed probe opens it again.
    await vi.advanceTimersByTimeAsync(5_000);
    expect(authorizer.breakerState).toBe(BreakerState.HalfOpen);
    await fail(authorizer, 1);
    expect(authorizer.breakerState).toBe(BreakerState.Open);
    expect(checker.calls).toHaveLength(callsWhenOpened + 1);

    // The service recovers: the next probe closes the breaker.
    checker.mode = Mode.Up;
    checker.add('u1', 'new');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(authorizer.breakerState).toBe(BreakerState.HalfOpen);
    expect(summary(await authorizer.authorize(identity('u1'), ['new']))).toEqual({ new: 'allowed' });
    expect(authorizer.breakerState).toBe(BreakerState.Closed);
    expect(transitions).toEqual([
      'closed->open',
      'open->halfOpen',
      'halfOpen->open',
      'open->halfOpen',
      'halfOpen->closed',
    ]);
    expect(authorizer.counters).toMatchObject({ breakerOpened: 2, breakerHalfOpened: 2, breakerClosed: 1 });
  });

  it('lets one probe through while half-open and refuses the others meanwhile', async () => {
    const { checker, authorizer } = setup();
    checker.mode = Mode.Down;
    await fail(authorizer, 3);
    await vi.advanceTimersByTimeAsync(5_000);
    checker.mode = Mode.Manual;
    checker.add('u1', 'r1');
    const probe = authorizer.authorize(identity('u1'), ['r1']);
    const other = await authorizer.authorize(identity('u2'), ['r1']);
    expect(summary(other)).toEqual({ r1: 'membership_unavailable' });
    for (const resolve of checker.pending) resolve();
    expect(summary(await probe)).toEqual({ r1: 'allowed' });
    expect(authorizer.breakerState).toBe(BreakerState.Closed);
  });
});

describe('MembershipAuthorizer: invalidation', () => {
  it('forgets a removed member, so an outage cannot serve them stale', async () => {
    const { checker, authorizer } = setup();
    checker.add('u1', 'r1', 'r2');
    await authorizer.authorize(identity('u1'), ['r1', 'r2']);
    authorizer.invalidate('u1', 'r1');
    checker.mode = Mode.Down;
    expect(summary(await authorizer.authorize(identity('u1'), ['r1', 'r2']))).toEqual({
      r1: 'membership_unavailable',
      r2: 'allowed',
    });
    expect(authorizer.counters.invalidations).toBe(1);
  });

  it('asks again after invalidation (member_added after a cached denial)', async () => {
    const { checker, authorizer } = setup();
    await authorizer.authorize(identity('u1'), ['r1']);
    checker.add('u1', 'r1');
    authorizer.invalidate('u1', 'r1');
    expect(summary(await authorizer.authorize(identity('u1'), ['r1']))).toEqual({ r1: 'allowed' });
  });

  it('invalidates a whole user or a whole room', async () => {
    const { checker, authorizer } = setup();
    checker.add('u1', 'r1', 'r2');
    checker.add('u2', 'r1');
    await authorizer.authorize(identity('u1'), ['r1', 'r2']);
    await authorizer.authorize(identity('u2'), ['r1']);
    authorizer.invalidateRoom('r1');
    expect(authorizer.cacheSize).toBe(1);
    authorizer.invalidateUser('u1');
    expect(authorizer.cacheSize).toBe(0);
    await authorizer.authorize(identity('u2'), ['r1']);
    authorizer.invalidateAll();
    expect(authorizer.cacheSize).toBe(0);
    expect(authorizer.counters.invalidations).toBe(4);
  });

  it('does not trust or cache an answer overtaken by an event while in flight', async () => {
    const { checker, authorizer } = setup();
    checker.add('u1', 'r1', 'r2');
    checker.mode = Mode.Manual;
    const pending = authorizer.authorize(identity('u1'), ['r1', 'r2']);
    authorizer.invalidate('u1', 'r1'); // member_removed arrives while the service is answering
    for (const resolve of checker.pending) resolve();
    const decisions = await pending;
    expect(summary(decisions)).toEqual({ r1: 'membership_unavailable', r2: 'allowed' });
    expect(decisions.get('r1')).toMatchObject({
      message: 'membership in room r1 changed while it was checked; retry',
    });
    expect(authorizer.counters.overtaken).toBe(1);
    expect(authorizer.cacheSize).toBe(1);

    // The retry asks afresh and sees the removal.
    checker.mode = Mode.Up;
    checker.remove('u1', 'r1');
    expect(summary(await authorizer.authorize(identity('u1'), ['r1']))).toEqual({ r1: 'forbidden' });
  });

  it('marks checks of a banned user and of a deleted room as overtaken', async () => {
    const { checker, authorizer } = setup();
    checker.add('u1', 'r1', 'r2');
    checker.add('u2', 'r3');
    checker.mode = Mode.Manual;
    const ofU1 = authorizer.authorize(identity('u1'), ['r1', 'r2']);
    const ofU2 = authorizer.authorize(identity('u2'), ['r3']);
    authorizer.invalidateUser('u1');
    authorizer.invalidateRoom('r3');
    for (const resolve of checker.pending) resolve();
    expect(summary(await ofU1)).toEqual({ r1: 'membership_unavailable', r2: 'membership_unavailable' });
    expect(summary(await ofU2)).toEqual({ r3: 'membership_unavailable' });
    expect(authorizer.cacheSize).toBe(0);
  });
});

describe('MembershipAuthorizer with revocations', () => {
  it('sends a revoked room the token grants to the membership check, and grants it again after restore', async () => {
    const checker = new FakeChecker();
    const revocations = new Revocations({ ttlMs: 60_000, maxEntries: 100 });
    const authorizer = new MembershipAuthorizer(checker, OPTIONS, undefined, revocations);
    authorizers.push(authorizer);
    const holder = identity('u1', ['granted']);
    expect((await authorizer.authorize(holder, ['granted'])).get('granted')).toEqual({ allowed: true });
    expect(checker.calls).toEqual([]);

    revocations.revoke('u1', 'granted');
    const refused = (await authorizer.authorize(holder, ['granted'])).get('granted');
    expect(refused).toMatchObject({ allowed: false, code: 'forbidden' });
    expect(checker.calls).toEqual([{ userId: 'u1', rooms: ['granted'] }]);

    revocations.restore('u1', 'granted');
    expect((await authorizer.authorize(holder, ['granted'])).get('granted')).toEqual({ allowed: true });
    expect(checker.calls).toHaveLength(1);
  });
});
