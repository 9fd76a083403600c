import { isIP } from 'node:net';
import type { HandshakeHeaders } from './find-token.js';
import type { AuthenticateRequest, RefreshRequest } from './handshake-authenticator.js';

export type BodyResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

const READ_HEADERS = ['authorization', 'sec-websocket-protocol', 'origin'] as const;
// Longer than any IPv6 address with a zone id; keeps garbage out of the limiter's keys.
const MAX_ADDRESS_LENGTH = 64;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function bad<T>(message: string): BodyResult<T> {
  return { ok: false, message };
}

/**
 * Validates a `POST /v1/authenticate` body. Header names are matched case-insensitively and only
 * `authorization`, `sec-websocket-protocol` and `origin` are read; messages never quote values
 * (they may be tokens).
 */
export function parseAuthenticateBody(body: unknown): BodyResult<AuthenticateRequest> {
  if (!isRecord(body)) return bad('expected a JSON object { headers, remoteAddress, query? }');
  const rawHeaders = body['headers'];
  if (!isRecord(rawHeaders)) return bad('headers: expected an object of header name to string');
  const headers: Record<string, string> & HandshakeHeaders = {};
  for (const [name, value] of Object.entries(rawHeaders)) {
    const lower = name.toLowerCase();
    if (!(READ_HEADERS as readonly string[]).includes(lower) || value === undefined || value === null)
      continue;
    if (typeof value !== 'string') return bad(`headers.${lower}: expected a string`);
    if (lower in headers) return bad(`headers.${lower}: given twice (names are case-insensitive)`);
    headers[lower] = value;
  }
  const query = body['query'];
  if (query !== undefined && query !== null && typeof query !== 'string') {
    return bad('query: expected the raw query string or nothing');
  }
  const remoteAddress = body['remoteAddress'];
  if (typeof remoteAddress !== 'string' || remoteAddress.length > MAX_ADDRESS_LENGTH) {
    return bad('remoteAddress: expected the client IP address');
  }
  const zone = remoteAddress.indexOf('%');
  if (isIP(zone < 0 ? remoteAddress : remoteAddress.slice(0, zone)) === 0) {
    return bad('remoteAddress: expected the client IP address');
  }
  return {
    ok: true,
    value: {
      headers,
      query: typeof query === 'string' ? query : undefined,
      remoteAddress,
    },
  };
}

/** Validates a `POST /v1/refresh` body. */
export function parseRefreshBody(body: unknown): BodyResult<RefreshRequest> {
  if (!isRecord(body)) return bad('expected a JSON object { token, userId }');
  const { token, userId } = body;
  if (typeof token !== 'string' || token === '') return bad('token: expected a non-empty string');
  if (typeof userId !== 'string' || userId === '') return bad('userId: expected a non-empty string');
  return { ok: true, value: { token, userId } };
}
