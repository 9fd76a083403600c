/**
 * The only signature algorithms the sidecar ever verifies. `none` and every other JWS algorithm
 * are refused before any key is looked up.
 */
export const JwsAlgorithm = {
  RS256: 'RS256',
  ES256: 'ES256',
  EdDSA: 'EdDSA',
  /** Only for an issuer configured with a shared secret, and then the only one it accepts. */
  HS256: 'HS256',
} as const;
export type JwsAlgorithm = (typeof JwsAlgorithm)[keyof typeof JwsAlgorithm];

/** What an issuer with public keys (JWKS or key files) accepts unless it narrows the list. */
export const ASYMMETRIC_ALGORITHMS: readonly JwsAlgorithm[] = [
  JwsAlgorithm.RS256,
  JwsAlgorithm.ES256,
  JwsAlgorithm.EdDSA,
];

const ALL: ReadonlySet<string> = new Set(Object.values(JwsAlgorithm));

export function isJwsAlgorithm(value: unknown): value is JwsAlgorithm {
  return typeof value === 'string' && ALL.has(value);
}
