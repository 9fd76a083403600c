/**
 * What the events consumer calls for each valid event, in partition order. Synchronous and must
 * not throw (a throw is caught, counted and logged, and the consumer moves on: a broken handler
 * must not stall revocations behind it).
 */
export interface MembershipEventHandler {
  memberRemoved(roomId: string, userId: string): void;
  memberAdded(roomId: string, userId: string): void;
  roomDeleted(roomId: string): void;
  userBanned(userId: string): void;
}
