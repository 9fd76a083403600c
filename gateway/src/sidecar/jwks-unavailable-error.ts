/** Stable code of JwksUnavailableError, for callers that branch on codes rather than classes. */
export const JWKS_UNAVAILABLE = 'CMF_SIDECAR_JWKS_UNAVAILABLE';

/**
 * An issuer's JWKS cannot be fetched and no usable cached key matches the token. The sidecar
 * fails closed (503 `auth_unavailable`); retryable, since the identity provider may come back.
 */
export class JwksUnavailableError extends Error {
  readonly code = JWKS_UNAVAILABLE;
  readonly retryable = true;

  constructor(
    readonly issuer: string,
    why: string,
  ) {
    super(`JWKS of issuer ${issuer} unavailable: ${why}`);
    this.name = 'JwksUnavailableError';
  }
}
