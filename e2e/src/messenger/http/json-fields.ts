import { ApiError, ApiErrorCode } from './api-error.js';

/**
 * Validation helpers for request bodies: each failure is a 400 bad_request naming the field, so
 * a client learns what to fix from one answer.
 */
export function requireObject(value: unknown, what = 'body'): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError(ApiErrorCode.BadRequest, `${what} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

export function rejectUnknownFields(
  body: Readonly<Record<string, unknown>>,
  allowed: readonly string[],
): void {
  const unknown = Object.keys(body).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw new ApiError(
      ApiErrorCode.BadRequest,
      `unknown field ${JSON.stringify(unknown[0])}; allowed: ${allowed.join(', ')}`,
    );
  }
}

export function badField(field: string, expected: string): ApiError {
  return new ApiError(ApiErrorCode.BadRequest, `${field} must be ${expected}`);
}
