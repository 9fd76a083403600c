import { describe, expect, it } from 'vitest';
import { DedupeWindow } from './dedupe-window.js';

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

describe('DedupeWindow', () => {
  it('reports an id seen again within the window', () => {
    const window = new DedupeWindow(3);
    expect(window.seen('a')).toBe(false);
    expect(window.seen('a')).toBe(true);
    expect(window.seen('b')).toBe(false);
    expect(window.seen('a')).toBe(true);
  });

  it('forgets the oldest first-seen id once capacity distinct ids followed it', () => {
    const window = new DedupeWindow(3);
    for (const id of ['a', 'b', 'c']) expect(window.seen(id)).toBe(false);
    expect(window.seen('d')).toBe(false); // evicts a
    expect(window.size).toBe(3);
    expect(window.seen('b')).toBe(true);
    expect(window.seen('c')).toBe(true);
    expect(window.seen('d')).toBe(true);
    expect(window.seen('a')).toBe(false); // forgotten, recorded again, evicts b
    expect(window.seen('b')).toBe(false);
  });

  it('does not refresh an id on a repeat (first-seen order)', () => {
    const window = new DedupeWindow(2);
    window.seen('a');
    window.seen('b');
    expect(window.seen('a')).toBe(true); // no refresh: a is still the oldest
    window.seen('c'); // evicts a, not b
    expect(window.seen('b')).toBe(true);
    expect(window.seen('a')).toBe(false);
  });

  it('with capacity 1 remembers only the last distinct id', () => {
    const window = new DedupeWindow(1);
    expect(window.seen('a')).toBe(false);
    expect(window.seen('a')).toBe(true);
    expect(window.seen('b')).toBe(false);
    expect(window.seen('a')).toBe(false);
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new DedupeWindow(0)).toThrow('capacity must be an integer >= 1, got 0');
    expect(() => new DedupeWindow(1.5)).toThrow('capacity must be an integer >= 1, got 1.5');
  });

  it('agrees with a list model on random streams (seeded)', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = seededRandom(seed);
      const capacity = 1 + Math.floor(random() * 10);
      const window = new DedupeWindow(capacity);
      const model: string[] = []; // distinct ids in first-seen order, newest last
      for (let i = 0; i < 2_000; i++) {
        const id = `m${Math.floor(random() * 25)}`;
        const expected = model.includes(id);
        if (!expected) {
          model.push(id);
          if (model.length > capacity) model.shift();
        }
        const seen = window.seen(id);
        // A plain check first: expect() per step would dominate the run time.
        if (seen !== expected || window.size !== model.length) {
          expect({ seen, size: window.size }, `seed ${seed} step ${i}`).toEqual({
            seen: expected,
            size: model.length,
          });
        }
      }
    }
  });
});
