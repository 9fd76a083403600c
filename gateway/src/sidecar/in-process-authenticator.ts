import type { AuthResult, Authenticator, HandshakeRequest, Identity } from '../auth/index.js';
import { forwardedHeaders } from '../auth/sidecar-authenticator.js';
import type { Decision } from './decision.js';
import type { SidecarApi } from './sidecar-server.js';

function toResult(decision: Decision): AuthResult {
  if (!decision.ok) return { ok: false, reason: decision.reason, message: decision.message };
  const { userId, expiresAt, rooms } = decision.identity;
  return { ok: true, identity: { userId, expiresAt, rooms: new Set(rooms) } };
}

/**
 * The sidecar's decisions as a gateway Authenticator, without the loopback HTTP hop: the same
 * checks in the gateway's own process. It exists to measure what the hop costs (the handshake
 * benchmark's baseline); a pod runs the sidecar, which keeps key handling and JWT crypto off the
 * fan-out event loop.
 */
export class InProcessAuthenticator implements Authenticator {
  constructor(private readonly decisions: SidecarApi) {}

  async authenticate(request: HandshakeRequest): Promise<AuthResult> {
    return toResult(
      await this.decisions.authenticate({
        headers: forwardedHeaders(request.headers),
        query: request.query,
        remoteAddress: request.remoteAddress,
      }),
    );
  }

  async refresh(token: string, current: Identity): Promise<AuthResult> {
    return toResult(await this.decisions.refresh({ token, userId: current.userId }));
  }
}
