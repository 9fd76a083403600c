import {
  decodeJwt,
  decodeProtectedHeader,
  jwtVerify,
  type JWTPayload,
  type ProtectedHeaderParameters,
} from 'jose';
import type { Logger } from '../log/index.js';
import { isRoomId } from '../protocol/identifiers.js';
import { AuthDetail } from './auth-detail.js';
import { classifyVerifyError } from './classify-verify-error.js';
import { refuse, type Decision } from './decision.js';
import type { IssuerConfig } from './issuer-config.js';
import { isJwsAlgorithm } from './jws-algorithm.js';
import type { KeySource } from './key-source.js';

/** The checks that apply to every issuer's tokens. */
export interface TokenPolicy {
  readonly clockToleranceMs: number;
  readonly maxBytes: number;
  /** 0: no limit. */
  readonly maxAgeMs: number;
  readonly typ: string | undefined;
  readonly roomsClaim: string;
}

export interface TrustedIssuer {
  readonly config: IssuerConfig;
  readonly keys: KeySource;
}

// Three base64url segments: a JWS in compact form. A JWE (five segments), JSON serialisation or
// stray characters are refused before anything is decoded.
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
/** Header parameters that carry or point at a key: trusting them lets the token choose its own key. */
const EMBEDDED_KEY_HEADERS = ['jwk', 'jku', 'x5u', 'x5c'] as const;
/** No real kid or user id comes close; longer ones are refused rather than carried around. */
const MAX_ID_LENGTH = 1024;

/** jose's `typ` option, present only when a `typ` is required. */
function typCheck(typ: string | undefined): { typ?: string } {
  return typ === undefined ? {} : { typ };
}

/**
 * Verifies one bearer token against the configured issuers. The order matters and is the
 * defence: size before parsing; shape, embedded keys and the algorithm allow-list before any key
 * is looked up; the issuer (from the unverified `iss`) selects which keys and which algorithms
 * are even considered, so an HS256 token never meets an RSA public key and issuer A's kid never
 * matches under issuer B; then jose checks the signature and the claims (exp required).
 */
export class TokenVerifier {
  private readonly issuers: ReadonlyMap<string, TrustedIssuer>;

  constructor(
    issuers: readonly TrustedIssuer[],
    private readonly policy: TokenPolicy,
    private readonly logger: Logger,
  ) {
    this.issuers = new Map(issuers.map((issuer) => [issuer.config.issuer, issuer]));
  }

  async verify(token: string): Promise<Decision> {
    if (token.length > this.policy.maxBytes || Buffer.byteLength(token, 'utf8') > this.policy.maxBytes) {
      return refuse(AuthDetail.TokenTooLarge, `at most ${this.policy.maxBytes} bytes`);
    }
    if (!COMPACT_JWS.test(token)) return refuse(AuthDetail.Malformed);
    let header: ProtectedHeaderParameters;
    let claims: JWTPayload;
    try {
      header = decodeProtectedHeader(token);
      claims = decodeJwt(token);
    } catch {
      return refuse(AuthDetail.Malformed);
    }
    if (EMBEDDED_KEY_HEADERS.some((name) => name in header)) return refuse(AuthDetail.EmbeddedKeyHeader);
    const alg = header.alg;
    if (!isJwsAlgorithm(alg)) return refuse(AuthDetail.AlgNotAllowed);
    const kid: unknown = header.kid;
    if (kid !== undefined && (typeof kid !== 'string' || kid.length > MAX_ID_LENGTH)) {
      return refuse(AuthDetail.UnknownKid);
    }
    const iss = claims.iss;
    if (iss === undefined) return refuse(AuthDetail.MissingIss);
    const issuer = typeof iss === 'string' ? this.issuers.get(iss) : undefined;
    if (issuer === undefined) return refuse(AuthDetail.WrongIssuer);
    const config = issuer.config;
    if (!config.algorithms.includes(alg)) {
      return refuse(
        AuthDetail.AlgNotAllowed,
        `issuer ${config.issuer} accepts ${config.algorithms.join(', ')}`,
      );
    }

    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, issuer.keys.getKey, {
        algorithms: [...config.algorithms],
        issuer: config.issuer,
        audience: [...config.audience],
        requiredClaims: ['exp', 'sub'],
        clockTolerance: this.policy.clockToleranceMs / 1000,
        ...(this.policy.maxAgeMs > 0 ? { maxTokenAge: this.policy.maxAgeMs / 1000 } : {}),
        ...typCheck(config.typ ?? this.policy.typ),
      }));
    } catch (err) {
      const detail = classifyVerifyError(err);
      // The failed fetch itself is logged once per attempt by the key source; one line per
      // refused handshake during an outage would drown it.
      if (detail === AuthDetail.JwksUnavailable) {
        this.logger.debug('token refused: issuer keys unavailable', { issuer: config.issuer, error: err });
      } else if (detail === AuthDetail.Unverifiable) {
        this.logger.warn('token refused: unexpected verification error', {
          issuer: config.issuer,
          error: err,
        });
      }
      return refuse(detail, detail === AuthDetail.JwksUnavailable ? `issuer ${config.issuer}` : undefined);
    }

    const sub = payload.sub;
    if (sub === '') return refuse(AuthDetail.MissingSub);
    if (typeof sub !== 'string' || sub.length > MAX_ID_LENGTH) return refuse(AuthDetail.InvalidClaim);
    // jose has checked that exp is present and a number.
    const exp = payload.exp ?? 0;
    const grants: unknown = payload[config.roomsClaim ?? this.policy.roomsClaim];
    // Only valid room ids can ever be subscribed; anything else in the claim is dropped, not an error.
    const rooms = Array.isArray(grants) ? [...new Set(grants.filter(isRoomId))] : [];
    return {
      ok: true,
      identity: { userId: sub, expiresAt: Math.floor(exp * 1000), rooms },
      issuer: config.issuer,
    };
  }
}
