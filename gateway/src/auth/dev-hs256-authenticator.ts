import { errors as joseErrors, jwtVerify } from 'jose';
import {
  AuthFailure,
  type AuthResult,
  type Authenticator,
  type HandshakeRequest,
  type Identity,
} from './identity.js';
import { extractToken } from './token-transport.js';

export interface DevHs256Options {
  readonly secret: string;
  readonly roomsClaim: string;
  readonly issuer: string | undefined;
  readonly audience: string | undefined;
  readonly allowedOrigins: readonly string[];
}

/**
 * FOR DEVELOPMENT ONLY. Verifies HS256 tokens signed with a shared secret inside the gateway
 * process. Production gateways use the auth sidecar (asymmetric keys, JWKS, rate limits); this
 * exists so the data plane can run and be tested on its own.
 */
export class DevHs256Authenticator implements Authenticator {
  private readonly key: Uint8Array;

  constructor(private readonly options: DevHs256Options) {
    this.key = new TextEncoder().encode(options.secret);
  }

  authenticate(request: HandshakeRequest): Promise<AuthResult> {
    const origin = request.headers['origin'];
    if (
      this.options.allowedOrigins.length > 0 &&
      typeof origin === 'string' &&
      !this.options.allowedOrigins.includes(origin)
    ) {
      return Promise.resolve({
        ok: false,
        reason: AuthFailure.OriginNotAllowed,
        message: `origin ${origin} is not allowed`,
      });
    }
    const token = extractToken(request.headers);
    if (token === undefined) {
      return Promise.resolve({
        ok: false,
        reason: AuthFailure.MissingToken,
        message: 'no bearer token (Authorization header or cmf.token.<jwt> subprotocol)',
      });
    }
    return this.verify(token);
  }

  refresh(token: string, current: Identity): Promise<AuthResult> {
    return this.verify(token).then((result) =>
      result.ok && result.identity.userId !== current.userId
        ? {
            ok: false,
            reason: AuthFailure.InvalidToken,
            message: 'a refreshed token must name the same user',
          }
        : result,
    );
  }

  private async verify(token: string): Promise<AuthResult> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        requiredClaims: ['exp', 'sub'],
        ...(this.options.issuer === undefined ? {} : { issuer: this.options.issuer }),
        ...(this.options.audience === undefined ? {} : { audience: this.options.audience }),
      });
      const claim = payload[this.options.roomsClaim];
      const rooms = Array.isArray(claim) ? claim.filter((r): r is string => typeof r === 'string') : [];
      const identity: Identity = {
        userId: payload.sub ?? '',
        expiresAt: payload.exp === undefined ? undefined : payload.exp * 1000,
        rooms: new Set(rooms),
      };
      return { ok: true, identity };
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) {
        return { ok: false, reason: AuthFailure.TokenExpired, message: 'token expired' };
      }
      const code = err instanceof joseErrors.JOSEError ? err.code : 'ERR_UNKNOWN';
      return { ok: false, reason: AuthFailure.InvalidToken, message: `token rejected (${code})` };
    }
  }
}
