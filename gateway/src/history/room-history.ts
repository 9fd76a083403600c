import { FifoQueue } from './fifo-queue.js';
import { entrySize, type HistoryEntry } from './history-entry.js';
import { RecoveryFailure, type HistoryPosition, type RecoveryResult } from './recovery.js';

export interface RoomHistoryOptions {
  /** Entries kept per room; the room's oldest go first. An integer >= 1. */
  readonly maxMessagesPerRoom: number;
  /** Entries whose record timestamp is older than this (ms) are evicted. > 0. */
  readonly maxAgeMs: number;
  /** Bytes kept across ALL rooms (frames plus ENTRY_OVERHEAD_BYTES each); the oldest appended go first. > 0. */
  readonly maxBytes: number;
}

export interface RoomHistoryStats {
  /** Rooms with at least one entry (a room whose last entry is evicted is forgotten). */
  readonly rooms: number;
  readonly entries: number;
  /** Bytes charged against `maxBytes`. */
  readonly bytes: number;
}

/**
 * A stored entry. The room queue and the global queue share it; on eviction `entry` is cleared, so
 * the slot left behind in the other queue (deleted lazily) no longer pins the frame.
 */
interface Slot {
  entry: HistoryEntry | undefined;
  readonly bytes: number;
}

interface PartitionState {
  /** The last offset read in this partition: appended, or passed by `advance`. */
  last: bigint | undefined;
  /**
   * `completeFrom - 1`: every record after it has been (or will be) appended. Undefined until
   * `markComplete`, and then nothing in the partition is recoverable.
   */
  completeFloor: bigint | undefined;
  /**
   * The highest floor of the rooms of this partition that were forgotten when emptied. A room
   * without a window may have lost messages up to here, so it starts with this floor.
   */
  droppedFloor: bigint;
}

interface RoomWindow {
  readonly partition: PartitionState;
  readonly partitionId: number;
  /** Live slots only, in offset order. */
  readonly slots: FifoQueue<Slot>;
  /** The room may have lost messages at or below this offset (its last evicted one, or inherited). */
  floor: bigint;
  /** The offset of the room's last appended entry. */
  last: bigint;
}

/** Dead slots tolerated in the global queue before it is compacted (plus one per live entry). */
const MIN_DEAD_TO_COMPACT = 1024;

const NOTHING_EVICTED = -1n;

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

function failure(reason: RecoveryFailure): RecoveryResult {
  return { recovered: false, reason };
}

/**
 * The per-room recovery window: lets a reconnecting client receive exactly the messages it missed,
 * or learn that it cannot. Bounded by `maxMessagesPerRoom`, `maxAgeMs` and (across rooms)
 * `maxBytes`. No timers: age is enforced lazily in `append` and `since` from the caller's `now`.
 *
 * Eviction always takes a room's OLDEST entry: the per-room cap pops the room's front, and the age
 * and byte bounds pop a global queue in append order (O(1) amortised, with lazy deletion of slots
 * already evicted by the room cap), and a room's entries are appended in offset order. So what a
 * room has lost is always a prefix, summarised by one number: the room's floor, the offset of its
 * last evicted entry. Age is the Kafka record timestamp; the global queue stops at the first entry
 * young enough, so an entry with an out-of-order timestamp may outlive `maxAgeMs` a little until
 * those ahead of it go. `maxBytes` bounds memory regardless.
 *
 * Offsets of one room are NOT contiguous (other rooms share the partition), so "the entry right
 * after the client's position" cannot be found by arithmetic. Instead completeness is tracked:
 *
 *   completeFloor(p)  = fromOffset - 1 of `markComplete(p, fromOffset)`: every record of p after it
 *                       was appended. Re-marking with a gap (fromOffset past the next expected
 *                       offset, e.g. the consumer seeked forward) raises it; re-marking backwards
 *                       (a replay) changes nothing: `append` ignores offsets <= known(p).
 *   known(p)          = max(last offset read in p (appended or `advance`d), completeFloor(p)).
 *   floor(room)       = max(droppedFloor(p) when the room's window was created, offset of the
 *                       room's last evicted entry). A room whose entries are all evicted is
 *                       forgotten (no leak per room ever seen) and its floor raises droppedFloor(p),
 *                       the floor of every room of p without a window and of every later window.
 *
 * `since(room, position)` recovers iff, in this order:
 *   1. the room's window (if any) is in position.partition          else partition_mismatch
 *   2. the partition is known (records seen or marked complete)      else unknown_room
 *   3. position.offset <= known(p)                                   else ahead
 *   4. p is marked complete and
 *      position.offset >= max(completeFloor(p), floor(room))         else too_old
 *      (floor(room) = droppedFloor(p) for a room without a window)
 * and then returns the room's entries with offset > position.offset, in order (none for a room
 * without a window: it has had no message in the complete range). A position AT the floor is
 * recoverable: the client has that message and everything after it is still here.
 *
 * The history cannot tell which partition a room without a window lives in, so for such a room a
 * position in a wrong partition is judged against that partition. Positions are issued by the
 * gateway; a client that forges one can only miss its own messages, not see others'.
 */
export class RoomHistory {
  private readonly maxMessagesPerRoom: number;
  private readonly maxAgeMs: number;
  private readonly maxBytes: number;
  private readonly rooms = new Map<string, RoomWindow>();
  private readonly partitions = new Map<number, PartitionState>();
  /** Every stored slot in append order, for age and byte eviction; may hold dead slots. */
  private readonly queue = new FifoQueue<Slot>();
  private deadInQueue = 0;
  private entryCount = 0;
  private byteCount = 0;

  constructor(options: RoomHistoryOptions) {
    const { maxMessagesPerRoom, maxAgeMs, maxBytes } = options;
    if (!Number.isInteger(maxMessagesPerRoom) || maxMessagesPerRoom < 1) {
      throw new RangeError(`maxMessagesPerRoom must be an integer >= 1, got ${String(maxMessagesPerRoom)}`);
    }
    if (!(maxAgeMs > 0)) throw new RangeError(`maxAgeMs must be a number > 0, got ${String(maxAgeMs)}`);
    if (!(maxBytes > 0)) throw new RangeError(`maxBytes must be a number > 0, got ${String(maxBytes)}`);
    this.maxMessagesPerRoom = maxMessagesPerRoom;
    this.maxAgeMs = maxAgeMs;
    this.maxBytes = maxBytes;
  }

  /**
   * Declares that every record of `partition` from `fromOffset` on has been or will be appended, in
   * order. Call it when the consumer starts (or restarts) reading the partition, before appending.
   */
  markComplete(partition: number, fromOffset: bigint): void {
    if (fromOffset < 0n) throw new RangeError(`fromOffset must be >= 0, got ${fromOffset.toString()}`);
    const state = this.partitionState(partition);
    const known = this.known(state);
    // A first mark, or a gap: records between what was read and fromOffset will never be seen.
    if (state.completeFloor === undefined || known === undefined || fromOffset > known + 1n) {
      state.completeFloor = fromOffset - 1n;
    }
  }

  /**
   * Records that `partition` was read up to `offset` by a record that is not stored (a duplicate
   * message id, a record sent to the DLQ), so positions up to it are not `ahead` and the next
   * `markComplete` does not mistake the skipped offset for a gap. Lower offsets are ignored.
   */
  advance(partition: number, offset: bigint): void {
    if (offset < 0n) throw new RangeError(`offset must be >= 0, got ${offset.toString()}`);
    const state = this.partitionState(partition);
    const known = this.known(state);
    if (known === undefined || offset > known) state.last = offset;
  }

  /**
   * Stores `entry` and applies the bounds. Returns false, storing nothing, for an offset at or below
   * known(partition): either a replay (records of a partition arrive in order, so it was seen
   * before; this subsumes "at or below the room's last offset"), or a record before the complete
   * range, which no recoverable position could ever need. An entry over the bounds by itself is
   * accepted and evicted at once.
   */
  append(entry: HistoryEntry, now: number): boolean {
    if (entry.offset < 0n) throw new RangeError(`offset must be >= 0, got ${entry.offset.toString()}`);
    const partition = this.partitionState(entry.partition);
    const known = this.known(partition);
    if (known !== undefined && entry.offset <= known) return false;
    partition.last = entry.offset;

    let window = this.rooms.get(entry.room);
    if (window !== undefined && window.partitionId !== entry.partition) {
      // The topic was repartitioned: the old window answers for the old partition no more.
      while (window.slots.length > 0) this.evictOldestOf(entry.room, window, false);
      window = undefined;
    }
    if (window === undefined) {
      window = {
        partition,
        partitionId: entry.partition,
        slots: new FifoQueue(),
        floor: partition.droppedFloor,
        last: entry.offset,
      };
      this.rooms.set(entry.room, window);
    }
    const slot: Slot = { entry, bytes: entrySize(entry) };
    window.slots.push(slot);
    window.last = entry.offset;
    this.queue.push(slot);
    this.entryCount++;
    this.byteCount += slot.bytes;

    // maxMessagesPerRoom >= 1, so this never empties (and forgets) the window just appended to.
    while (window.slots.length > this.maxMessagesPerRoom) this.evictOldestOf(entry.room, window, false);
    this.evictExpired(now);
    while (this.byteCount > this.maxBytes && this.evictGloballyOldest());
    this.compactIfMostlyDead();
    return true;
  }

  /** The entries of `room` after `position`, or why they cannot be given (rules on the class). */
  since(room: string, position: HistoryPosition, now: number): RecoveryResult {
    this.evictExpired(now);
    const window = this.expireRoom(room, now);
    if (window !== undefined && window.partitionId !== position.partition) {
      return failure(RecoveryFailure.PartitionMismatch);
    }
    const partition = window?.partition ?? this.partitions.get(position.partition);
    const known = partition === undefined ? undefined : this.known(partition);
    if (partition === undefined || known === undefined) return failure(RecoveryFailure.UnknownRoom);
    if (position.offset > known) return failure(RecoveryFailure.Ahead);
    if (partition.completeFloor === undefined) return failure(RecoveryFailure.TooOld);
    const floor = max(partition.completeFloor, window?.floor ?? partition.droppedFloor);
    if (position.offset < floor) return failure(RecoveryFailure.TooOld);
    return {
      recovered: true,
      entries: window === undefined ? [] : this.entriesAfter(window, position.offset),
    };
  }

  /** The position of the room's last entry, or null when the room has none in the window. */
  latest(room: string): HistoryPosition | null {
    const window = this.rooms.get(room);
    return window === undefined ? null : { partition: window.partitionId, offset: window.last };
  }

  /**
   * The position a fresh subscriber gets, even for a room without messages: known(partition), the
   * last offset read in the partition, or `completeFrom - 1` if nothing was read since it was
   * marked. Undefined when the partition is unknown, or when that would be -1 (marked from 0 and
   * still empty): offsets on the wire are never negative.
   */
  partitionHead(partition: number): bigint | undefined {
    const state = this.partitions.get(partition);
    const known = state === undefined ? undefined : this.known(state);
    return known === undefined || known < 0n ? undefined : known;
  }

  stats(): RoomHistoryStats {
    return { rooms: this.rooms.size, entries: this.entryCount, bytes: this.byteCount };
  }

  private partitionState(partition: number): PartitionState {
    let state = this.partitions.get(partition);
    if (state === undefined) {
      if (!Number.isInteger(partition) || partition < 0) {
        throw new RangeError(`partition must be an integer >= 0, got ${String(partition)}`);
      }
      state = { last: undefined, completeFloor: undefined, droppedFloor: NOTHING_EVICTED };
      this.partitions.set(partition, state);
    }
    return state;
  }

  private known(state: PartitionState): bigint | undefined {
    if (state.last === undefined) return state.completeFloor;
    if (state.completeFloor === undefined) return state.last;
    return max(state.last, state.completeFloor);
  }

  /** Binary search: the room's offsets increase, and positions land between them. */
  private entriesAfter(window: RoomWindow, offset: bigint): HistoryEntry[] {
    let low = 0;
    let high = window.slots.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const entry = window.slots.at(mid)?.entry;
      if (entry !== undefined && entry.offset <= offset) low = mid + 1;
      else high = mid;
    }
    const entries: HistoryEntry[] = [];
    for (let i = low; i < window.slots.length; i++) {
      const entry = window.slots.at(i)?.entry;
      if (entry !== undefined) entries.push(entry);
    }
    return entries;
  }

  /**
   * Evicts the room's oldest entry. `fromQueue` says whether the caller already took its slot off
   * the global queue; otherwise the slot stays there, dead, until it reaches the front.
   */
  private evictOldestOf(room: string, window: RoomWindow, fromQueue: boolean): void {
    const slot = window.slots.shift();
    const entry = slot?.entry;
    if (slot === undefined || entry === undefined) return;
    slot.entry = undefined;
    this.entryCount--;
    this.byteCount -= slot.bytes;
    if (!fromQueue) this.deadInQueue++;
    window.floor = max(window.floor, entry.offset);
    if (window.slots.length === 0) {
      // Forget the room, but not what it lost: its successor window starts from this floor.
      window.partition.droppedFloor = max(window.partition.droppedFloor, window.floor);
      this.rooms.delete(room);
    }
  }

  /** The oldest live slot of the global queue, dropping dead slots in front of it. */
  private liveFront(): Slot | undefined {
    for (;;) {
      const slot = this.queue.peek();
      if (slot === undefined || slot.entry !== undefined) return slot;
      this.queue.shift();
      this.deadInQueue--;
    }
  }

  private evictGloballyOldest(): boolean {
    const slot = this.liveFront();
    const entry = slot?.entry;
    if (entry === undefined) return false;
    this.queue.shift();
    const window = this.rooms.get(entry.room);
    // Append order is offset order within a room, so the oldest live slot overall is its room's front.
    if (window === undefined || window.slots.peek() !== slot) {
      throw new Error(
        `RoomHistory invariant broken: the oldest entry is not the front of room ${entry.room}`,
      );
    }
    this.evictOldestOf(entry.room, window, true);
    return true;
  }

  private evictExpired(now: number): void {
    const cutoff = now - this.maxAgeMs;
    for (;;) {
      const entry = this.liveFront()?.entry;
      if (entry === undefined || entry.timestamp >= cutoff) return;
      this.evictGloballyOldest();
    }
  }

  /** Age-evicts the room's own front too, in case out-of-order timestamps held the global queue back. */
  private expireRoom(room: string, now: number): RoomWindow | undefined {
    const window = this.rooms.get(room);
    if (window === undefined) return undefined;
    const cutoff = now - this.maxAgeMs;
    for (;;) {
      const entry = window.slots.peek()?.entry;
      if (entry === undefined) return undefined;
      if (entry.timestamp >= cutoff) return window;
      this.evictOldestOf(room, window, false);
    }
  }

  /** Keeps dead slots (already evicted by the room cap) from outnumbering the live ones. */
  private compactIfMostlyDead(): void {
    if (this.deadInQueue < MIN_DEAD_TO_COMPACT || this.deadInQueue <= this.entryCount) return;
    this.queue.retain((slot) => slot.entry !== undefined);
    this.deadInQueue = 0;
  }
}
