import { ErrorCodes, type ErrorCode } from './error-codes.js';

/** The `error` object of error frames, refused rooms and server-initiated unsubscribes. */
export interface ErrorPayload {
  readonly code: ErrorCode;
  readonly number: number;
  readonly message: string;
  readonly retryable: boolean;
}

/**
 * Builds a payload straight from the table, without an Error (no stack capture): the hub answers
 * per-room refusals on hot paths. The message defaults to the code's description.
 */
export function errorPayload(code: ErrorCode, message?: string): ErrorPayload {
  const info = ErrorCodes[code];
  return { code, number: info.number, message: message ?? info.description, retryable: info.retryable };
}
