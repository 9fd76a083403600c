/** Why the server ended a subscription on its own (the `unsubscribed` push, code `forbidden`). */
export const RevocationReason = {
  MemberRemoved: 'member_removed',
  RoomDeleted: 'room_deleted',
} as const;
export type RevocationReason = (typeof RevocationReason)[keyof typeof RevocationReason];

/** The human text of the `unsubscribed` reason for each revocation. */
export const REVOCATION_MESSAGES: Readonly<Record<RevocationReason, string>> = {
  member_removed: 'removed from the room',
  room_deleted: 'the room was deleted',
};
