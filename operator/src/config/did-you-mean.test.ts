import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from './did-you-mean.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', 'abc', 0],
    ['abc', '', 3],
    ['FRAME', 'FRAM', 1],
    ['FRAME', 'FRMAE', 1],
    ['kitten', 'sitting', 3],
  ])('%s / %s = %d', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('didYouMean', () => {
  const known = new Map([
    ['CMF_MAX_FRAME_BYTES', 'CMF_MAX_FRAME_BYTES'],
    ['CMF_MAX_CONNECTIONS', 'CMF_MAX_CONNECTIONS'],
    ['CMF_DRAIN_TIMEOUT_MS', 'CMF_DRAIN_TIMEOUT'],
  ]);

  it('suggests the closest name within two edits', () => {
    expect(didYouMean('CMF_MAX_FRAM_BYTES', known)).toBe('CMF_MAX_FRAME_BYTES');
    expect(didYouMean('CMF_MAX_CONECTIONS', known)).toBe('CMF_MAX_CONNECTIONS');
  });

  it('maps an alias spelling to the name it stands for', () => {
    expect(didYouMean('CMF_DRAIN_TIMEOUT_MS', known)).toBe('CMF_DRAIN_TIMEOUT');
  });

  it('suggests nothing for names that are not near any', () => {
    expect(didYouMean('CMF_INSTANCE', known)).toBeUndefined();
    expect(didYouMean('CMF_MAX_FRAME', known)).toBeUndefined();
  });
});
