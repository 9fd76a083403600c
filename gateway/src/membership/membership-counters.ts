/**
 * What the membership authorizer did, as plain monotonic counters (the metrics endpoint reads
 * them; nothing here depends on an exporter). Room counts are per room asked, call counts per
 * batched request.
 */
export interface MembershipCounters {
  /** Rooms allowed by the token's own grant, without a check. */
  tokenGrants: number;
  /** Rooms decided from a fresh cached decision. */
  cacheHits: number;
  /** Rooms with no fresh cached decision. */
  cacheMisses: number;
  /** Missed rooms that joined a check already in flight for the same user and room. */
  coalesced: number;
  /** Rooms decided by the service's answer (member or not). */
  answered: number;
  /** Batched checks sent through the breaker. */
  checks: number;
  /** Checks that failed as an outage (`MembershipUnavailableError` or the breaker's timeout). */
  checkFailures: number;
  /** Checks that failed otherwise (a 400, a bug): not counted by the breaker. */
  checkErrors: number;
  /** Checks refused by the open breaker without reaching the service. */
  shortCircuits: number;
  /** Rooms allowed from a stale known-positive decision while the service could not answer. */
  staleServed: number;
  /** Rooms refused with `membership_unavailable`. */
  unavailable: number;
  /** Rooms whose answer was discarded because an event changed their membership meanwhile. */
  overtaken: number;
  /** Cached decisions dropped by events. */
  invalidations: number;
  /** Cached decisions dropped to stay within `maxEntries`. */
  evictions: number;
  breakerOpened: number;
  breakerHalfOpened: number;
  breakerClosed: number;
}

export function newMembershipCounters(): MembershipCounters {
  return {
    tokenGrants: 0,
    cacheHits: 0,
    cacheMisses: 0,
    coalesced: 0,
    answered: 0,
    checks: 0,
    checkFailures: 0,
    checkErrors: 0,
    shortCircuits: 0,
    staleServed: 0,
    unavailable: 0,
    overtaken: 0,
    invalidations: 0,
    evictions: 0,
    breakerOpened: 0,
    breakerHalfOpened: 0,
    breakerClosed: 0,
  };
}
