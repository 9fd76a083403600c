/**
 * The events-topic contract (see ../../asyncapi-events.yaml): membership and room lifecycle from
 * the messenger. Room events are keyed by roomId, user events by userId; the value is JSON with a
 * `type`; the `event-id` header names the event in logs and traces.
 */

export const EVENT_ID_HEADER = 'event-id';

export const MembershipEventType = {
  MemberRemoved: 'member_removed',
  MemberAdded: 'member_added',
  RoomDeleted: 'room_deleted',
  UserBanned: 'user_banned',
} as const;
export type MembershipEventType = (typeof MembershipEventType)[keyof typeof MembershipEventType];

interface EventBase {
  /** The `event-id` header, when present. */
  readonly id: string | undefined;
}

export type MembershipEvent =
  | (EventBase & { readonly type: 'member_removed'; readonly roomId: string; readonly userId: string })
  | (EventBase & { readonly type: 'member_added'; readonly roomId: string; readonly userId: string })
  | (EventBase & { readonly type: 'room_deleted'; readonly roomId: string })
  | (EventBase & { readonly type: 'user_banned'; readonly userId: string });
