import { describe, expect, it } from 'vitest';
import { HandshakeLimiter } from './handshake-limiter.js';

function limiter(options: { perMinute: number; burst: number; maxClients: number }) {
  let now = 0;
  const l = new HandshakeLimiter(options, () => now);
  return {
    l,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('HandshakeLimiter', () => {
  it('allows the burst, then the per-minute rate, per key', () => {
    const { l, advance } = limiter({ perMinute: 60, burst: 3, maxClients: 100 });
    expect([1, 2, 3, 4].map(() => l.tryTake('a'))).toEqual([true, true, true, false]);
    expect(l.tryTake('b')).toBe(true);
    advance(999);
    expect(l.tryTake('a')).toBe(false);
    advance(1);
    expect(l.tryTake('a')).toBe(true);
    expect(l.tryTake('a')).toBe(false);
  });

  it('does not limit at all with a rate of 0', () => {
    const { l } = limiter({ perMinute: 0, burst: 1, maxClients: 1 });
    for (let i = 0; i < 100; i++) expect(l.tryTake('a')).toBe(true);
    expect(l.size).toBe(0);
  });

  it('never tracks more than maxClients, forgetting the least recently seen first', () => {
    const { l } = limiter({ perMinute: 1, burst: 1, maxClients: 3 });
    for (const key of ['a', 'b', 'c']) expect(l.tryTake(key)).toBe(true);
    expect(l.tryTake('a')).toBe(false); // a is now the most recently seen
    expect(l.tryTake('d')).toBe(true); // forgets b
    expect(l.size).toBe(3);
    expect(l.tryTake('a')).toBe(false); // still limited: it was kept
    expect(l.tryTake('b')).toBe(true); // forgotten, so a fresh bucket (and c goes)
    expect(l.size).toBe(3);
  });

  it('forgets idle buckets that have refilled, so the map shrinks to the active clients', () => {
    const { l, advance } = limiter({ perMinute: 60, burst: 2, maxClients: 1000 });
    for (let i = 0; i < 8; i++) l.tryTake(`old-${i}`);
    advance(5000);
    l.tryTake('new-1');
    l.tryTake('new-2');
    expect(l.size).toBe(2);
  });
});
