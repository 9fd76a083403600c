import { AuthDetail } from './auth-detail.js';
import { clientKey } from './client-key.js';
import { refuse, type Decision } from './decision.js';
import { findToken, type HandshakeHeaders } from './find-token.js';
import type { HandshakeLimiter } from './handshake-limiter.js';
import type { OriginPolicy } from './origin-policy.js';
import type { TokenVerifier } from './token-verifier.js';

/** Body of `POST /v1/authenticate`, validated. */
export interface AuthenticateRequest {
  readonly headers: HandshakeHeaders;
  /** The raw query string of the upgrade request, without `?`. */
  readonly query: string | undefined;
  /** The client's address as the gateway determined it (an IP). */
  readonly remoteAddress: string;
}

/** Body of `POST /v1/refresh`, validated. */
export interface RefreshRequest {
  readonly token: string;
  /** The user the connection belongs to; the new token must name the same one. */
  readonly userId: string;
}

/**
 * The decision procedure for a handshake, cheapest and most abusive first: the rate limit
 * (every attempt counts, whatever its outcome), the Origin allow-list, finding the token, then
 * verifying it. Refreshes skip the first two: they happen on an already admitted connection,
 * which the gateway rate-limits per command.
 */
export class HandshakeAuthenticator {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly origins: OriginPolicy,
    private readonly limiter: HandshakeLimiter,
    private readonly queryToken: boolean,
  ) {}

  authenticate(request: AuthenticateRequest): Promise<Decision> {
    // Request validation has checked that remoteAddress is an IP, so there is always a key.
    const key = clientKey(request.remoteAddress) ?? request.remoteAddress;
    if (!this.limiter.tryTake(key)) return Promise.resolve(refuse(AuthDetail.TooManyHandshakes));
    if (!this.origins.allows(request.headers.origin))
      return Promise.resolve(refuse(AuthDetail.OriginNotListed));
    const lookup = findToken(request.headers, request.query, this.queryToken);
    if (!lookup.found) return Promise.resolve(refuse(lookup.detail));
    return this.verifier.verify(lookup.token);
  }

  async refresh(request: RefreshRequest): Promise<Decision> {
    const decision = await this.verifier.verify(request.token);
    if (decision.ok && decision.identity.userId !== request.userId) return refuse(AuthDetail.UserMismatch);
    return decision;
  }
}
