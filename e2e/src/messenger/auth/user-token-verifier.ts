import { errors, jwtVerify } from 'jose';
import { isUserId } from '../contract/identifiers.js';
import { ApiError, ApiErrorCode } from '../http/api-error.js';
import { SIGNING_ALGORITHM, type SigningKey } from './signing-key.js';
import type { UserIdentity } from './user-identity.js';

export interface UserTokenVerifierOptions {
  readonly key: SigningKey;
  readonly issuer: string;
  readonly audience: string;
  readonly clockToleranceMs: number;
}

const CHALLENGE = 'Bearer realm="cmf-messenger"';
/** A token larger than this is not one of ours; refused before it is parsed. */
const MAX_TOKEN_BYTES = 8192;

function refused(code: ApiErrorCode, message: string): ApiError {
  const error = code === ApiErrorCode.MissingToken ? '' : `, error="invalid_token"`;
  return new ApiError(code, message, { 'www-authenticate': `${CHALLENGE}${error}` });
}

/**
 * Verifies a user's bearer token against the stand-in's own key: ES256 only, issuer and
 * audience as configured, `exp` and `sub` required. Throws ApiError (401) with a stable code.
 */
export class UserTokenVerifier {
  constructor(private readonly options: UserTokenVerifierOptions) {}

  async verify(authorization: string | undefined): Promise<UserIdentity> {
    const match = /^Bearer +([^\s]+)\s*$/i.exec(authorization ?? '');
    const token = match?.[1];
    if (token === undefined) {
      throw refused(ApiErrorCode.MissingToken, 'send the user token as Authorization: Bearer <jwt>');
    }
    if (token.length > MAX_TOKEN_BYTES) throw refused(ApiErrorCode.InvalidToken, 'token is too large');
    try {
      const { payload } = await jwtVerify(token, this.options.key.publicKey, {
        algorithms: [SIGNING_ALGORITHM],
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: Math.floor(this.options.clockToleranceMs / 1000),
        requiredClaims: ['exp', 'sub'],
      });
      if (!isUserId(payload.sub))
        throw refused(ApiErrorCode.InvalidToken, 'token subject is not a valid user id');
      return { userId: payload.sub, expiresAt: (payload.exp ?? 0) * 1000 };
    } catch (err) {
      if (err instanceof ApiError) throw err;
      if (err instanceof errors.JWTExpired) throw refused(ApiErrorCode.TokenExpired, 'token expired');
      if (err instanceof errors.JWTClaimValidationFailed) {
        throw refused(ApiErrorCode.InvalidToken, `token claim ${err.claim} is not accepted (${err.reason})`);
      }
      if (err instanceof errors.JOSEAlgNotAllowed) {
        throw refused(ApiErrorCode.InvalidToken, `token algorithm is not ${SIGNING_ALGORITHM}`);
      }
      if (err instanceof errors.JWSSignatureVerificationFailed) {
        throw refused(ApiErrorCode.InvalidToken, 'token signature is invalid');
      }
      throw refused(ApiErrorCode.InvalidToken, 'token is not a well-formed signed JWT');
    }
  }
}
