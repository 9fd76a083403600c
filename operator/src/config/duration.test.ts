import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['250', 250],
    ['0', 0],
    ['250ms', 250],
    ['5s', 5000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['10 s', 10_000],
  ])('%s -> %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'soon', '1.5s', '5S', '5d', '-5s', 's', '5 minutes'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    [300_000, '5m'],
    [25_000, '25s'],
    [250, '250ms'],
    [1500, '1500ms'],
    [3_600_000, '1h'],
    [0, '0ms'],
  ])('%d -> %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
