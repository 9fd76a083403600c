/**
 * The messages-topic contract (see ../../asyncapi.yaml): key = chatRoomId, value = the
 * messenger's ChatMessage as JSON, headers `message-id` and `traceparent`. Parsing is pure so the
 * consumer's only job is I/O; a record that breaks the contract is described by an
 * InvalidRecordReason and goes to the DLQ instead of blocking its partition.
 */

import { MESSAGE_ID_PATTERN, MESSAGE_ID_RULE, ROOM_ID_PATTERN, ROOM_ID_RULE } from '../protocol/index.js';

export const MESSAGE_ID_HEADER = 'message-id';
export const TRACEPARENT_HEADER = 'traceparent';

export const InvalidRecordReason = {
  NotJson: 'not_json',
  NotObject: 'not_object',
  MissingField: 'missing_field',
  WrongType: 'wrong_type',
  KeyMismatch: 'key_mismatch',
  MissingMessageId: 'missing_message_id',
  BadTraceparent: 'bad_traceparent',
  BadRoom: 'bad_room',
} as const;
export type InvalidRecordReason = (typeof InvalidRecordReason)[keyof typeof InvalidRecordReason];

/** What the gateway knows about one record once it is accepted. */
export interface ChatMessage {
  readonly id: string;
  readonly room: string;
  readonly partition: number;
  readonly offset: bigint;
  /** Kafka record timestamp (ms): the start of the delivery-latency measurement. */
  readonly timestamp: number;
  readonly traceparent: string | undefined;
  /** When present, only these users may receive the message (defence in depth). */
  readonly allowedUserIds: ReadonlySet<string> | undefined;
  /** The ChatMessage as sent to clients: the record value without `allowedUserIds`. */
  readonly data: Readonly<Record<string, unknown>>;
}

export interface RawRecord {
  readonly partition: number;
  readonly offset: string;
  readonly timestamp: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: Readonly<Record<string, Buffer | string | (Buffer | string)[] | undefined>>;
}

export type ParseResult =
  | { readonly ok: true; readonly message: ChatMessage }
  | { readonly ok: false; readonly reason: InvalidRecordReason; readonly detail: string };

// W3C trace context: version-traceid-parentid-flags, all lower-case hex, ids not all zero.
const TRACEPARENT_PATTERN = /^[0-9a-f]{2}-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;

function header(record: RawRecord, name: string): string | undefined {
  const raw = record.headers?.[name];
  const first = Array.isArray(raw) ? raw[0] : raw;
  if (first === undefined) return undefined;
  return typeof first === 'string' ? first : first.toString('utf8');
}

function invalid(reason: InvalidRecordReason, detail: string): ParseResult {
  return { ok: false, reason, detail };
}

export function parseChatRecord(record: RawRecord): ParseResult {
  if (record.value === null) return invalid(InvalidRecordReason.NotJson, 'record has no value (tombstone)');
  let value: unknown;
  try {
    value = JSON.parse(record.value.toString('utf8'));
  } catch (err) {
    return invalid(InvalidRecordReason.NotJson, `value is not JSON: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return invalid(InvalidRecordReason.NotObject, 'value must be a JSON object (a ChatMessage)');
  }
  const fields = value as Record<string, unknown>;
  for (const name of ['chatRoomId', 'senderId', 'content'] as const) {
    if (!(name in fields)) return invalid(InvalidRecordReason.MissingField, `${name} is required`);
    if (typeof fields[name] !== 'string')
      return invalid(InvalidRecordReason.WrongType, `${name} must be a string`);
  }
  const room = fields['chatRoomId'] as string;
  if (!ROOM_ID_PATTERN.test(room)) {
    return invalid(InvalidRecordReason.BadRoom, `chatRoomId must be ${ROOM_ID_RULE}`);
  }
  if (!('sentTimestamp' in fields))
    return invalid(InvalidRecordReason.MissingField, 'sentTimestamp is required');
  const sent = fields['sentTimestamp'];
  const sentValid =
    (typeof sent === 'number' && Number.isFinite(sent)) ||
    (typeof sent === 'string' && !Number.isNaN(Date.parse(sent)));
  if (!sentValid) {
    return invalid(
      InvalidRecordReason.WrongType,
      'sentTimestamp must be an ISO-8601 string or epoch milliseconds',
    );
  }
  let allowed: ReadonlySet<string> | undefined;
  if ('allowedUserIds' in fields && fields['allowedUserIds'] !== null) {
    const list = fields['allowedUserIds'];
    if (!Array.isArray(list) || !list.every((u): u is string => typeof u === 'string')) {
      return invalid(InvalidRecordReason.WrongType, 'allowedUserIds must be an array of strings');
    }
    allowed = new Set(list);
  }
  // The room decides the partition; a record keyed otherwise would break per-room ordering.
  const key = record.key?.toString('utf8');
  if (key !== room) {
    return invalid(
      InvalidRecordReason.KeyMismatch,
      `record key ${key === undefined ? '(none)' : JSON.stringify(key)} must equal chatRoomId ${JSON.stringify(room)}`,
    );
  }
  const idFromValue = typeof fields['messageId'] === 'string' ? fields['messageId'] : undefined;
  const id = header(record, MESSAGE_ID_HEADER) ?? idFromValue;
  if (id === undefined) {
    return invalid(
      InvalidRecordReason.MissingMessageId,
      `a ${MESSAGE_ID_HEADER} header (or messageId field) is required`,
    );
  }
  if (!MESSAGE_ID_PATTERN.test(id)) {
    return invalid(InvalidRecordReason.WrongType, `message id must be ${MESSAGE_ID_RULE}`);
  }
  const traceparent = header(record, TRACEPARENT_HEADER);
  if (traceparent !== undefined && !TRACEPARENT_PATTERN.test(traceparent)) {
    return invalid(InvalidRecordReason.BadTraceparent, 'traceparent header is not a W3C trace context');
  }
  const data = { ...fields };
  delete data['allowedUserIds'];
  return {
    ok: true,
    message: {
      id,
      room,
      partition: record.partition,
      offset: BigInt(record.offset),
      timestamp: Number(record.timestamp),
      traceparent,
      allowedUserIds: allowed,
      data,
    },
  };
}
