export interface RevocationsOptions {
  /**
   * How long a ban or a removal outlives the event: as long as the tokens issued before it may
   * live, since those tokens still name the user (and may still grant the room).
   */
  readonly ttlMs: number;
  /** Entries kept at most; the oldest go first (a flood of events must not grow memory). */
  readonly maxEntries: number;
  readonly now?: () => number;
}

const SEPARATOR = '\u0000';

/**
 * What membership events took away, remembered for as long as tokens issued before them may
 * live: banned users, and (user, room) or whole-room removals that must override a room the
 * token itself grants. Without it a banned user reconnects at once with the token they still
 * hold, and a removed member resubscribes to a room their token names.
 */
export class Revocations {
  /** key -> expiry; Map keeps insertion order, so the first entries are the oldest. */
  private readonly entries = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly options: RevocationsOptions) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  ban(userId: string): void {
    this.add(`u${SEPARATOR}${userId}`);
  }

  isBanned(userId: string): boolean {
    return this.live(`u${SEPARATOR}${userId}`);
  }

  /** The user lost the room (member_removed). */
  revoke(userId: string, room: string): void {
    this.add(`m${SEPARATOR}${room}${SEPARATOR}${userId}`);
  }

  /** Everyone lost the room (room_deleted). */
  revokeRoom(room: string): void {
    this.add(`r${SEPARATOR}${room}`);
  }

  /** The user was (re)added to the room: an earlier removal no longer applies. */
  restore(userId: string, room: string): void {
    this.entries.delete(`m${SEPARATOR}${room}${SEPARATOR}${userId}`);
  }

  isRevoked(userId: string, room: string): boolean {
    return this.live(`m${SEPARATOR}${room}${SEPARATOR}${userId}`) || this.live(`r${SEPARATOR}${room}`);
  }

  private add(key: string): void {
    if (this.options.ttlMs <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, this.now() + this.options.ttlMs);
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
  }

  private live(key: string): boolean {
    const expiry = this.entries.get(key);
    if (expiry === undefined) return false;
    if (expiry > this.now()) return true;
    this.entries.delete(key);
    return false;
  }
}
