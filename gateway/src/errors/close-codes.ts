/**
 * The WebSocket close codes the gateway sends, with what the client should do next. Like
 * Centrifuge's disconnect codes, the range carries the decision so that a client that does not
 * know a code still acts right:
 *   4000-4499 reconnect, with backoff and jitter (and a fresh token for `token_expired`);
 *   4500-4999 terminal: do not reconnect without user action (sign in again, fix the client).
 * `reason` is the close reason sent with the code; the WebSocket close frame limits it to 123
 * bytes (see close-reason.ts for adding a detail safely).
 */

export interface CloseCodeInfo {
  readonly code: number;
  readonly reconnect: boolean;
  readonly reason: string;
  readonly description: string;
}

export const CloseCodes = {
  shutdown: {
    code: 4000,
    reconnect: true,
    reason: 'server shutting down; reconnect elsewhere',
    description: 'The replica is draining (deploy, scale-in); reconnect and resubscribe with `since`.',
  },
  slow_consumer: {
    code: 4001,
    reconnect: true,
    reason: 'slow consumer',
    description:
      'The client read too slowly and its send buffer passed the high-water mark; pending frames were dropped.',
  },
  too_many_commands: {
    code: 4002,
    reconnect: true,
    reason: 'too many commands',
    description: 'The client kept sending frames past the rate limit (`limits.commandsPerSecond`).',
  },
  heartbeat_timeout: {
    code: 4003,
    reconnect: true,
    reason: 'heartbeat timeout',
    description: 'No pong to the server ping within `heartbeatMs`; the connection is considered dead.',
  },
  server_error: {
    code: 4004,
    reconnect: true,
    reason: 'server error',
    description: 'The gateway hit an internal error on this connection.',
  },
  token_expired: {
    code: 4005,
    reconnect: true,
    reason: 'token expired',
    description: 'The token expired without an in-band `refresh`; reconnect with a new token.',
  },
  protocol_violation: {
    code: 4500,
    reconnect: false,
    reason: 'protocol violation',
    description:
      'The client sent frames that are not protocol JSON (binary, not UTF-8, not JSON, not an object).',
  },
  unauthorized: {
    code: 4501,
    reconnect: false,
    reason: 'unauthorized',
    description: 'The identity was rejected after connecting (e.g. the token was revoked); sign in again.',
  },
  forbidden: {
    code: 4502,
    reconnect: false,
    reason: 'forbidden',
    description: 'The user may not use the gateway (e.g. banned).',
  },
  frame_too_large: {
    code: 4503,
    reconnect: false,
    reason: 'frame too large',
    description:
      'A frame was larger than `limits.maxFrameBytes` (the WebSocket layer may close with 1009 instead).',
  },
} as const satisfies Readonly<Record<string, CloseCodeInfo>>;

export type CloseCodeName = keyof typeof CloseCodes;
export type CloseCode = (typeof CloseCodes)[CloseCodeName]['code'];

export const RECONNECT_CLOSE_CODES = { min: 4000, max: 4499 } as const;
export const TERMINAL_CLOSE_CODES = { min: 4500, max: 4999 } as const;

/**
 * Standard codes that mean the client's own frames were refused by the WebSocket layer (ws closes
 * with these before the gateway sees the frame: 1002 bad framing, 1003 unacceptable data, 1007
 * text not UTF-8, 1008 policy, 1009 frame above `maxPayload`). Reconnecting would fail the same way.
 */
const TERMINAL_STANDARD_CODES: ReadonlySet<number> = new Set([1002, 1003, 1007, 1008, 1009]);

/** The table entry of a received close code, when it is one of ours. */
export function closeCodeName(code: number): CloseCodeName | undefined {
  for (const name of Object.keys(CloseCodes) as CloseCodeName[]) {
    if (CloseCodes[name].code === code) return name;
  }
  return undefined;
}

/**
 * Whether a client should reconnect after a close with this code. Decided by range for 4000-4999
 * so that codes added later are handled by old clients; other standard codes (1001 going away,
 * 1006 no close frame, 1011, 1012, 1013) are transient.
 */
export function shouldReconnect(code: number): boolean {
  if (code >= TERMINAL_CLOSE_CODES.min && code <= TERMINAL_CLOSE_CODES.max) return false;
  if (code >= RECONNECT_CLOSE_CODES.min && code <= RECONNECT_CLOSE_CODES.max) return true;
  return !TERMINAL_STANDARD_CODES.has(code);
}
