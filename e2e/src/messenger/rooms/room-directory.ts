/**
 * Rooms, their members and banned users, in memory: the stand-in's "database". Every method is
 * synchronous, so a change is committed the moment it returns and a membership check made after
 * that (for instance by a gateway that just read the event) sees it.
 */
export class RoomDirectory {
  private readonly rooms = new Map<string, Set<string>>();
  private readonly banned = new Set<string>();

  /** False when the room already exists (nothing changes). */
  createRoom(roomId: string, members: Iterable<string>): boolean {
    if (this.rooms.has(roomId)) return false;
    this.rooms.set(roomId, new Set(members));
    return true;
  }

  hasRoom(roomId: string): boolean {
    return this.rooms.has(roomId);
  }

  isMember(roomId: string, userId: string): boolean {
    return this.rooms.get(roomId)?.has(userId) ?? false;
  }

  /** The room's members, sorted; undefined when the room does not exist. */
  members(roomId: string): string[] | undefined {
    const members = this.rooms.get(roomId);
    return members === undefined ? undefined : [...members].sort();
  }

  /** False when the room does not exist. Adding a member twice is not an error. */
  addMember(roomId: string, userId: string): boolean {
    const members = this.rooms.get(roomId);
    if (members === undefined) return false;
    members.add(userId);
    return true;
  }

  /** Whether the user was a member (and is not any more). */
  removeMember(roomId: string, userId: string): boolean {
    return this.rooms.get(roomId)?.delete(userId) ?? false;
  }

  /** False when the room did not exist. */
  deleteRoom(roomId: string): boolean {
    return this.rooms.delete(roomId);
  }

  ban(userId: string): void {
    this.banned.add(userId);
  }

  isBanned(userId: string): boolean {
    return this.banned.has(userId);
  }

  /**
   * The membership API's answer: one boolean per room. A banned user, an unknown user and a
   * room that does not exist are all `false`, a normal answer (gateway/openapi/membership.yaml).
   */
  checkMemberships(userId: string, roomIds: readonly string[]): Record<string, boolean> {
    const banned = this.isBanned(userId);
    const results: Record<string, boolean> = {};
    for (const roomId of roomIds) results[roomId] = !banned && this.isMember(roomId, userId);
    return results;
  }

  get roomCount(): number {
    return this.rooms.size;
  }
}
