import { EventEmitter } from 'node:events';
import CircuitBreaker from 'opossum';
import type { Authorizer, Identity, RoomDecision } from '../auth/index.js';
import { nullLogger, type Logger } from '../log/index.js';
import { BreakerState } from './breaker-state.js';
import { DecisionCache } from './decision-cache.js';
import { InflightChecks, type CheckOutcome, type InflightCheck } from './inflight-checks.js';
import {
  resolveMembershipAuthorizerOptions,
  type MembershipAuthorizerOptions,
  type ResolvedMembershipAuthorizerOptions,
} from './membership-authorizer-options.js';
import type { MembershipChecker } from './membership-checker.js';
import { newMembershipCounters, type MembershipCounters } from './membership-counters.js';
import type { MembershipInvalidator } from './membership-invalidator.js';
import { MembershipUnavailableError } from './membership-unavailable-error.js';
import type { Revocations } from './revocations.js';

export interface MembershipAuthorizerEvents {
  /** The breaker changed state. */
  breaker: [change: { readonly from: BreakerState; readonly to: BreakerState }];
}

const ALLOWED: RoomDecision = { allowed: true };

type CheckArgs = [userId: string, roomIds: readonly string[]];

/** An error the breaker raised itself (its timeout, its open state), not one from the checker. */
function breakerCode(error: unknown): string | undefined {
  if (!(error instanceof Error) || !CircuitBreaker.isOurError(error)) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Decides per room whether a user may read it: rooms the token grants at once, the rest from a
 * cache of the messenger's answers, and the misses in one batched check through a circuit
 * breaker (opossum).
 *
 * Failing closed, with one exception: when the check cannot be made (the breaker is open, the
 * service is down, slow or answering nonsense), a room the user was known to be a member of
 * within `staleIfErrorMs` past the TTL is still allowed ("stale but known"); every other room is
 * refused with `membership_unavailable` (retryable). A denial is never served as an allow, and a
 * decision invalidated by an event is gone, so a removed member is never let back in from the
 * cache.
 *
 * "Not a member" is a successful answer, never an error, so it cannot trip the breaker; only
 * `MembershipUnavailableError` and the breaker's own timeout count as failures.
 */
export class MembershipAuthorizer
  extends EventEmitter<MembershipAuthorizerEvents>
  implements Authorizer, MembershipInvalidator
{
  readonly counters: MembershipCounters = newMembershipCounters();
  private readonly options: ResolvedMembershipAuthorizerOptions;
  private readonly cache: DecisionCache;
  private readonly inflight = new InflightChecks();
  private readonly breaker: CircuitBreaker<CheckArgs, ReadonlyMap<string, boolean>>;
  private state: BreakerState = BreakerState.Closed;

  constructor(
    checker: MembershipChecker,
    options: MembershipAuthorizerOptions = {},
    private readonly logger: Logger = nullLogger,
    /** Removals that override the token's own room grants (see Revocations). */
    private readonly revocations?: Revocations,
  ) {
    super();
    this.options = resolveMembershipAuthorizerOptions(options);
    this.cache = new DecisionCache(this.options, this.options.now);
    this.breaker = new CircuitBreaker(
      (userId: string, roomIds: readonly string[]) => checker.check(userId, roomIds),
      {
        name: 'membership',
        timeout: this.options.timeoutMs,
        errorThresholdPercentage: this.options.errorThresholdPercentage,
        volumeThreshold: this.options.volumeThreshold,
        resetTimeout: this.options.resetTimeoutMs,
        rollingCountTimeout: this.options.rollingWindowMs,
        rollingCountBuckets: this.options.rollingBuckets,
        rollingPercentilesEnabled: false,
        enableSnapshots: false,
        // True means "not a failure". Only an outage counts: a 400 or a bug says nothing about the
        // service's health, and opening the breaker would turn it into refusals for everyone.
        errorFilter: (error: unknown) =>
          !(error instanceof MembershipUnavailableError) && breakerCode(error) === undefined,
      },
    );
    this.breaker.on('open', () => {
      this.counters.breakerOpened++;
      this.transition(BreakerState.Open);
    });
    this.breaker.on('halfOpen', () => {
      this.counters.breakerHalfOpened++;
      this.transition(BreakerState.HalfOpen);
    });
    this.breaker.on('close', () => {
      this.counters.breakerClosed++;
      this.transition(BreakerState.Closed);
    });
  }

  get breakerState(): BreakerState {
    return this.state;
  }

  /** Decisions cached now. */
  get cacheSize(): number {
    return this.cache.size;
  }

  async authorize(identity: Identity, rooms: readonly string[]): Promise<ReadonlyMap<string, RoomDecision>> {
    const userId = identity.userId;
    const decisions = new Map<string, RoomDecision>();
    const misses: string[] = [];
    for (const room of rooms) {
      if (decisions.has(room) || misses.includes(room)) continue;
      if (identity.rooms.has(room) && this.revocations?.isRevoked(userId, room) !== true) {
        this.counters.tokenGrants++;
        decisions.set(room, ALLOWED);
        continue;
      }
      const cached = this.cache.get(userId, room);
      if (cached === undefined) {
        this.counters.cacheMisses++;
        misses.push(room);
      } else {
        this.counters.cacheHits++;
        decisions.set(room, cached ? ALLOWED : forbidden(room));
      }
    }
    if (misses.length === 0) return decisions;

    const waits = new Map<InflightCheck, string[]>();
    const toAsk: string[] = [];
    for (const room of misses) {
      const pending = this.inflight.find(userId, room);
      if (pending === undefined) {
        toAsk.push(room);
        continue;
      }
      this.counters.coalesced++;
      const joined = waits.get(pending);
      if (joined === undefined) waits.set(pending, [room]);
      else joined.push(room);
    }
    for (let i = 0; i < toAsk.length; i += this.options.maxBatchSize) {
      const batch = toAsk.slice(i, i + this.options.maxBatchSize);
      waits.set(this.startCheck(userId, batch), batch);
    }
    const outcomes = await Promise.all([...waits.keys()].map((check) => check.outcome));
    let i = 0;
    for (const [check, batch] of waits) {
      const outcome = outcomes[i++];
      if (outcome === undefined) continue;
      for (const room of batch) decisions.set(room, this.decide(check, outcome, userId, room));
    }
    return decisions;
  }

  invalidate(userId: string, room: string): void {
    this.inflight.overtake(userId, room);
    if (this.cache.invalidate(userId, room)) this.counters.invalidations++;
  }

  invalidateUser(userId: string): void {
    this.inflight.overtakeUser(userId);
    this.counters.invalidations += this.cache.invalidateUser(userId);
  }

  invalidateRoom(room: string): void {
    this.inflight.overtakeRoom(room);
    this.counters.invalidations += this.cache.invalidateRoom(room);
  }

  invalidateAll(): void {
    this.inflight.overtakeAll();
    this.counters.invalidations += this.cache.size;
    this.cache.clear();
  }

  /** Stops the breaker's timers. Checks made afterwards fail (rooms are refused as unavailable). */
  close(): void {
    this.breaker.shutdown();
  }

  private startCheck(userId: string, rooms: readonly string[]): InflightCheck {
    this.counters.checks++;
    const overtaken = new Set<string>();
    const outcome = this.breaker.fire(userId, rooms).then(
      (results): CheckOutcome => {
        // Cached in the same tick the answer arrives, so an event cannot slip in between.
        for (const room of rooms) {
          const answer = results.get(room);
          if (typeof answer === 'boolean' && !overtaken.has(room)) this.cache.set(userId, room, answer);
        }
        this.counters.evictions = this.cache.evictions;
        return { ok: true, results };
      },
      (error: unknown): CheckOutcome => {
        this.recordFailure(error, rooms.length);
        return { ok: false, error };
      },
    );
    const check: InflightCheck = { userId, rooms: new Set(rooms), overtaken, outcome };
    this.inflight.add(check);
    void outcome.finally(() => {
      this.inflight.remove(check);
    });
    return check;
  }

  private decide(check: InflightCheck, outcome: CheckOutcome, userId: string, room: string): RoomDecision {
    if (outcome.ok) {
      const answer = outcome.results.get(room);
      if (check.overtaken.has(room)) {
        this.counters.overtaken++;
        return this.unavailable(room, `membership in room ${room} changed while it was checked; retry`);
      }
      if (answer === undefined) {
        return this.unavailable(room, `membership service gave no answer for room ${room}; retry`);
      }
      this.counters.answered++;
      return answer ? ALLOWED : forbidden(room);
    }
    if (this.cache.staleAllowed(userId, room)) {
      this.counters.staleServed++;
      return ALLOWED;
    }
    return this.unavailable(room, unavailableMessage(room, outcome.error));
  }

  private unavailable(room: string, message: string): RoomDecision {
    this.counters.unavailable++;
    return { allowed: false, code: 'membership_unavailable', message };
  }

  private recordFailure(error: unknown, rooms: number): void {
    const code = breakerCode(error);
    if (code === 'EOPENBREAKER') {
      this.counters.shortCircuits++;
      this.logger.debug('membership check refused: breaker open', { rooms });
    } else if (error instanceof MembershipUnavailableError || code !== undefined) {
      this.counters.checkFailures++;
      this.logger.warn('membership check failed', { error, rooms, breaker: this.state });
    } else {
      this.counters.checkErrors++;
      this.logger.error('membership check failed unexpectedly', { error, rooms });
    }
  }

  private transition(to: BreakerState): void {
    const from = this.state;
    if (from === to) return;
    this.state = to;
    if (to === BreakerState.Open) this.logger.warn('membership circuit breaker opened', { from });
    else this.logger.info('membership circuit breaker changed state', { from, to });
    this.emit('breaker', { from, to });
  }
}

function forbidden(room: string): RoomDecision {
  return { allowed: false, code: 'forbidden', message: `not a member of ${room}` };
}

function unavailableMessage(room: string, error: unknown): string {
  const code = breakerCode(error);
  if (code === 'EOPENBREAKER')
    return `membership of room ${room} cannot be checked now (service failing); retry`;
  if (code === 'ETIMEDOUT') return `membership check for room ${room} timed out; retry`;
  return `membership of room ${room} could not be checked; retry`;
}
