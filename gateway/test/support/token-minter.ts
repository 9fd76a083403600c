import { SignJWT } from 'jose';
import type { SigningKey } from './signing-key.js';

/** Seconds since the epoch, as JWT time claims count. */
export const epochSeconds = (): number => Math.floor(Date.now() / 1000);

/** What every token of a minter carries unless a call says otherwise. */
export interface TokenDefaults {
  readonly key: SigningKey;
  readonly issuer: string;
  readonly audience: string;
  readonly subject: string;
  /** Extra claims on every token, e.g. a rooms claim. */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** Lifetime of a token without an explicit `exp`. Default 300 s. */
  readonly ttlSeconds?: number;
}

export interface MintOptions {
  readonly key?: SigningKey;
  readonly iss?: string;
  readonly aud?: string;
  /** null: no `sub` claim at all. */
  readonly sub?: string | null;
  /** Epoch seconds; null: no `exp` claim at all. */
  readonly exp?: number | null;
  readonly nbf?: number;
  readonly kid?: string;
  readonly header?: Readonly<Record<string, unknown>>;
  readonly claims?: Readonly<Record<string, unknown>>;
}

/**
 * Signs JWTs the way an identity provider would, and the malformed and forged ones an attacker
 * would. Remembers every token it made, so a test can prove none of them ever reached a log.
 */
export class TokenMinter {
  readonly minted: string[] = [];

  constructor(readonly defaults: TokenDefaults) {}

  async mint(options: MintOptions = {}): Promise<string> {
    const key = options.key ?? this.defaults.key;
    const claims: Record<string, unknown> = {
      iss: options.iss ?? this.defaults.issuer,
      aud: options.aud ?? this.defaults.audience,
      ...this.defaults.claims,
      ...options.claims,
    };
    if (options.sub !== null) claims['sub'] = options.sub ?? this.defaults.subject;
    if (options.exp !== null) claims['exp'] = options.exp ?? epochSeconds() + this.ttlSeconds;
    if (options.nbf !== undefined) claims['nbf'] = options.nbf;
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: key.alg, kid: options.kid ?? key.kid, ...options.header })
      .sign(key.privateKey);
    return this.remember(token);
  }

  /** An HS256 token keyed with `secret` (a shared-secret issuer, or a key-confusion attack). */
  async mintHs256(
    secret: string | Uint8Array,
    claims: Readonly<Record<string, unknown>>,
    kid?: string,
  ): Promise<string> {
    const key = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
    const token = await new SignJWT({
      aud: this.defaults.audience,
      sub: this.defaults.subject,
      exp: epochSeconds() + this.ttlSeconds,
      ...claims,
    })
      .setProtectedHeader(kid === undefined ? { alg: 'HS256' } : { alg: 'HS256', kid })
      .sign(key);
    return this.remember(token);
  }

  /** An unsigned token with whatever header, claims and signature the test wants. */
  forge(
    header: Readonly<Record<string, unknown>>,
    claims: Readonly<Record<string, unknown>>,
    signature = '',
  ): string {
    const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    return this.remember(`${part(header)}.${part(claims)}.${signature}`);
  }

  private get ttlSeconds(): number {
    return this.defaults.ttlSeconds ?? 300;
  }

  private remember(token: string): string {
    this.minted.push(token);
    return token;
  }
}
