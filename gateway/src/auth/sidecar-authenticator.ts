import {
  AuthFailure,
  type AuthResult,
  type Authenticator,
  type HandshakeRequest,
  type Identity,
} from './identity.js';

export interface SidecarAuthenticatorOptions {
  /** http://127.0.0.1:8081: the sidecar listens on loopback only. */
  readonly baseUrl: string;
  readonly timeoutMs: number;
  /** Sent as `Authorization: Bearer`, when the sidecar requires a client token. */
  readonly token?: string;
}

const FAILURES = new Set<string>(Object.values(AuthFailure));

/** Only these headers leave the gateway: the sidecar needs nothing else to decide. */
const FORWARDED_HEADERS = ['authorization', 'sec-websocket-protocol', 'origin'] as const;

/** The handshake headers the sidecar reads, one string each; nothing else of the request. */
export function forwardedHeaders(
  headers: HandshakeRequest['headers'],
): Partial<Record<(typeof FORWARDED_HEADERS)[number], string>> {
  const forwarded: Partial<Record<(typeof FORWARDED_HEADERS)[number], string>> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = headers[name];
    const joined = Array.isArray(value) ? value.join(', ') : value;
    if (joined !== undefined) forwarded[name] = joined;
  }
  return forwarded;
}

interface SidecarAnswer {
  ok?: unknown;
  identity?: { userId?: unknown; expiresAt?: unknown; rooms?: unknown };
  reason?: unknown;
  message?: unknown;
}

function unavailable(message: string): AuthResult {
  return { ok: false, reason: AuthFailure.Unavailable, message };
}

/**
 * Asks the pod's auth sidecar to authenticate each handshake and in-band refresh. Fails closed:
 * no answer in time, or an answer it cannot read, refuses the client (503), because an upgrade
 * must never complete on a guess. Identity comes only from the sidecar's answer, never from
 * client-supplied headers.
 */
export class SidecarAuthenticator implements Authenticator {
  private readonly headers: Readonly<Record<string, string>>;

  constructor(private readonly options: SidecarAuthenticatorOptions) {
    this.headers = {
      'content-type': 'application/json',
      ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
    };
  }

  authenticate(request: HandshakeRequest): Promise<AuthResult> {
    const query = request.query;
    return this.call('/v1/authenticate', {
      headers: forwardedHeaders(request.headers),
      remoteAddress: request.remoteAddress,
      ...(query === undefined ? {} : { query }),
    });
  }

  refresh(token: string, current: Identity): Promise<AuthResult> {
    return this.call('/v1/refresh', { token, userId: current.userId });
  }

  private async call(path: string, body: unknown): Promise<AuthResult> {
    let res: Response;
    try {
      res = await fetch(new URL(path, this.options.baseUrl), {
        method: 'POST',
        headers: this.headers,
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (err) {
      const timedOut = err instanceof Error && err.name === 'TimeoutError';
      return unavailable(
        timedOut
          ? `auth sidecar did not answer within ${this.options.timeoutMs} ms`
          : 'auth sidecar unreachable',
      );
    }
    let answer: SidecarAnswer;
    try {
      answer = (await res.json()) as SidecarAnswer;
    } catch {
      return unavailable(`auth sidecar answered ${res.status} without JSON`);
    }
    if (res.ok && answer.ok === true) {
      const identity = answer.identity;
      if (
        typeof identity?.userId !== 'string' ||
        identity.userId === '' ||
        !(
          typeof identity.expiresAt === 'number' ||
          identity.expiresAt === null ||
          identity.expiresAt === undefined
        ) ||
        !Array.isArray(identity.rooms)
      ) {
        return unavailable('auth sidecar answered an identity the gateway cannot read');
      }
      return {
        ok: true,
        identity: {
          userId: identity.userId,
          expiresAt: typeof identity.expiresAt === 'number' ? identity.expiresAt : undefined,
          rooms: new Set(identity.rooms.filter((r): r is string => typeof r === 'string')),
        },
      };
    }
    if (typeof answer.reason === 'string' && FAILURES.has(answer.reason)) {
      return {
        ok: false,
        reason: answer.reason as AuthFailure,
        message: typeof answer.message === 'string' ? answer.message : answer.reason,
      };
    }
    return unavailable(`auth sidecar answered ${res.status} with no known reason`);
  }
}
