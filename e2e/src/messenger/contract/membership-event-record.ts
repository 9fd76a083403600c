import type { KafkaRecord } from './kafka-record.js';

/** gateway/asyncapi-events.yaml: the `event-id` header names each event. */
export const EVENT_ID_HEADER = 'event-id';

export type MembershipEvent =
  | { readonly type: 'member_added'; readonly roomId: string; readonly userId: string }
  | { readonly type: 'member_removed'; readonly roomId: string; readonly userId: string }
  | { readonly type: 'room_deleted'; readonly roomId: string }
  | { readonly type: 'user_banned'; readonly userId: string };
export type MembershipEventType = MembershipEvent['type'];

/**
 * Room events are keyed by roomId and user events by userId, so each room's (and each user's)
 * events stay in order; the value is the event itself.
 */
export function membershipEventRecord(
  event: MembershipEvent,
  eventId: string,
  traceparent: string,
): KafkaRecord {
  return {
    key: event.type === 'user_banned' ? event.userId : event.roomId,
    value: JSON.stringify(event),
    headers: { [EVENT_ID_HEADER]: eventId, traceparent },
  };
}
