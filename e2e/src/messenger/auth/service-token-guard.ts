import { createHash, timingSafeEqual } from 'node:crypto';
import type { ServiceTokenConfig } from '../config/messenger-config.js';
import { ApiError, ApiErrorCode } from '../http/api-error.js';

/** A file re-read at most this often, so a stream of bad tokens cannot turn into disk reads. */
const REREAD_INTERVAL_MS = 1000;

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Checks the bearer token of internal callers (the gateway's membership checks, the fault
 * admin). Compares digests in constant time. With a token file, a token that does not match is
 * checked once more against the file's current content, so rotating the Secret needs no restart.
 */
export class ServiceTokenGuard {
  private expected: Buffer | undefined;
  private readAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly source: ServiceTokenConfig,
    private readonly readFile: (path: string) => string,
    private readonly now: () => number = Date.now,
  ) {}

  check(authorization: string | undefined): void {
    const match = /^Bearer +([^\s]+)\s*$/i.exec(authorization ?? '');
    const presented = match?.[1];
    if (presented === undefined) {
      throw new ApiError(
        ApiErrorCode.MissingToken,
        'send the service token as Authorization: Bearer <token>',
        {
          'www-authenticate': 'Bearer realm="cmf-messenger-internal"',
        },
      );
    }
    const given = digest(presented);
    if (this.matches(given, false) || this.matches(given, true)) return;
    throw new ApiError(ApiErrorCode.InvalidToken, 'the service token is not valid', {
      'www-authenticate': 'Bearer realm="cmf-messenger-internal", error="invalid_token"',
    });
  }

  private matches(given: Buffer, reread: boolean): boolean {
    const expected = this.current(reread);
    return expected !== undefined && timingSafeEqual(given, expected);
  }

  private current(reread: boolean): Buffer | undefined {
    if (this.source.kind === 'value') return digest(this.source.value);
    const neverRead = this.readAt === Number.NEGATIVE_INFINITY;
    const due = neverRead || (reread && this.now() - this.readAt >= REREAD_INTERVAL_MS);
    if (due) {
      this.readAt = this.now();
      try {
        // One trailing newline is what `echo` and most Secret tooling add; it is not part of the token.
        const text = this.readFile(this.source.path).replace(/\r?\n$/, '');
        this.expected = text === '' ? undefined : digest(text);
      } catch {
        // An unreadable file refuses everyone (fail closed) until it can be read again.
        this.expected = undefined;
      }
    }
    return this.expected;
  }
}
