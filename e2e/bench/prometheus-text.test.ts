import { describe, expect, it } from 'vitest';
import { histogramBuckets, quantileBetween, sampleValue } from './prometheus-text.js';

const scrape = (counts: readonly number[]): string =>
  [
    '# TYPE h histogram',
    ...['0.001', '0.01', '0.1', '+Inf'].map((le, i) => `h_bucket{le="${le}"} ${String(counts[i])}`),
    `h_count ${String(counts[3])}`,
    'other 7',
  ].join('\n');

describe('prometheus text', () => {
  it('reads an unlabelled sample and the cumulative buckets of a histogram', () => {
    expect(sampleValue(scrape([1, 2, 3, 4]), 'other')).toBe(7);
    expect([...histogramBuckets(scrape([1, 2, 3, 4]), 'h')]).toEqual([
      [0.001, 1],
      [0.01, 2],
      [0.1, 3],
      [Infinity, 4],
    ]);
  });

  it('places a quantile of what was recorded between two scrapes in its bucket', () => {
    const before = histogramBuckets(scrape([10, 10, 10, 10]), 'h');
    // Between the scrapes: 90 under 1 ms, 9 more under 10 ms, 1 more under 100 ms.
    const after = histogramBuckets(scrape([100, 109, 110, 110]), 'h');
    expect(quantileBetween(before, after, 0.5)).toBe(0.001);
    expect(quantileBetween(before, after, 0.99)).toBe(0.01);
    expect(quantileBetween(before, after, 1)).toBe(0.1);
    expect(quantileBetween(before, before, 0.5)).toBeUndefined();
  });
});
