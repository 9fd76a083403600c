import {
  AuthFailure,
  type AuthResult,
  type Authenticator,
  type HandshakeRequest,
  type Identity,
} from '../auth/index.js';
import type { Revocations } from './revocations.js';

/**
 * Refuses the handshakes and in-band refreshes of users a `user_banned` event named, whatever
 * token they present: their old tokens stay valid until they expire, so the ban must be held here.
 */
export class BanAwareAuthenticator implements Authenticator {
  constructor(
    private readonly inner: Authenticator,
    private readonly revocations: Revocations,
  ) {}

  async authenticate(request: HandshakeRequest): Promise<AuthResult> {
    return this.checked(await this.inner.authenticate(request));
  }

  async refresh(token: string, current: Identity): Promise<AuthResult> {
    return this.checked(await this.inner.refresh(token, current));
  }

  private checked(result: AuthResult): AuthResult {
    if (!result.ok || !this.revocations.isBanned(result.identity.userId)) return result;
    return { ok: false, reason: AuthFailure.UserBanned, message: 'this user is banned' };
  }
}
