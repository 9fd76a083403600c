/** Room ids: safe in URLs, metric labels and Kafka keys without escaping. */
export const ROOM_ID_PATTERN = /^[A-Za-z0-9_.:@-]{1,128}$/;
export const ROOM_ID_RULE = '1-128 characters of [A-Za-z0-9_.:@-]';

/** Message ids: printable ASCII, no spaces (they are logged and used as dedupe keys). */
export const MESSAGE_ID_PATTERN = /^[\x21-\x7e]{1,128}$/;
export const MESSAGE_ID_RULE = '1-128 printable ASCII characters';

/** Frame ids are uint32 so that clients in any language can hold them. */
export const MAX_FRAME_ID = 4_294_967_295;

export function isRoomId(value: unknown): value is string {
  return typeof value === 'string' && ROOM_ID_PATTERN.test(value);
}

export function isMessageId(value: unknown): value is string {
  return typeof value === 'string' && MESSAGE_ID_PATTERN.test(value);
}

export function isFrameId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_FRAME_ID;
}
