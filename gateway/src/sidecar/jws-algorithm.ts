/**
 * The only signature algorithms the sidecar ever verifies. `none` and every other JWS algorithm
 * are refused before any key is looked up.
 */
export const JwsAlgorithm = {
  RS256: 'RS256',
  RS384: 'RS384',
  RS512: 'RS512',
  PS256: 'PS256',
  PS384: 'PS384',
  PS512: 'PS512',
  ES256: 'ES256',
  ES384: 'ES384',
  ES512: 'ES512',
  EdDSA: 'EdDSA',
  /** Only for an issuer configured with a shared secret, and then the only one it accepts. */
  HS256: 'HS256',
} as const;
export type JwsAlgorithm = (typeof JwsAlgorithm)[keyof typeof JwsAlgorithm];

/** Every algorithm an issuer with public keys (JWKS or key files) may be configured to accept. */
export const ASYMMETRIC_ALGORITHMS: readonly JwsAlgorithm[] = [
  JwsAlgorithm.RS256,
  JwsAlgorithm.RS384,
  JwsAlgorithm.RS512,
  JwsAlgorithm.PS256,
  JwsAlgorithm.PS384,
  JwsAlgorithm.PS512,
  JwsAlgorithm.ES256,
  JwsAlgorithm.ES384,
  JwsAlgorithm.ES512,
  JwsAlgorithm.EdDSA,
];

/** What such an issuer accepts when it does not list its algorithms: the common ones. */
export const DEFAULT_ASYMMETRIC_ALGORITHMS: readonly JwsAlgorithm[] = [
  JwsAlgorithm.RS256,
  JwsAlgorithm.ES256,
  JwsAlgorithm.EdDSA,
];

const ALL: ReadonlySet<string> = new Set(Object.values(JwsAlgorithm));

export function isJwsAlgorithm(value: unknown): value is JwsAlgorithm {
  return typeof value === 'string' && ALL.has(value);
}
