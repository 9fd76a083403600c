export interface DecisionCacheOptions {
  /** Entries kept at most; the least recently used goes first. */
  readonly maxEntries: number;
  /** How long "member" is trusted without asking again. */
  readonly allowTtlMs: number;
  /** How long "not a member" is trusted (shorter: a user just added should not wait long). */
  readonly denyTtlMs: number;
  /** How long past its TTL a "member" may still be served while the service cannot answer. */
  readonly staleIfErrorMs: number;
}

interface Entry {
  readonly userId: string;
  readonly room: string;
  readonly allowed: boolean;
  readonly expiresAt: number;
  /** Until when the entry is worth keeping: its stale-if-error limit (allows) or its TTL (denials). */
  readonly keepUntil: number;
}

/**
 * Membership decisions per (user, room), bounded (LRU) and timed (TTL), with indexes by user and
 * by room so events can invalidate a user's or a room's entries without a scan.
 *
 * Only a positive decision is ever served stale (`staleAllowed`), and only for
 * `staleIfErrorMs` past its TTL, and only when asked to: the authorizer asks when the service
 * cannot answer. An expired denial is never turned into anything, so a denial never becomes an
 * allow. Expired entries are dropped lazily on access, or by LRU eviction.
 */
export class DecisionCache {
  private readonly entries = new Map<string, Entry>();
  private readonly byUser = new Map<string, Set<string>>();
  private readonly byRoom = new Map<string, Set<string>>();
  private evictionCount = 0;

  constructor(
    private readonly options: DecisionCacheOptions,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Entries dropped to stay within `maxEntries` since the cache was created. */
  get evictions(): number {
    return this.evictionCount;
  }

  /** The decision while it is fresh, or undefined. A hit makes the entry most recently used. */
  get(userId: string, room: string): boolean | undefined {
    const key = keyOf(userId, room);
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    const now = this.now();
    if (now >= entry.keepUntil) {
      this.delete(key, entry);
      return undefined;
    }
    if (now >= entry.expiresAt) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.allowed;
  }

  /** True when the user was a member at most `staleIfErrorMs` past that decision's TTL. */
  staleAllowed(userId: string, room: string): boolean {
    const entry = this.entries.get(keyOf(userId, room));
    return entry?.allowed === true && this.now() < entry.keepUntil;
  }

  set(userId: string, room: string, allowed: boolean): void {
    const now = this.now();
    const expiresAt = now + (allowed ? this.options.allowTtlMs : this.options.denyTtlMs);
    const keepUntil = allowed ? expiresAt + this.options.staleIfErrorMs : expiresAt;
    const key = keyOf(userId, room);
    const previous = this.entries.get(key);
    if (previous !== undefined) this.delete(key, previous);
    if (keepUntil <= now || this.options.maxEntries === 0) return;
    this.entries.set(key, { userId, room, allowed, expiresAt, keepUntil });
    addTo(this.byUser, userId, key);
    addTo(this.byRoom, room, key);
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.entries().next();
      if (oldest.done === true) break;
      this.delete(oldest.value[0], oldest.value[1]);
      this.evictionCount++;
    }
  }

  /** Forgets the decision for (user, room); true if there was one. */
  invalidate(userId: string, room: string): boolean {
    const key = keyOf(userId, room);
    const entry = this.entries.get(key);
    if (entry === undefined) return false;
    this.delete(key, entry);
    return true;
  }

  /** Forgets every decision about `userId`; returns how many. */
  invalidateUser(userId: string): number {
    return this.deleteAll(this.byUser.get(userId));
  }

  /** Forgets every decision about `room`; returns how many. */
  invalidateRoom(room: string): number {
    return this.deleteAll(this.byRoom.get(room));
  }

  clear(): void {
    this.entries.clear();
    this.byUser.clear();
    this.byRoom.clear();
  }

  private deleteAll(keys: ReadonlySet<string> | undefined): number {
    if (keys === undefined) return 0;
    let n = 0;
    for (const key of [...keys]) {
      const entry = this.entries.get(key);
      if (entry === undefined) continue;
      this.delete(key, entry);
      n++;
    }
    return n;
  }

  private delete(key: string, entry: Entry): void {
    this.entries.delete(key);
    removeFrom(this.byUser, entry.userId, key);
    removeFrom(this.byRoom, entry.room, key);
  }
}

/** Room ids cannot contain a newline (ROOM_ID_PATTERN), so the first one ends the room. */
function keyOf(userId: string, room: string): string {
  return `${room}\n${userId}`;
}

function addTo(index: Map<string, Set<string>>, name: string, key: string): void {
  let keys = index.get(name);
  if (keys === undefined) {
    keys = new Set();
    index.set(name, keys);
  }
  keys.add(key);
}

function removeFrom(index: Map<string, Set<string>>, name: string, key: string): void {
  const keys = index.get(name);
  if (keys === undefined) return;
  keys.delete(key);
  if (keys.size === 0) index.delete(name);
}
