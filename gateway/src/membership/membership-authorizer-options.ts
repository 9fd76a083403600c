import { MAX_ROOMS_PER_CHECK } from './membership-client.js';

/** Every option is optional; MEMBERSHIP_AUTHORIZER_DEFAULTS says what an absent one means. */
export interface MembershipAuthorizerOptions {
  /** How long "member" is trusted without asking again. */
  readonly allowTtlMs?: number;
  /** How long "not a member" is trusted (short, so a user just added soon gets in even without the event). */
  readonly denyTtlMs?: number;
  /** How long past its TTL a "member" may be served while the service cannot answer (0: never). */
  readonly staleIfErrorMs?: number;
  /** Cached decisions kept at most (about 250 bytes each). */
  readonly maxEntries?: number;
  /** Longest a check may take before the breaker counts it as failed and the rooms are decided without it. */
  readonly timeoutMs?: number;
  /** Failed checks, in percent of the rolling window, above which the breaker opens. */
  readonly errorThresholdPercentage?: number;
  /** Checks in the rolling window before the breaker may open at all. */
  readonly volumeThreshold?: number;
  /** Time the breaker stays open before one probe check is let through. */
  readonly resetTimeoutMs?: number;
  /** Length of the rolling window the error percentage is computed over. */
  readonly rollingWindowMs?: number;
  /** Buckets of the rolling window (its resolution). */
  readonly rollingBuckets?: number;
  /** Rooms per request; more misses are split into several requests. */
  readonly maxBatchSize?: number;
  /** Clock of the cache, for tests. The breaker runs on the timers' clock. */
  readonly now?: () => number;
}

export type ResolvedMembershipAuthorizerOptions = Required<MembershipAuthorizerOptions>;

export const MEMBERSHIP_AUTHORIZER_DEFAULTS = {
  allowTtlMs: 60_000,
  denyTtlMs: 10_000,
  staleIfErrorMs: 300_000,
  maxEntries: 100_000,
  timeoutMs: 1_000,
  errorThresholdPercentage: 50,
  volumeThreshold: 5,
  resetTimeoutMs: 10_000,
  rollingWindowMs: 10_000,
  rollingBuckets: 10,
  maxBatchSize: MAX_ROOMS_PER_CHECK,
} as const satisfies Omit<ResolvedMembershipAuthorizerOptions, 'now'>;

type NumericOption = keyof typeof MEMBERSHIP_AUTHORIZER_DEFAULTS;

const BOUNDS: Readonly<Record<NumericOption, readonly [min: number, max: number]>> = {
  allowTtlMs: [0, 86_400_000],
  denyTtlMs: [0, 86_400_000],
  staleIfErrorMs: [0, 86_400_000],
  maxEntries: [0, 10_000_000],
  timeoutMs: [1, 600_000],
  errorThresholdPercentage: [1, 100],
  volumeThreshold: [0, 1_000_000],
  resetTimeoutMs: [1, 3_600_000],
  rollingWindowMs: [1, 3_600_000],
  rollingBuckets: [1, 1000],
  maxBatchSize: [1, MAX_ROOMS_PER_CHECK],
};

/**
 * Fills in defaults and rejects values the authorizer cannot work with, naming the option and
 * its range, so a bad configuration fails at start rather than on the first subscribe.
 */
export function resolveMembershipAuthorizerOptions(
  options: MembershipAuthorizerOptions = {},
): ResolvedMembershipAuthorizerOptions {
  const resolved = { ...MEMBERSHIP_AUTHORIZER_DEFAULTS, now: Date.now } as {
    -readonly [K in keyof ResolvedMembershipAuthorizerOptions]: ResolvedMembershipAuthorizerOptions[K];
  };
  for (const name of Object.keys(BOUNDS) as NumericOption[]) {
    const value = options[name];
    if (value === undefined) continue;
    const [min, max] = BOUNDS[name];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new RangeError(
        `membership option ${name} must be an integer from ${min} to ${max}, got ${value}`,
      );
    }
    resolved[name] = value;
  }
  if (options.now !== undefined) resolved.now = options.now;
  if (resolved.rollingWindowMs < resolved.rollingBuckets) {
    throw new RangeError(
      `membership option rollingWindowMs (${resolved.rollingWindowMs}) must be at least rollingBuckets (${resolved.rollingBuckets}): each bucket covers at least 1 ms`,
    );
  }
  return resolved;
}
