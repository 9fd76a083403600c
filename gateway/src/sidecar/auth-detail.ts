import { AuthFailure } from '../auth/identity.js';

/**
 * The finer, stable reason behind each refusal: a metric label and a field of every refusal, so
 * dashboards can tell an attack (`alg_not_allowed`, `embedded_key_header`) from a misconfigured
 * client (`wrong_audience`) or an outage (`jwks_unavailable`). Never renamed; new ones are added.
 */
export const AuthDetail = {
  NoToken: 'no_token',
  QueryTokenDisabled: 'query_token_disabled',
  TokenTooLarge: 'token_too_large',
  Malformed: 'malformed',
  EmbeddedKeyHeader: 'embedded_key_header',
  UnsupportedHeader: 'unsupported_header',
  AlgNotAllowed: 'alg_not_allowed',
  WrongTyp: 'wrong_typ',
  MissingIss: 'missing_iss',
  WrongIssuer: 'wrong_issuer',
  UnknownKid: 'unknown_kid',
  AmbiguousKey: 'ambiguous_key',
  BadSignature: 'bad_signature',
  MissingExp: 'missing_exp',
  MissingSub: 'missing_sub',
  MissingAud: 'missing_aud',
  MissingIat: 'missing_iat',
  WrongAudience: 'wrong_audience',
  InvalidClaim: 'invalid_claim',
  NotYetValid: 'not_yet_valid',
  IatInFuture: 'iat_in_future',
  Expired: 'expired',
  TooOld: 'too_old',
  Unverifiable: 'unverifiable',
  UserMismatch: 'user_mismatch',
  OriginNotListed: 'origin_not_listed',
  TooManyHandshakes: 'too_many_handshakes',
  JwksUnavailable: 'jwks_unavailable',
  InternalError: 'internal_error',
} as const;
export type AuthDetail = (typeof AuthDetail)[keyof typeof AuthDetail];

export interface DetailEntry {
  /** The gateway's coarse reason (and so the HTTP status) this detail is reported under. */
  readonly reason: AuthFailure;
  /**
   * Fixed text for people. It never quotes the token or any part of it (a kid or an iss chosen
   * by an attacker would otherwise reach logs and clients).
   */
  readonly message: string;
}

/** The one table of refusals: detail -> reason and message. */
export const authDetails: Readonly<Record<AuthDetail, DetailEntry>> = {
  no_token: {
    reason: AuthFailure.MissingToken,
    message: 'no bearer token (Authorization header or cmf.token.<jwt> subprotocol)',
  },
  query_token_disabled: {
    reason: AuthFailure.MissingToken,
    message: 'a token in the query string is not accepted here; send it as a bearer token or subprotocol',
  },
  token_too_large: { reason: AuthFailure.InvalidToken, message: 'token is larger than allowed' },
  malformed: { reason: AuthFailure.InvalidToken, message: 'token is not a well-formed signed JWT' },
  embedded_key_header: {
    reason: AuthFailure.InvalidToken,
    message: 'token header names its own key (jwk, jku, x5u or x5c); keys come from configuration only',
  },
  unsupported_header: {
    reason: AuthFailure.InvalidToken,
    message: 'token header has an unsupported parameter',
  },
  alg_not_allowed: {
    reason: AuthFailure.InvalidToken,
    message: 'token algorithm is not allowed for its issuer',
  },
  wrong_typ: { reason: AuthFailure.InvalidToken, message: 'token type (typ header) is not the required one' },
  missing_iss: { reason: AuthFailure.InvalidToken, message: 'token has no issuer (iss)' },
  wrong_issuer: { reason: AuthFailure.InvalidToken, message: 'token issuer is not trusted' },
  unknown_kid: { reason: AuthFailure.InvalidToken, message: 'token key id matches no key of its issuer' },
  ambiguous_key: {
    reason: AuthFailure.InvalidToken,
    message: 'token has no key id and several keys of its issuer could verify it',
  },
  bad_signature: { reason: AuthFailure.InvalidToken, message: 'token signature is invalid' },
  missing_exp: { reason: AuthFailure.InvalidToken, message: 'token has no expiry (exp); it is required' },
  missing_sub: { reason: AuthFailure.InvalidToken, message: 'token names no user (sub)' },
  missing_aud: { reason: AuthFailure.InvalidToken, message: 'token has no audience (aud)' },
  missing_iat: {
    reason: AuthFailure.InvalidToken,
    message: 'token has no issue time (iat); it is required when a maximum age is set',
  },
  wrong_audience: { reason: AuthFailure.InvalidToken, message: 'token audience is not accepted' },
  invalid_claim: { reason: AuthFailure.InvalidToken, message: 'token has a claim of the wrong type' },
  not_yet_valid: { reason: AuthFailure.InvalidToken, message: 'token is not valid yet (nbf)' },
  iat_in_future: { reason: AuthFailure.InvalidToken, message: 'token is issued in the future (iat)' },
  expired: { reason: AuthFailure.TokenExpired, message: 'token expired' },
  too_old: {
    reason: AuthFailure.TokenExpired,
    message: 'token was issued too long ago (iat); get a new one',
  },
  unverifiable: { reason: AuthFailure.InvalidToken, message: 'token could not be verified' },
  user_mismatch: { reason: AuthFailure.InvalidToken, message: 'a refreshed token must name the same user' },
  origin_not_listed: { reason: AuthFailure.OriginNotAllowed, message: 'origin is not allowed' },
  too_many_handshakes: {
    reason: AuthFailure.RateLimited,
    message: 'too many connection attempts from this address; retry later',
  },
  jwks_unavailable: {
    reason: AuthFailure.Unavailable,
    message: "the issuer's signing keys cannot be fetched right now; retry with backoff",
  },
  internal_error: {
    reason: AuthFailure.Unavailable,
    message: 'the auth sidecar failed unexpectedly; retry with backoff',
  },
};
