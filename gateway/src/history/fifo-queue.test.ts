import { describe, expect, it } from 'vitest';
import { FifoQueue } from './fifo-queue.js';

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

function contents<T>(queue: FifoQueue<T>): (T | undefined)[] {
  return Array.from({ length: queue.length }, (_, i) => queue.at(i));
}

describe('FifoQueue', () => {
  it('is first in, first out', () => {
    const queue = new FifoQueue<number>();
    expect(queue.shift()).toBeUndefined();
    expect(queue.peek()).toBeUndefined();
    queue.push(1);
    queue.push(2);
    expect(queue.peek()).toBe(1);
    expect(queue.shift()).toBe(1);
    expect(queue.shift()).toBe(2);
    expect(queue.length).toBe(0);
    expect(queue.at(0)).toBeUndefined();
  });

  it('retains in order', () => {
    const queue = new FifoQueue<number>();
    for (let i = 0; i < 10; i++) queue.push(i);
    queue.shift();
    queue.retain((n) => n % 3 === 0);
    expect(contents(queue)).toEqual([3, 6, 9]);
  });

  it('agrees with an array model across compactions (seeded)', () => {
    const random = seededRandom(7);
    const queue = new FifoQueue<number>();
    const model: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const r = random();
      if (r < 0.55) {
        queue.push(i);
        model.push(i);
      } else if (r < 0.999) {
        expect(queue.shift()).toBe(model.shift());
      } else {
        queue.retain((n) => n % 2 === 0);
        model.splice(0, model.length, ...model.filter((n) => n % 2 === 0));
      }
      expect(queue.length).toBe(model.length);
      expect(queue.peek()).toBe(model[0]);
    }
    expect(contents(queue)).toEqual(model);
  });
});
