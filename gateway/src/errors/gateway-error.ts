import { ErrorCodes, type ErrorCode } from './error-codes.js';
import { errorPayload, type ErrorPayload } from './error-payload.js';

export interface GatewayErrorOptions {
  /** The room the error is about, when it is about one. */
  readonly room?: string;
  readonly cause?: unknown;
}

/**
 * Base of every error the gateway reports to a client. `code` and `retryable` come from the
 * error-code table, so callers (and retry logic) read the flag, never the message.
 */
export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly room: string | undefined;

  constructor(code: ErrorCode, message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.retryable = ErrorCodes[code].retryable;
    this.room = options.room;
  }

  /** The numeric code from the table. */
  get number(): number {
    return ErrorCodes[this.code].number;
  }

  toErrorPayload(): ErrorPayload {
    return errorPayload(this.code, this.message);
  }
}

/** The codes a frame decoder can reject a frame with. */
export type ProtocolErrorCode = Extract<ErrorCode, 'bad_frame' | 'unknown_type' | 'frame_too_large'>;

export interface ProtocolErrorOptions {
  /** The `id` of the rejected frame, when it could be read: the `error` reply carries it. */
  readonly frameId?: number;
  /**
   * True when the peer does not speak the protocol at all (binary, not UTF-8, not JSON, not an
   * object, too large): nothing can be answered, the connection is closed (4500, or 4503 for
   * `frame_too_large`). False for a well-formed JSON object with a bad field: answer with an
   * `error` frame and keep the connection.
   */
  readonly fatal?: boolean;
  readonly cause?: unknown;
}

/** A client frame that could not be decoded. */
export class ProtocolError extends GatewayError {
  declare readonly code: ProtocolErrorCode;
  readonly frameId: number | undefined;
  readonly fatal: boolean;

  constructor(code: ProtocolErrorCode, message: string, options: ProtocolErrorOptions = {}) {
    super(code, message, options.cause === undefined ? {} : { cause: options.cause });
    this.name = 'ProtocolError';
    this.frameId = options.frameId;
    this.fatal = options.fatal ?? false;
  }
}
