import { describe, expect, it } from 'vitest';
import { parseGoDuration, parseGoDurationMs } from './go-duration.js';

describe('parseGoDurationMs', () => {
  it.each([
    ['300ms', 300],
    ['10s', 10_000],
    ['5m', 300_000],
    ['168h', 604_800_000],
    ['336h', 1_209_600_000],
    ['2h45m', 9_900_000],
    ['1h0m0.5s', 3_600_500],
    ['1.5h', 5_400_000],
    ['4.35s', 4_350],
    ['.5s', 500],
    ['1.s', 1_000],
    ['1500us', 1],
    ['999999ns', 0],
    ['2µs', 0],
    ['0', 0],
    ['+1m', 60_000],
    ['-1m', -60_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseGoDurationMs(text)).toBe(ms);
  });

  it.each(['', '-', '10', '1d', 's', '.s', '1 h', ' 1h', '1h ', '1H', '1h-1m', '1..5s', 'h1'])(
    'rejects %j as Go does',
    (text) => {
      expect(parseGoDurationMs(text)).toBeUndefined();
    },
  );

  it('keeps nanoseconds exact and rejects what overflows an int64, as Go does', () => {
    expect(parseGoDuration('1.000000001s')).toBe(1_000_000_001n);
    expect(parseGoDuration('2562047h47m16.854775807s')).toBe(2n ** 63n - 1n);
    expect(parseGoDuration('2562047h47m16.854775808s')).toBeUndefined();
    expect(parseGoDuration('9999999h')).toBeUndefined();
  });
});
