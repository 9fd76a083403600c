import { describe, expect, it } from 'vitest';
import { ApiError } from '../http/api-error.js';
import { ServiceTokenGuard } from './service-token-guard.js';

function codeOf(guard: ServiceTokenGuard, authorization: string | undefined): string | undefined {
  try {
    guard.check(authorization);
  } catch (err) {
    if (err instanceof ApiError) return err.code;
    throw err;
  }
  return undefined;
}

describe('ServiceTokenGuard', () => {
  it('accepts the configured token only', () => {
    const guard = new ServiceTokenGuard({ kind: 'value', value: 'sekrit-token-123456' }, () => '');
    expect(codeOf(guard, 'Bearer sekrit-token-123456')).toBeUndefined();
    expect(codeOf(guard, undefined)).toBe('missing_token');
    expect(codeOf(guard, 'Basic abc')).toBe('missing_token');
    expect(codeOf(guard, 'Bearer sekrit-token-12345')).toBe('invalid_token');
  });

  it('follows a rotated token file without a restart, rereading at most once a second', () => {
    let file = 'first-token-0123456789\n';
    let reads = 0;
    let now = 0;
    const guard = new ServiceTokenGuard(
      { kind: 'file', path: '/run/token' },
      () => {
        reads++;
        return file;
      },
      () => now,
    );
    expect(codeOf(guard, 'Bearer first-token-0123456789')).toBeUndefined();
    file = 'second-token-0123456789';
    now = 1500;
    expect(codeOf(guard, 'Bearer second-token-0123456789')).toBeUndefined();
    expect(codeOf(guard, 'Bearer first-token-0123456789')).toBe('invalid_token');
    const readsSoFar = reads;
    expect(codeOf(guard, 'Bearer wrong')).toBe('invalid_token');
    expect(reads).toBe(readsSoFar);
  });

  it('refuses everyone while the file cannot be read', () => {
    const guard = new ServiceTokenGuard({ kind: 'file', path: '/run/token' }, () => {
      throw new Error('ENOENT');
    });
    expect(codeOf(guard, 'Bearer anything-at-all-123')).toBe('invalid_token');
  });
});
