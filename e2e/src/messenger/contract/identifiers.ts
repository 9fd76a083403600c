/**
 * Identifier rules of the Kafka and membership contracts (gateway/asyncapi.yaml,
 * gateway/openapi/membership.yaml), the same patterns the gateway enforces: a room id the stand-in
 * accepted must never be one the gateway sends to its DLQ.
 */
export const ROOM_ID_PATTERN = /^[A-Za-z0-9_.:@-]{1,128}$/;
export const ROOM_ID_RULE = '1-128 characters of [A-Za-z0-9_.:@-]';

export const MESSAGE_ID_PATTERN = /^[\x21-\x7e]{1,128}$/;

/** User ids are token subjects; bounded and printable so they stay safe in logs and headers. */
export const USER_ID_PATTERN = /^[\x21-\x7e]{1,256}$/;
export const USER_ID_RULE = '1-256 printable ASCII characters without spaces';

export function isRoomId(value: unknown): value is string {
  return typeof value === 'string' && ROOM_ID_PATTERN.test(value);
}

export function isUserId(value: unknown): value is string {
  return typeof value === 'string' && USER_ID_PATTERN.test(value);
}
