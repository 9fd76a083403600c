/**
 * Why a raw WebSocket failed. Codes are stable: callers branch on them, never on the message.
 * None is retriable by the client itself: the benchmark counts a failed socket and moves on.
 */
export const RawWsErrorCodes = {
  /** The URL is not `ws://host[:port]/path`: TLS and other schemes are not spoken. */
  unsupportedUrl: 'RAW_WS_UNSUPPORTED_URL',
  /** The server answered the upgrade with another status; `status` and `body` say what. */
  handshakeRefused: 'RAW_WS_HANDSHAKE_REFUSED',
  /** The server answered 101 but broke RFC 6455 (accept key, upgrade headers, subprotocol). */
  handshakeInvalid: 'RAW_WS_HANDSHAKE_INVALID',
  /** No complete answer to the upgrade within the handshake timeout. */
  handshakeTimeout: 'RAW_WS_HANDSHAKE_TIMEOUT',
  /** A frame the client does not accept (masked, fragmented, binary, reserved bits, ...). */
  protocol: 'RAW_WS_PROTOCOL_ERROR',
  /** The TCP socket failed (refused, reset, ...). */
  socket: 'RAW_WS_SOCKET_ERROR',
  /** A frame was to be sent while the connection is not open. */
  notOpen: 'RAW_WS_NOT_OPEN',
} as const;

export type RawWsErrorCode = (typeof RawWsErrorCodes)[keyof typeof RawWsErrorCodes];

export class RawWsError extends Error {
  override readonly name = 'RawWsError';

  constructor(
    readonly code: RawWsErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The server refused the upgrade: its HTTP status and body, read whole (Content-Length or end). */
export class HandshakeRefusedError extends RawWsError {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(RawWsErrorCodes.handshakeRefused, `handshake refused: HTTP ${String(status)} ${body}`);
  }
}
