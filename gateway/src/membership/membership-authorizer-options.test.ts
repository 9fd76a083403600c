import { describe, expect, it } from 'vitest';
import {
  MEMBERSHIP_AUTHORIZER_DEFAULTS,
  resolveMembershipAuthorizerOptions,
} from './membership-authorizer-options.js';

describe('resolveMembershipAuthorizerOptions', () => {
  it('fills in the documented defaults', () => {
    const { now, ...rest } = resolveMembershipAuthorizerOptions();
    expect(rest).toEqual(MEMBERSHIP_AUTHORIZER_DEFAULTS);
    expect(now).toBe(Date.now);
    expect(MEMBERSHIP_AUTHORIZER_DEFAULTS).toMatchObject({
      allowTtlMs: 60_000,
      denyTtlMs: 10_000,
      staleIfErrorMs: 300_000,
      maxBatchSize: 100,
    });
  });

  it('keeps what is given', () => {
    const now = (): number => 5;
    const resolved = resolveMembershipAuthorizerOptions({ allowTtlMs: 0, volumeThreshold: 0, now });
    expect(resolved.allowTtlMs).toBe(0);
    expect(resolved.volumeThreshold).toBe(0);
    expect(resolved.now).toBe(now);
  });

  it('rejects values out of range, naming the option and its bounds', () => {
    expect(() => resolveMembershipAuthorizerOptions({ maxBatchSize: 101 })).toThrow(
      'membership option maxBatchSize must be an integer from 1 to 100, got 101',
    );
    expect(() => resolveMembershipAuthorizerOptions({ errorThresholdPercentage: 0 })).toThrow(
      'membership option errorThresholdPercentage must be an integer from 1 to 100, got 0',
    );
    expect(() => resolveMembershipAuthorizerOptions({ timeoutMs: 1.5 })).toThrow(RangeError);
    expect(() => resolveMembershipAuthorizerOptions({ denyTtlMs: -1 })).toThrow(/denyTtlMs/);
  });

  it('rejects a rolling window shorter than its bucket count', () => {
    expect(() => resolveMembershipAuthorizerOptions({ rollingWindowMs: 5, rollingBuckets: 10 })).toThrow(
      'membership option rollingWindowMs (5) must be at least rollingBuckets (10): each bucket covers at least 1 ms',
    );
  });
});
