/** How one batched check ended. Never a rejection: failures are data the authorizer decides on. */
export type CheckOutcome =
  | { readonly ok: true; readonly results: ReadonlyMap<string, boolean> }
  | { readonly ok: false; readonly error: unknown };

/** A batched check on its way to the membership service. */
export interface InflightCheck {
  readonly userId: string;
  readonly rooms: ReadonlySet<string>;
  /**
   * Rooms whose membership changed (an event arrived) while the check was in flight: the answer
   * for them may predate the change, so it is neither cached nor trusted.
   */
  readonly overtaken: Set<string>;
  readonly outcome: Promise<CheckOutcome>;
}

/**
 * The checks in flight, by user. Two uses: a second subscribe for the same (user, room) waits
 * for the check already asked instead of asking again (a user's tabs reconnecting together), and
 * membership events mark the checks they overtake. There are as many entries as concurrent
 * checks, so the room-wide scan of `overtakeRoom` stays small.
 */
export class InflightChecks {
  private readonly byUser = new Map<string, Set<InflightCheck>>();

  find(userId: string, room: string): InflightCheck | undefined {
    const checks = this.byUser.get(userId);
    if (checks === undefined) return undefined;
    for (const check of checks) if (check.rooms.has(room)) return check;
    return undefined;
  }

  add(check: InflightCheck): void {
    let checks = this.byUser.get(check.userId);
    if (checks === undefined) {
      checks = new Set();
      this.byUser.set(check.userId, checks);
    }
    checks.add(check);
  }

  remove(check: InflightCheck): void {
    const checks = this.byUser.get(check.userId);
    checks?.delete(check);
    if (checks?.size === 0) this.byUser.delete(check.userId);
  }

  overtake(userId: string, room: string): void {
    for (const check of this.byUser.get(userId) ?? []) if (check.rooms.has(room)) check.overtaken.add(room);
  }

  overtakeUser(userId: string): void {
    for (const check of this.byUser.get(userId) ?? [])
      for (const room of check.rooms) check.overtaken.add(room);
  }

  overtakeRoom(room: string): void {
    for (const checks of this.byUser.values()) {
      for (const check of checks) if (check.rooms.has(room)) check.overtaken.add(room);
    }
  }

  overtakeAll(): void {
    for (const checks of this.byUser.values()) {
      for (const check of checks) for (const room of check.rooms) check.overtaken.add(room);
    }
  }
}
