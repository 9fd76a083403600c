import { ROOM_ID_PATTERN, ROOM_ID_RULE } from '../protocol/index.js';
import { EVENT_ID_HEADER, MembershipEventType, type MembershipEvent } from './membership-event.js';

export const InvalidEventReason = {
  NotJson: 'not_json',
  NotObject: 'not_object',
  /** A `type` this gateway does not know (a newer producer): skipped, like a malformed event. */
  UnknownType: 'unknown_type',
  MissingField: 'missing_field',
  WrongType: 'wrong_type',
  BadRoom: 'bad_room',
} as const;
export type InvalidEventReason = (typeof InvalidEventReason)[keyof typeof InvalidEventReason];

/** The parts of a Kafka record the parser reads (kafkajs' message, or a test's plain object). */
export interface RawEventRecord {
  readonly value: Buffer | null;
  readonly headers?: Readonly<Record<string, Buffer | string | (Buffer | string)[] | undefined>>;
}

export type EventParseResult =
  | { readonly ok: true; readonly event: MembershipEvent }
  | { readonly ok: false; readonly reason: InvalidEventReason; readonly detail: string };

const TYPES: ReadonlySet<string> = new Set(Object.values(MembershipEventType));

function invalid(reason: InvalidEventReason, detail: string): EventParseResult {
  return { ok: false, reason, detail };
}

function header(record: RawEventRecord, name: string): string | undefined {
  const raw = record.headers?.[name];
  const first = Array.isArray(raw) ? raw[0] : raw;
  if (first === undefined) return undefined;
  return typeof first === 'string' ? first : first.toString('utf8');
}

type Field = { ok: true; value: string } | { ok: false; result: EventParseResult };

function userField(fields: Readonly<Record<string, unknown>>): Field {
  const value = fields['userId'];
  if (value === undefined || value === null) {
    return { ok: false, result: invalid(InvalidEventReason.MissingField, 'userId is required') };
  }
  if (typeof value !== 'string' || value === '') {
    return { ok: false, result: invalid(InvalidEventReason.WrongType, 'userId must be a non-empty string') };
  }
  return { ok: true, value };
}

function roomField(fields: Readonly<Record<string, unknown>>): Field {
  const value = fields['roomId'];
  if (value === undefined || value === null) {
    return { ok: false, result: invalid(InvalidEventReason.MissingField, 'roomId is required') };
  }
  if (typeof value !== 'string') {
    return { ok: false, result: invalid(InvalidEventReason.WrongType, 'roomId must be a string') };
  }
  if (!ROOM_ID_PATTERN.test(value)) {
    return { ok: false, result: invalid(InvalidEventReason.BadRoom, `roomId must be ${ROOM_ID_RULE}`) };
  }
  return { ok: true, value };
}

/**
 * Reads one record of the events topic. Pure: the consumer does the I/O and skips (and counts)
 * whatever this refuses. Fields beyond the contract are ignored so the producer can add some.
 * The record key is not checked: it only orders a room's (or a user's) events, and refusing a
 * `member_removed` over its key would keep a removed member subscribed.
 */
export function parseMembershipEvent(record: RawEventRecord): EventParseResult {
  if (record.value === null) return invalid(InvalidEventReason.NotJson, 'record has no value (tombstone)');
  let value: unknown;
  try {
    value = JSON.parse(record.value.toString('utf8'));
  } catch (err) {
    return invalid(InvalidEventReason.NotJson, `value is not JSON: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return invalid(InvalidEventReason.NotObject, 'value must be a JSON object');
  }
  const fields = value as Readonly<Record<string, unknown>>;
  const type = fields['type'];
  if (type === undefined || type === null)
    return invalid(InvalidEventReason.MissingField, 'type is required');
  if (typeof type !== 'string') return invalid(InvalidEventReason.WrongType, 'type must be a string');
  if (!TYPES.has(type)) {
    return invalid(InvalidEventReason.UnknownType, `unknown event type ${JSON.stringify(type.slice(0, 64))}`);
  }
  const id = header(record, EVENT_ID_HEADER);
  switch (type as MembershipEventType) {
    case MembershipEventType.MemberRemoved:
    case MembershipEventType.MemberAdded: {
      const room = roomField(fields);
      if (!room.ok) return room.result;
      const user = userField(fields);
      if (!user.ok) return user.result;
      return {
        ok: true,
        event: {
          type: type as 'member_removed' | 'member_added',
          roomId: room.value,
          userId: user.value,
          id,
        },
      };
    }
    case MembershipEventType.RoomDeleted: {
      const room = roomField(fields);
      if (!room.ok) return room.result;
      return { ok: true, event: { type: 'room_deleted', roomId: room.value, id } };
    }
    case MembershipEventType.UserBanned: {
      const user = userField(fields);
      if (!user.ok) return user.result;
      return { ok: true, event: { type: 'user_banned', userId: user.value, id } };
    }
  }
}
