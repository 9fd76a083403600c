import { extractToken } from '../auth/token-transport.js';
import { AuthDetail } from './auth-detail.js';

/** The handshake headers the sidecar reads; every other client header is ignored. */
export interface HandshakeHeaders {
  readonly authorization?: string;
  readonly 'sec-websocket-protocol'?: string;
  readonly origin?: string;
}

export type TokenLookup =
  | { readonly found: true; readonly token: string }
  | {
      readonly found: false;
      readonly detail:
        typeof AuthDetail.NoToken | typeof AuthDetail.QueryTokenDisabled | typeof AuthDetail.Malformed;
    };

/** The query-string parameter of RFC 6750 2.3. */
export const QUERY_TOKEN_PARAM = 'access_token';

/**
 * Where a handshake's token is, in order of preference: `Authorization: Bearer`, else a
 * `cmf.token.<jwt>` subprotocol entry (the gateway's own rule, shared code), else, only when
 * enabled, `access_token` in the query string. A query token while disabled is reported as its
 * own detail, so a client that relies on it learns why.
 */
export function findToken(
  headers: HandshakeHeaders,
  query: string | undefined,
  queryTokenEnabled: boolean,
): TokenLookup {
  const token = extractToken({ ...headers });
  if (token !== undefined && token !== '') return { found: true, token };
  if (query === undefined || query === '') return { found: false, detail: AuthDetail.NoToken };
  const values = new URLSearchParams(query).getAll(QUERY_TOKEN_PARAM);
  if (values.length === 0) return { found: false, detail: AuthDetail.NoToken };
  if (!queryTokenEnabled) return { found: false, detail: AuthDetail.QueryTokenDisabled };
  // Two tokens: which one the client meant is a guess, and we do not guess.
  if (values.length > 1) return { found: false, detail: AuthDetail.Malformed };
  const value = values[0] ?? '';
  return value === '' ? { found: false, detail: AuthDetail.NoToken } : { found: true, token: value };
}
