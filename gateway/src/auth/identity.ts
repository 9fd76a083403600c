/** Who a connection belongs to, as established at the handshake (or the last in-band refresh). */
export interface Identity {
  readonly userId: string;
  /** Token expiry in epoch ms; the connection is closed then unless refreshed. */
  readonly expiresAt: number | undefined;
  /** Rooms the token itself grants; other rooms need the membership check. */
  readonly rooms: ReadonlySet<string>;
}

/** The parts of an HTTP upgrade request authentication looks at (no socket, easy to fake). */
export interface HandshakeRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly remoteAddress: string;
  /** The raw query string (without `?`), for the opt-in query-string token transport. */
  readonly query?: string;
}

export const AuthFailure = {
  MissingToken: 'missing_token',
  InvalidToken: 'invalid_token',
  TokenExpired: 'token_expired',
  OriginNotAllowed: 'origin_not_allowed',
  RateLimited: 'rate_limited',
  Unavailable: 'auth_unavailable',
  /** A membership event banned this user; their tokens are refused until the ban lapses. */
  UserBanned: 'user_banned',
} as const;
export type AuthFailure = (typeof AuthFailure)[keyof typeof AuthFailure];

/** HTTP status answered before the upgrade for each failure. */
export const authFailureStatus: Readonly<Record<AuthFailure, number>> = {
  missing_token: 401,
  invalid_token: 401,
  token_expired: 401,
  origin_not_allowed: 403,
  rate_limited: 429,
  auth_unavailable: 503,
  user_banned: 403,
};

export type AuthResult =
  | { readonly ok: true; readonly identity: Identity }
  | { readonly ok: false; readonly reason: AuthFailure; readonly message: string };

/** Establishes identity at the handshake and on in-band token refresh. */
export interface Authenticator {
  authenticate(request: HandshakeRequest): Promise<AuthResult>;
  refresh(token: string, current: Identity): Promise<AuthResult>;
}

export type RoomDecision =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly code: 'forbidden' | 'membership_unavailable';
      readonly message: string;
    };

/** Decides, per room, whether an identity may read it. */
export interface Authorizer {
  authorize(identity: Identity, rooms: readonly string[]): Promise<ReadonlyMap<string, RoomDecision>>;
}
