/** How long a `typing` frame keeps a user listed as typing (senders repeat it while typing). */
export const TYPING_SHOWN_MS = 3000;

/**
 * Who is typing and who is present in each room, from the gateway's typing and presence frames.
 * Pure state with an injected clock, so it is tested without timers.
 */
export class RoomActivity {
  private readonly typingUntil = new Map<string, Map<string, number>>();
  private readonly present = new Map<string, Set<string>>();

  typed(room: string, userId: string, now: number): void {
    let users = this.typingUntil.get(room);
    if (users === undefined) {
      users = new Map();
      this.typingUntil.set(room, users);
    }
    users.set(userId, now + TYPING_SHOWN_MS);
  }

  /** A message from a user ends their typing. */
  spoke(room: string, userId: string): void {
    this.typingUntil.get(room)?.delete(userId);
  }

  typing(room: string, now: number): string[] {
    const users = this.typingUntil.get(room);
    if (users === undefined) return [];
    for (const [user, until] of users) if (until <= now) users.delete(user);
    return [...users.keys()].sort();
  }

  /** A snapshot (`users`) replaces what was known; a change (`joined`/`left`) edits it. */
  presence(room: string, change: { users?: string[]; joined?: string[]; left?: string[] }): void {
    const users =
      change.users === undefined ? (this.present.get(room) ?? new Set<string>()) : new Set(change.users);
    for (const user of change.joined ?? []) users.add(user);
    for (const user of change.left ?? []) users.delete(user);
    this.present.set(room, users);
  }

  presentIn(room: string): string[] {
    return [...(this.present.get(room) ?? [])].sort();
  }
}
