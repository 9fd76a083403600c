/**
 * Every refusal of the stand-in has a stable code and one HTTP status, kept in this one table so
 * tests and clients branch on the code, never on the message. The body is always
 * `{ "error": { "code", "message" } }` (the membership API wraps it in RFC 9457 problem details).
 */
export const ApiErrorCode = {
  BadJson: 'bad_json',
  BadRequest: 'bad_request',
  UnsupportedMediaType: 'unsupported_media_type',
  BodyTooLarge: 'body_too_large',
  MissingToken: 'missing_token',
  InvalidToken: 'invalid_token',
  TokenExpired: 'token_expired',
  NotAMember: 'not_a_member',
  NotAdmin: 'not_admin',
  UserBanned: 'user_banned',
  NotFound: 'not_found',
  RoomNotFound: 'room_not_found',
  MethodNotAllowed: 'method_not_allowed',
  RoomExists: 'room_exists',
  KafkaUnavailable: 'kafka_unavailable',
  NotReady: 'not_ready',
  InjectedFault: 'injected_fault',
  Internal: 'internal',
} as const;
export type ApiErrorCode = (typeof ApiErrorCode)[keyof typeof ApiErrorCode];

export const API_ERROR_STATUS: { readonly [C in ApiErrorCode]: number } = {
  bad_json: 400,
  bad_request: 400,
  unsupported_media_type: 415,
  body_too_large: 413,
  missing_token: 401,
  invalid_token: 401,
  token_expired: 401,
  not_a_member: 403,
  not_admin: 403,
  user_banned: 403,
  not_found: 404,
  room_not_found: 404,
  method_not_allowed: 405,
  room_exists: 409,
  kafka_unavailable: 503,
  not_ready: 503,
  injected_fault: 503,
  internal: 500,
};

/** Retrying the same request later can succeed (Kafka back, a fault cleared). */
const RETRYABLE: ReadonlySet<ApiErrorCode> = new Set([
  ApiErrorCode.KafkaUnavailable,
  ApiErrorCode.NotReady,
  ApiErrorCode.InjectedFault,
  ApiErrorCode.Internal,
]);

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly retryable: boolean;

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    /** Extra response headers, e.g. `allow` on a 405 or `www-authenticate` on a 401. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.status = API_ERROR_STATUS[code];
    this.retryable = RETRYABLE.has(code);
  }
}

export interface ErrorBody {
  readonly error: { readonly code: ApiErrorCode; readonly message: string };
}

export function errorBody(error: ApiError): ErrorBody {
  return { error: { code: error.code, message: error.message } };
}
