import { errors as joseErrors } from 'jose';
import { AuthDetail } from './auth-detail.js';
import { JwksUnavailableError } from './jwks-unavailable-error.js';

function claimDetail(claim: string, reason: string): AuthDetail {
  const missing = reason === 'missing';
  const failed = reason === 'check_failed';
  switch (claim) {
    case 'exp':
      return missing ? AuthDetail.MissingExp : AuthDetail.InvalidClaim;
    case 'iss':
      return missing ? AuthDetail.MissingIss : failed ? AuthDetail.WrongIssuer : AuthDetail.InvalidClaim;
    case 'aud':
      return missing ? AuthDetail.MissingAud : failed ? AuthDetail.WrongAudience : AuthDetail.InvalidClaim;
    case 'sub':
      return missing ? AuthDetail.MissingSub : AuthDetail.InvalidClaim;
    case 'iat':
      return missing ? AuthDetail.MissingIat : failed ? AuthDetail.IatInFuture : AuthDetail.InvalidClaim;
    case 'nbf':
      return failed ? AuthDetail.NotYetValid : AuthDetail.InvalidClaim;
    case 'typ':
      return AuthDetail.WrongTyp;
    default:
      return AuthDetail.InvalidClaim;
  }
}

/**
 * The detail for an error thrown while verifying a token (by jose or a key source). Branches on
 * error classes and jose's claim/reason fields, never on message text. Anything unrecognised is
 * `unverifiable`: refused, never accepted.
 */
export function classifyVerifyError(err: unknown): AuthDetail {
  if (err instanceof JwksUnavailableError) return AuthDetail.JwksUnavailable;
  // JWTExpired extends JWTClaimValidationFailed, so it goes first: exp in the past, or iat
  // older than the maximum token age.
  if (err instanceof joseErrors.JWTExpired)
    return err.claim === 'iat' ? AuthDetail.TooOld : AuthDetail.Expired;
  if (err instanceof joseErrors.JWTClaimValidationFailed) return claimDetail(err.claim, err.reason);
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return AuthDetail.BadSignature;
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return AuthDetail.AlgNotAllowed;
  if (err instanceof joseErrors.JWKSNoMatchingKey) return AuthDetail.UnknownKid;
  if (err instanceof joseErrors.JWKSMultipleMatchingKeys) return AuthDetail.AmbiguousKey;
  if (err instanceof joseErrors.JOSENotSupported) return AuthDetail.UnsupportedHeader;
  if (err instanceof joseErrors.JWSInvalid || err instanceof joseErrors.JWTInvalid)
    return AuthDetail.Malformed;
  return AuthDetail.Unverifiable;
}
