import { describe, expect, it } from 'vitest';
import { writeBudget } from './write-budget.js';

describe('writeBudget', () => {
  it('gives frames per socket, the gap between them and the rate over the one-frame-per-write capacity', () => {
    expect(writeBudget(250_000, 5000, 100_000)).toEqual({
      framesPerSocketPerSecond: 50,
      msBetweenFramesOfASocket: 20,
      overUnmergedCapacity: 2.5,
    });
    expect(writeBudget(10_000, 5000, 40_000)).toEqual({
      framesPerSocketPerSecond: 2,
      msBetweenFramesOfASocket: 500,
      overUnmergedCapacity: 0.25,
    });
  });

  it('refuses rates or socket counts that are not positive', () => {
    expect(() => writeBudget(250_000, 0, 100_000)).toThrow(
      'writeBudget needs positive rates and sockets, got 250000, 0, 100000',
    );
    expect(() => writeBudget(Number.NaN, 5000, 100_000)).toThrow(RangeError);
    expect(() => writeBudget(250_000, 5000, 0)).toThrow(RangeError);
  });
});
