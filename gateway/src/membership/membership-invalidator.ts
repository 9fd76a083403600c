/**
 * What membership events do to cached decisions. Implemented by MembershipAuthorizer; each call
 * also marks checks in flight for those keys, so an answer that may predate the event is not
 * trusted.
 */
export interface MembershipInvalidator {
  invalidate(userId: string, room: string): void;
  invalidateUser(userId: string): void;
  invalidateRoom(room: string): void;
  /** Everything: events may have been missed (the events consumer lost its position). */
  invalidateAll(): void;
}
