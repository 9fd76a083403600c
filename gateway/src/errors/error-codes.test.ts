import { describe, expect, it } from 'vitest';
import { ERROR_CODE_LIST, ErrorCodes, isErrorCode } from './error-codes.js';

describe('ErrorCodes', () => {
  it('has the codes the protocol promises, with their numbers and retryable flags', () => {
    const summary = Object.fromEntries(
      ERROR_CODE_LIST.map((code) => [code, [ErrorCodes[code].number, ErrorCodes[code].retryable]]),
    );
    expect(summary).toEqual({
      internal: [100, true],
      membership_unavailable: [101, true],
      unauthorized: [110, false],
      token_expired: [111, false],
      forbidden: [112, false],
      bad_frame: [120, false],
      unknown_type: [121, false],
      frame_too_large: [122, false],
      rate_limited: [130, true],
      too_many_subscriptions: [131, false],
      already_subscribed: [140, false],
      not_subscribed: [141, false],
      invalid_position: [142, false],
    });
  });

  it('gives every code a unique number within 100-149', () => {
    const numbers = ERROR_CODE_LIST.map((code) => ErrorCodes[code].number);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const n of numbers) {
      expect(n).toBeGreaterThanOrEqual(100);
      expect(n).toBeLessThanOrEqual(149);
    }
  });

  it('uses snake_case codes and one-sentence descriptions', () => {
    for (const code of ERROR_CODE_LIST) {
      expect(code).toMatch(/^[a-z]+(?:_[a-z]+)*$/);
      expect(ErrorCodes[code].description).toMatch(/^[A-Z`].*\.$/);
      expect(ErrorCodes[code].description).not.toContain('|');
    }
  });

  it('recognises codes without being fooled by Object.prototype', () => {
    expect(isErrorCode('bad_frame')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode('BAD_FRAME')).toBe(false);
  });
});
