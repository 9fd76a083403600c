import {
  createLocalJWKSet,
  createRemoteJWKSet,
  customFetch,
  errors as joseErrors,
  type CryptoKey,
  type FetchImplementation,
  type JWSHeaderParameters,
  type FlattenedJWSInput,
  type RemoteJWKSet,
} from 'jose';
import type { Logger } from '../log/index.js';
import { JwksUnavailableError } from './jwks-unavailable-error.js';
import type { KeyResolver, KeySource } from './key-source.js';

/** Outcome of one JWKS fetch, the `result` label of `cmf_auth_jwks_refresh_total`. */
export const JwksFetchResult = {
  Ok: 'ok',
  /** Network error, timeout or a status other than 200. */
  Error: 'error',
  /** An answer that is not a usable JWKS (not JSON, malformed, too large). */
  Invalid: 'invalid',
} as const;
export type JwksFetchResult = (typeof JwksFetchResult)[keyof typeof JwksFetchResult];

export interface RemoteJwksOptions {
  readonly issuer: string;
  readonly url: string;
  readonly cacheMaxAgeMs: number;
  readonly cooldownMs: number;
  readonly timeoutMs: number;
  readonly maxStaleMs: number;
  readonly logger: Logger;
  readonly onFetch?: (result: JwksFetchResult) => void;
  /** For tests; defaults to `Date.now`. jose's own cache uses the wall clock too. */
  readonly now?: () => number;
  /** For tests; defaults to the global fetch. */
  readonly fetch?: typeof fetch;
}

// A JWKS is a few KiB; anything far larger is a misconfigured URL or an attack on our memory.
const MAX_JWKS_BYTES = 512 * 1024;
// Background retries after a failed fetch back off up to this, so a long outage costs little.
const MAX_RETRY_MS = 300_000;

/** A fetch that failed in our own fetch wrapper; jose passes it through unchanged. */
class JwksFetchError extends Error {
  constructor(
    readonly result: JwksFetchResult,
    message: string,
  ) {
    super(message);
    this.name = 'JwksFetchError';
  }
}

async function readLimited(response: Response, limit: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > limit) throw new JwksFetchError(JwksFetchResult.Invalid, `JWKS larger than ${limit} bytes`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  // fetch bodies are byte streams; the typings leave the chunk type open.
  const reader: ReadableStreamDefaultReader<Uint8Array> | undefined = response.body?.getReader();
  if (reader !== undefined) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        throw new JwksFetchError(JwksFetchResult.Invalid, `JWKS larger than ${limit} bytes`);
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (err.name === 'TimeoutError') return 'timed out';
  // undici reports "fetch failed" and puts the useful part (ECONNREFUSED …) in the cause.
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof Error ? `${err.message}: ${cause.message}` : err.message;
}

/**
 * An issuer's keys from its JWKS URL, through jose's `createRemoteJWKSet` (cache for
 * `cacheMaxAgeMs`; an unknown kid refetches at most once per `cooldownMs`, which is how a
 * rotated key is picked up without a restart). Around it:
 * - a background fetch at start and before the cache ages out, so handshakes rarely wait on
 *   the identity provider, and retries with backoff while it fails;
 * - stale-if-error: while fetches fail, the last good keys stay in use up to `maxStaleMs`
 *   past their cache age, so an identity-provider outage does not log everybody out;
 * - fail closed: a kid those keys do not have, while fetching fails, is `JwksUnavailableError`
 *   (503), never a guess; and for `cooldownMs` after a failed fetch no handshake triggers
 *   another one, so a dead identity provider does not add a timeout to every handshake.
 */
export class RemoteJwksSource implements KeySource {
  readonly getKey: KeyResolver;
  private readonly remote: RemoteJWKSet;
  private readonly now: () => number;
  private readonly fetchImpl: typeof fetch;
  private lastGood: { readonly resolve: KeyResolver; readonly fetchedAt: number } | undefined;
  private lastFailure: { readonly at: number; readonly why: string } | undefined;
  private failuresInRow = 0;
  private timer: NodeJS.Timeout | undefined;
  private started = false;

  constructor(private readonly options: RemoteJwksOptions) {
    this.now = options.now ?? Date.now;
    this.fetchImpl = options.fetch ?? fetch;
    const fetchJwks: FetchImplementation = (url, init) => this.fetchJwks(url, init);
    this.remote = createRemoteJWKSet(new URL(options.url), {
      cacheMaxAge: options.cacheMaxAgeMs,
      cooldownDuration: options.cooldownMs,
      timeoutDuration: options.timeoutMs,
      [customFetch]: fetchJwks,
    });
    this.getKey = (header, token) => this.resolve(header, token);
  }

  notReadyReason(): string | undefined {
    if (this.lastGood !== undefined) return undefined;
    const why =
      this.lastFailure === undefined ? 'not fetched yet' : `not fetched yet: ${this.lastFailure.why}`;
    return `JWKS of issuer ${this.options.issuer} ${why}`;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule(0);
  }

  stop(): void {
    this.started = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(delayMs: number): void {
    if (!this.started) return;
    this.timer = setTimeout(() => {
      void this.refresh();
    }, delayMs);
    // Never keeps the process alive on its own.
    this.timer.unref();
  }

  private async refresh(): Promise<void> {
    try {
      await this.remote.reload();
      this.schedule(Math.max(1000, Math.floor(this.options.cacheMaxAgeMs * 0.8)));
    } catch {
      // Already counted and logged by fetchJwks.
      const backoff = this.options.cooldownMs * 2 ** Math.min(this.failuresInRow - 1, 10);
      this.schedule(Math.min(backoff, MAX_RETRY_MS, this.options.cacheMaxAgeMs));
    }
  }

  private async resolve(
    header: JWSHeaderParameters,
    token: FlattenedJWSInput,
  ): Promise<CryptoKey | Uint8Array> {
    const failure = this.lastFailure;
    if (failure !== undefined && this.now() - failure.at < this.options.cooldownMs) {
      return this.fromLastGood(header, token, failure.why);
    }
    try {
      return await this.remote(header, token);
    } catch (err) {
      if (err instanceof JwksFetchError || err instanceof joseErrors.JWKSTimeout) {
        return this.fromLastGood(header, token, err.message);
      }
      throw err;
    }
  }

  private async fromLastGood(
    header: JWSHeaderParameters,
    token: FlattenedJWSInput,
    why: string,
  ): Promise<CryptoKey | Uint8Array> {
    const good = this.lastGood;
    if (good === undefined) throw new JwksUnavailableError(this.options.issuer, `never fetched (${why})`);
    const age = this.now() - good.fetchedAt;
    if (age > this.options.cacheMaxAgeMs + this.options.maxStaleMs) {
      throw new JwksUnavailableError(this.options.issuer, `cached keys too old to use (${why})`);
    }
    try {
      return await good.resolve(header, token);
    } catch (err) {
      // The kid may have been added since the last good fetch: we cannot tell, so fail closed.
      if (err instanceof joseErrors.JWKSNoMatchingKey) {
        throw new JwksUnavailableError(this.options.issuer, `kid not in the cached keys (${why})`);
      }
      throw err;
    }
  }

  private fail(result: JwksFetchResult, why: string): JwksFetchError {
    this.lastFailure = { at: this.now(), why };
    this.failuresInRow++;
    this.options.onFetch?.(result);
    this.options.logger.warn('JWKS fetch failed', {
      issuer: this.options.issuer,
      url: this.options.url,
      result,
      error: why,
      failuresInRow: this.failuresInRow,
    });
    return new JwksFetchError(result, why);
  }

  /** jose's fetch hook: every fetch, from jose or from us, is counted and validated here. */
  private async fetchJwks(url: string, init: Parameters<FetchImplementation>[1]): Promise<Response> {
    let response: Response;
    try {
      response = await this.fetchImpl(url, init);
    } catch (err) {
      throw this.fail(JwksFetchResult.Error, describe(err));
    }
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      throw this.fail(JwksFetchResult.Error, `HTTP ${response.status}`);
    }
    let text: string;
    try {
      text = await readLimited(response, MAX_JWKS_BYTES);
    } catch (err) {
      throw err instanceof JwksFetchError
        ? this.fail(err.result, err.message)
        : this.fail(JwksFetchResult.Error, describe(err));
    }
    let resolve: KeyResolver;
    try {
      resolve = createLocalJWKSet(JSON.parse(text) as Parameters<typeof createLocalJWKSet>[0]);
    } catch (err) {
      throw this.fail(JwksFetchResult.Invalid, `not a JSON Web Key Set (${describe(err)})`);
    }
    const recovered = this.lastFailure !== undefined;
    this.lastGood = { resolve, fetchedAt: this.now() };
    this.lastFailure = undefined;
    this.failuresInRow = 0;
    this.options.onFetch?.(JwksFetchResult.Ok);
    const fields = { issuer: this.options.issuer, url: this.options.url };
    if (recovered) this.options.logger.info('JWKS fetched again', fields);
    else this.options.logger.debug('JWKS fetched', fields);
    return new Response(text, { status: 200, headers: { 'content-type': 'application/json' } });
  }
}
