import type { Authorizer, Identity, RoomDecision } from './identity.js';

const ALLOWED: RoomDecision = { allowed: true };

/** Allows exactly the rooms the token grants. The membership authorizer extends this later. */
export class ClaimAuthorizer implements Authorizer {
  authorize(identity: Identity, rooms: readonly string[]): Promise<ReadonlyMap<string, RoomDecision>> {
    const decisions = new Map<string, RoomDecision>();
    for (const room of rooms) {
      decisions.set(
        room,
        identity.rooms.has(room)
          ? ALLOWED
          : { allowed: false, code: 'forbidden', message: `room ${room} is not granted to you` },
      );
    }
    return Promise.resolve(decisions);
  }
}
