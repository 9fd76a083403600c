import type { CryptoKey, FlattenedJWSInput, JWSHeaderParameters } from 'jose';

/** Resolves the verification key of a token from its protected header (jose's key-resolver shape). */
export type KeyResolver = (
  header: JWSHeaderParameters,
  token: FlattenedJWSInput,
) => Promise<CryptoKey | Uint8Array>;

/**
 * The keys of one issuer. Only the issuer's own keys are ever consulted for its tokens, so a kid
 * of issuer A presented under issuer B matches nothing.
 */
export interface KeySource {
  /**
   * Throws jose's `JWKSNoMatchingKey` for a kid the issuer does not have, and
   * `JwksUnavailableError` when that cannot be known because the keys cannot be fetched.
   */
  readonly getKey: KeyResolver;
  /** `undefined` when the keys are usable (static, or fetched at least once); else why not. */
  notReadyReason(): string | undefined;
  /** Starts background work (the first fetch, periodic refresh); idempotent. */
  start(): void;
  stop(): void;
}
