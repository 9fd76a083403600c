import { readFile } from 'node:fs/promises';
import { MembershipFailure } from './membership-failure.js';
import { MembershipUnavailableError } from './membership-unavailable-error.js';
import type { ServiceTokenSource } from './service-token-source.js';

export interface FileServiceTokenOptions {
  /** How long a token read from the file is used before the file is read again. Default 60 s. */
  readonly reloadMs?: number;
  /** Clock, for tests. Default `Date.now`. */
  readonly now?: () => number;
}

/**
 * A bearer token kept in a file (a mounted Secret or a projected service-account token). Mounted
 * files change in place when the Secret rotates, so the file is read again every `reloadMs` and
 * right after the service refused the token; a read that fails keeps the last good token, because
 * a rotation swaps the file atomically and a failed read is more likely a transient error than a
 * revoked credential.
 */
export class FileServiceToken implements ServiceTokenSource {
  private readonly reloadMs: number;
  private readonly now: () => number;
  private current: string | undefined;
  private readAt = Number.NEGATIVE_INFINITY;
  private reading: Promise<string> | undefined;

  constructor(
    private readonly path: string,
    options: FileServiceTokenOptions = {},
  ) {
    this.reloadMs = options.reloadMs ?? 60_000;
    this.now = options.now ?? Date.now;
    if (!Number.isFinite(this.reloadMs) || this.reloadMs < 0) {
      throw new RangeError(`reloadMs must be a non-negative number of milliseconds, got ${this.reloadMs}`);
    }
  }

  token(): Promise<string> {
    if (this.current !== undefined && this.now() - this.readAt < this.reloadMs) {
      return Promise.resolve(this.current);
    }
    // Concurrent checks share one read.
    this.reading ??= this.read().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  refresh(): void {
    this.readAt = Number.NEGATIVE_INFINITY;
  }

  private async read(): Promise<string> {
    let text: string;
    try {
      text = (await readFile(this.path, 'utf8')).trim();
    } catch (error) {
      if (this.current !== undefined) return this.current;
      throw new MembershipUnavailableError(
        MembershipFailure.NoCredentials,
        `cannot read the membership service token file ${this.path}`,
        { cause: error },
      );
    }
    if (text === '') {
      if (this.current !== undefined) return this.current;
      throw new MembershipUnavailableError(
        MembershipFailure.NoCredentials,
        `the membership service token file ${this.path} is empty`,
      );
    }
    this.current = text;
    this.readAt = this.now();
    return text;
  }
}
