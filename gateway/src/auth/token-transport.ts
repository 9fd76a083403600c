import { SUBPROTOCOL } from '../protocol/index.js';

/** Prefix of a Sec-WebSocket-Protocol entry that carries the token (browsers cannot set headers). */
export const TOKEN_PROTOCOL_PREFIX = 'cmf.token.';

function headerValue(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  name: string,
): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The offered subprotocols, trimmed, in order. */
export function offeredProtocols(headers: Readonly<Record<string, string | string[] | undefined>>): string[] {
  const raw = headerValue(headers, 'sec-websocket-protocol');
  return raw === undefined
    ? []
    : raw
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p.length > 0);
}

/**
 * The bearer token of a handshake: the Authorization header, else a `cmf.token.<jwt>`
 * subprotocol entry. The gateway never echoes the token entry back; it answers with the real
 * protocol only.
 */
export function extractToken(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): string | undefined {
  const auth = headerValue(headers, 'authorization');
  if (auth !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(auth.trim());
    if (match?.[1] !== undefined) return match[1];
  }
  const entry = offeredProtocols(headers).find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX));
  return entry?.slice(TOKEN_PROTOCOL_PREFIX.length);
}

/** True when the client offered the protocol this gateway speaks. */
export function offersSubprotocol(headers: Readonly<Record<string, string | string[] | undefined>>): boolean {
  return offeredProtocols(headers).includes(SUBPROTOCOL);
}
