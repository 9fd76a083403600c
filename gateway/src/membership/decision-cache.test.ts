import { describe, expect, it } from 'vitest';
import { DecisionCache, type DecisionCacheOptions } from './decision-cache.js';

function cacheAt(options: Partial<DecisionCacheOptions> = {}) {
  const clock = { t: 1_000_000 };
  const cache = new DecisionCache(
    { maxEntries: 100, allowTtlMs: 60_000, denyTtlMs: 10_000, staleIfErrorMs: 300_000, ...options },
    () => clock.t,
  );
  return { cache, clock };
}

describe('DecisionCache', () => {
  it('keeps allows for allowTtlMs and denials for denyTtlMs', () => {
    const { cache, clock } = cacheAt();
    cache.set('u1', 'r1', true);
    cache.set('u1', 'r2', false);
    expect(cache.get('u1', 'r1')).toBe(true);
    expect(cache.get('u1', 'r2')).toBe(false);
    clock.t += 9_999;
    expect(cache.get('u1', 'r2')).toBe(false);
    clock.t += 1;
    expect(cache.get('u1', 'r2')).toBeUndefined();
    expect(cache.get('u1', 'r1')).toBe(true);
    clock.t += 50_000;
    expect(cache.get('u1', 'r1')).toBeUndefined();
  });

  it('keys by user and room', () => {
    const { cache } = cacheAt();
    cache.set('u1', 'r1', true);
    expect(cache.get('u2', 'r1')).toBeUndefined();
    expect(cache.get('u1', 'r2')).toBeUndefined();
    // Room ids cannot hold a newline, so a user id with one cannot collide with another pair.
    cache.set('x\nu1', 'r', true);
    expect(cache.get('u1', 'r')).toBeUndefined();
    expect(cache.get('x\nu1', 'r')).toBe(true);
  });

  it('serves a known member stale for staleIfErrorMs past the TTL, and never a denial', () => {
    const { cache, clock } = cacheAt();
    cache.set('u1', 'r1', true);
    cache.set('u1', 'r2', false);
    expect(cache.staleAllowed('u1', 'r1')).toBe(true);
    expect(cache.staleAllowed('u1', 'r2')).toBe(false);
    clock.t += 60_000 + 299_999;
    expect(cache.get('u1', 'r1')).toBeUndefined();
    expect(cache.staleAllowed('u1', 'r1')).toBe(true);
    clock.t += 1;
    expect(cache.staleAllowed('u1', 'r1')).toBe(false);
    expect(cache.staleAllowed('u1', 'r3')).toBe(false);
  });

  it('replaces a decision, so a denial after an allow is not served stale', () => {
    const { cache } = cacheAt();
    cache.set('u1', 'r1', true);
    cache.set('u1', 'r1', false);
    expect(cache.get('u1', 'r1')).toBe(false);
    expect(cache.staleAllowed('u1', 'r1')).toBe(false);
    expect(cache.size).toBe(1);
  });

  it('evicts the least recently used entry beyond maxEntries', () => {
    const { cache } = cacheAt({ maxEntries: 2 });
    cache.set('u1', 'a', true);
    cache.set('u1', 'b', true);
    expect(cache.get('u1', 'a')).toBe(true); // a is now the most recent
    cache.set('u1', 'c', true);
    expect(cache.size).toBe(2);
    expect(cache.evictions).toBe(1);
    expect(cache.get('u1', 'b')).toBeUndefined();
    expect(cache.get('u1', 'a')).toBe(true);
    expect(cache.get('u1', 'c')).toBe(true);
    expect(cache.invalidateUser('u1')).toBe(2);
  });

  it('caches nothing with maxEntries 0 or a zero TTL', () => {
    expect(
      (() => {
        const { cache } = cacheAt({ maxEntries: 0 });
        cache.set('u1', 'r1', true);
        return cache.size;
      })(),
    ).toBe(0);
    const { cache } = cacheAt({ denyTtlMs: 0 });
    cache.set('u1', 'r1', false);
    expect(cache.get('u1', 'r1')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('invalidates one pair, a user or a room', () => {
    const { cache } = cacheAt();
    for (const user of ['u1', 'u2']) for (const room of ['r1', 'r2']) cache.set(user, room, true);
    expect(cache.invalidate('u1', 'r1')).toBe(true);
    expect(cache.invalidate('u1', 'r1')).toBe(false);
    expect(cache.staleAllowed('u1', 'r1')).toBe(false);
    expect(cache.invalidateRoom('r2')).toBe(2);
    expect(cache.get('u2', 'r2')).toBeUndefined();
    expect(cache.invalidateUser('u2')).toBe(1);
    expect(cache.size).toBe(0);
    expect(cache.invalidateUser('u2')).toBe(0);
    expect(cache.invalidateRoom('nope')).toBe(0);
  });

  it('drops entries past their useful life when they are read', () => {
    const { cache, clock } = cacheAt();
    cache.set('u1', 'r1', false);
    clock.t += 10_000;
    expect(cache.get('u1', 'r1')).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.invalidateRoom('r1')).toBe(0);
  });
});
