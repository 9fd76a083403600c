import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { SIGNING_ALGORITHM, type SigningKey } from './signing-key.js';

export interface DemoTokenRequest {
  readonly userId: string;
  /** The rooms claim: rooms the gateway lets the token read without asking the membership API. */
  readonly rooms: readonly string[] | undefined;
  readonly ttlSeconds: number;
}

export interface DemoToken {
  readonly token: string;
  readonly expiresAt: number;
}

/**
 * Signs demo and test tokens, as an identity provider would: iss, aud, sub, iat, exp, jti and
 * (when asked) the rooms claim, with a kid so verifiers pick the key from the JWKS.
 */
export class DemoTokenIssuer {
  constructor(
    private readonly key: SigningKey,
    private readonly issuer: string,
    private readonly audience: string,
    private readonly now: () => number = Date.now,
  ) {}

  async issue(request: DemoTokenRequest): Promise<DemoToken> {
    const issuedAt = Math.floor(this.now() / 1000);
    const expiresAt = issuedAt + request.ttlSeconds;
    const claims = request.rooms === undefined ? {} : { rooms: [...request.rooms] };
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: this.key.kid, typ: 'JWT' })
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setSubject(request.userId)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .setJti(randomUUID())
      .sign(this.key.privateKey);
    return { token, expiresAt: expiresAt * 1000 };
  }
}
