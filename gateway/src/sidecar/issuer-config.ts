import type { JwsAlgorithm } from './jws-algorithm.js';

export const KeySourceKind = {
  /** Keys fetched from a JWKS URL, cached and refreshed (rotation without restart). */
  Jwks: 'jwks',
  /** Public keys from mounted PEM (SPKI) or JWK / JWKS files, read once at start. */
  PublicKeyFiles: 'public-key-files',
  /** A shared HS256 secret from a mounted file: development only. */
  Hs256SecretFile: 'hs256-secret-file',
} as const;
export type KeySourceKind = (typeof KeySourceKind)[keyof typeof KeySourceKind];

export interface PublicKeyFile {
  readonly path: string;
  /** Overrides the file's own `kid` (PEM files have none; their default is the RFC 7638 thumbprint). */
  readonly kid: string | undefined;
}

export type KeySourceConfig =
  | { readonly kind: typeof KeySourceKind.Jwks; readonly url: string }
  | { readonly kind: typeof KeySourceKind.PublicKeyFiles; readonly files: readonly PublicKeyFile[] }
  | { readonly kind: typeof KeySourceKind.Hs256SecretFile; readonly file: string };

/** One trusted token issuer, as validated from the issuers file. */
export interface IssuerConfig {
  /** Matched exactly against the token's `iss`; selects this issuer's keys. */
  readonly issuer: string;
  /** The token's `aud` must contain at least one of these. */
  readonly audience: readonly string[];
  /** Resolved: `[HS256]` for a secret, else the asymmetric algorithms (or the subset configured). */
  readonly algorithms: readonly JwsAlgorithm[];
  /** Overrides the global rooms claim for this issuer's tokens. */
  readonly roomsClaim: string | undefined;
  /** Required `typ` header for this issuer's tokens (e.g. `at+jwt`); overrides the global one. */
  readonly typ: string | undefined;
  readonly keys: KeySourceConfig;
}
