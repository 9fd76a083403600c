/** Changes to a room's present users, to push to its subscribers. */
export interface PresenceChange {
  readonly room: string;
  readonly joined: readonly string[];
  readonly left: readonly string[];
}

/**
 * Who is present in each room across replicas. Each replica reports the full list of users it
 * holds in a room (on every change and as a heartbeat); a report expires after its TTL, so a
 * replica that dies without saying goodbye drops out on its own. Pure: time is passed in.
 */
export class PresenceTracker {
  /** room -> replica -> { users, expiresAt } */
  private readonly rooms = new Map<string, Map<string, { users: ReadonlySet<string>; expiresAt: number }>>();

  /** Applies one replica's report and returns the room's change, if any. */
  report(
    room: string,
    replica: string,
    users: readonly string[],
    ttlMs: number,
    now: number,
  ): PresenceChange | undefined {
    const before = this.users(room, now);
    let replicas = this.rooms.get(room);
    if (replicas === undefined) {
      replicas = new Map();
      this.rooms.set(room, replicas);
    }
    if (users.length === 0) replicas.delete(replica);
    else replicas.set(replica, { users: new Set(users), expiresAt: now + ttlMs });
    if (replicas.size === 0) this.rooms.delete(room);
    return this.diff(room, before, this.users(room, now));
  }

  /** Drops expired reports; returns the changes they cause. */
  expire(now: number): PresenceChange[] {
    const changes: PresenceChange[] = [];
    for (const [room, replicas] of this.rooms) {
      // Before expiry, every report counts: that is what subscribers were last told.
      const before = this.union(replicas, Number.NEGATIVE_INFINITY);
      for (const [replica, report] of replicas) if (report.expiresAt <= now) replicas.delete(replica);
      if (replicas.size === 0) this.rooms.delete(room);
      const change = this.diff(room, before, this.users(room, now));
      if (change !== undefined) changes.push(change);
    }
    return changes;
  }

  /** Everyone present in a room now, sorted. */
  users(room: string, now: number): string[] {
    const replicas = this.rooms.get(room);
    return replicas === undefined ? [] : this.union(replicas, now);
  }

  private union(
    replicas: ReadonlyMap<string, { users: ReadonlySet<string>; expiresAt: number }>,
    validAfter: number,
  ): string[] {
    const all = new Set<string>();
    for (const report of replicas.values()) {
      if (report.expiresAt <= validAfter) continue;
      for (const u of report.users) all.add(u);
    }
    return [...all].sort();
  }

  private diff(
    room: string,
    before: readonly string[],
    after: readonly string[],
  ): PresenceChange | undefined {
    const b = new Set(before);
    const a = new Set(after);
    const joined = after.filter((u) => !b.has(u));
    const left = before.filter((u) => !a.has(u));
    return joined.length === 0 && left.length === 0 ? undefined : { room, joined, left };
  }
}
