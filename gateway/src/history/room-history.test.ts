import { describe, expect, it } from 'vitest';
import type { FifoQueue } from './fifo-queue.js';
import { ENTRY_OVERHEAD_BYTES, type HistoryEntry } from './history-entry.js';
import type { HistoryPosition, RecoveryResult } from './recovery.js';
import { RoomHistory, type RoomHistoryOptions } from './room-history.js';

/** mulberry32: a tiny seeded PRNG so failures replay exactly. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

const roomy: RoomHistoryOptions = { maxMessagesPerRoom: 1_000, maxAgeMs: 3_600_000, maxBytes: 1e9 };

function entry(
  room: string,
  partition: number,
  offset: number | bigint,
  timestamp = 0,
  frameBytes = 10,
): HistoryEntry {
  return {
    room,
    id: `${room}@${partition}:${offset.toString()}`,
    partition,
    offset: BigInt(offset),
    timestamp,
    frame: Buffer.alloc(frameBytes, 0x61),
  };
}

function at(partition: number, offset: number | bigint): HistoryPosition {
  return { partition, offset: BigInt(offset) };
}

function offsets(result: RecoveryResult): bigint[] | string {
  return result.recovered ? result.entries.map((e) => e.offset) : result.reason;
}

/** Room a: offsets 1, 3, 5, 7; room b: 2, 4, 6 — all in partition 0, complete from 0. */
function interleaved(options: RoomHistoryOptions = roomy): RoomHistory {
  const history = new RoomHistory(options);
  history.markComplete(0, 0n);
  for (let o = 1; o <= 7; o++) history.append(entry(o % 2 === 1 ? 'a' : 'b', 0, o), 0);
  return history;
}

describe('RoomHistory', () => {
  it('rejects invalid options with a precise message', () => {
    expect(() => new RoomHistory({ ...roomy, maxMessagesPerRoom: 0 })).toThrow(
      'maxMessagesPerRoom must be an integer >= 1, got 0',
    );
    expect(() => new RoomHistory({ ...roomy, maxAgeMs: 0 })).toThrow('maxAgeMs must be a number > 0, got 0');
    expect(() => new RoomHistory({ ...roomy, maxBytes: Number.NaN })).toThrow(
      'maxBytes must be a number > 0, got NaN',
    );
    const history = new RoomHistory(roomy);
    expect(() => {
      history.markComplete(0, -1n);
    }).toThrow('fromOffset must be >= 0, got -1');
    expect(() => {
      history.markComplete(-1, 0n);
    }).toThrow('partition must be an integer >= 0, got -1');
    expect(() => history.append(entry('a', 0, -2), 0)).toThrow('offset must be >= 0, got -2');
  });

  describe('since', () => {
    it('returns the room’s entries after the position, in order, skipping other rooms’ offsets', () => {
      const history = interleaved();
      expect(offsets(history.since('a', at(0, 3), 0))).toEqual([5n, 7n]);
      expect(offsets(history.since('b', at(0, 3), 0))).toEqual([4n, 6n]); // a position of another room's message
      expect(offsets(history.since('a', at(0, 7), 0))).toEqual([]);
      expect(offsets(history.since('b', at(0, 7), 0))).toEqual([]); // the partition head
    });

    it('recovers from completeFrom - 1, not before', () => {
      const history = new RoomHistory(roomy);
      history.markComplete(0, 10n);
      history.append(entry('a', 0, 10), 0);
      history.append(entry('a', 0, 12), 0);
      expect(offsets(history.since('a', at(0, 9), 0))).toEqual([10n, 12n]);
      expect(offsets(history.since('a', at(0, 8), 0))).toBe('too_old');
      // A room with no message in the window: recovered, nothing missed.
      expect(offsets(history.since('quiet', at(0, 9), 0))).toEqual([]);
      expect(offsets(history.since('quiet', at(0, 8), 0))).toBe('too_old');
    });

    it('refuses a position past the partition head as ahead', () => {
      const history = interleaved();
      expect(offsets(history.since('a', at(0, 8), 0))).toBe('ahead');
      expect(offsets(history.since('quiet', at(0, 8), 0))).toBe('ahead');
      const empty = new RoomHistory(roomy);
      empty.markComplete(3, 50n);
      expect(offsets(empty.since('a', at(3, 49), 0))).toEqual([]);
      expect(offsets(empty.since('a', at(3, 50), 0))).toBe('ahead');
    });

    it('refuses a position in another partition than the room’s', () => {
      const history = interleaved();
      history.markComplete(1, 0n);
      history.append(entry('c', 1, 100), 0);
      expect(offsets(history.since('a', at(1, 5), 0))).toBe('partition_mismatch');
      expect(offsets(history.since('c', at(0, 5), 0))).toBe('partition_mismatch');
    });

    it('knows nothing of a partition never seen nor marked', () => {
      const history = interleaved();
      expect(offsets(history.since('z', at(9, 0), 0))).toBe('unknown_room');
    });

    it('recovers nothing from a partition not marked complete', () => {
      const history = new RoomHistory(roomy);
      history.append(entry('a', 0, 5), 0);
      expect(offsets(history.since('a', at(0, 4), 0))).toBe('too_old');
      expect(offsets(history.since('a', at(0, 5), 0))).toBe('too_old');
      history.markComplete(0, 5n);
      expect(offsets(history.since('a', at(0, 4), 0))).toEqual([5n]);
    });
  });

  describe('append', () => {
    it('ignores replays at or below the partition’s last offset', () => {
      const history = interleaved();
      const before = history.stats();
      expect(history.append(entry('a', 0, 7), 0)).toBe(false);
      expect(history.append(entry('a', 0, 3), 0)).toBe(false);
      expect(history.append(entry('c', 0, 6), 0)).toBe(false); // a room not seen yet, same partition
      expect(history.stats()).toEqual(before);
      expect(history.append(entry('a', 0, 9), 0)).toBe(true);
    });

    it('charges frame bytes plus the fixed overhead', () => {
      const history = new RoomHistory(roomy);
      history.append(entry('a', 0, 1, 0, 100), 0);
      history.append(entry('b', 0, 2, 0, 50), 0);
      expect(history.stats()).toEqual({ rooms: 2, entries: 2, bytes: 150 + 2 * ENTRY_OVERHEAD_BYTES });
    });
  });

  describe('eviction', () => {
    it('caps a room at maxMessagesPerRoom and refuses positions before its last evicted entry', () => {
      const history = interleaved({ ...roomy, maxMessagesPerRoom: 2 }); // a keeps 5, 7; b keeps 4, 6
      expect(offsets(history.since('a', at(0, 3), 0))).toEqual([5n, 7n]); // at the floor: has 3, missed 5, 7
      expect(offsets(history.since('a', at(0, 4), 0))).toEqual([5n, 7n]);
      expect(offsets(history.since('a', at(0, 2), 0))).toBe('too_old'); // missed 3
      expect(offsets(history.since('b', at(0, 2), 0))).toEqual([4n, 6n]);
      expect(offsets(history.since('b', at(0, 1), 0))).toBe('too_old');
      expect(history.stats()).toEqual({ rooms: 2, entries: 4, bytes: 4 * (10 + ENTRY_OVERHEAD_BYTES) });
    });

    it('evicts the globally oldest entries while over maxBytes, and forgets emptied rooms', () => {
      const size = 10 + ENTRY_OVERHEAD_BYTES;
      const history = new RoomHistory({ ...roomy, maxBytes: 3 * size });
      history.markComplete(0, 0n);
      history.markComplete(1, 0n);
      history.append(entry('a', 0, 1), 0);
      history.append(entry('b', 1, 1), 0);
      history.append(entry('a', 0, 2), 0);
      history.append(entry('c', 0, 3), 0); // over: a@1 goes
      expect(history.stats()).toEqual({ rooms: 3, entries: 3, bytes: 3 * size });
      expect(offsets(history.since('a', at(0, 0), 0))).toBe('too_old');
      expect(offsets(history.since('a', at(0, 1), 0))).toEqual([2n]);
      history.append(entry('c', 0, 4), 0); // over: b@1 goes, and b is forgotten
      expect(history.stats().rooms).toBe(2);
      expect(history.latest('b')).toBeNull();
      expect(offsets(history.since('b', at(1, 0), 0))).toBe('too_old');
      expect(offsets(history.since('b', at(1, 1), 0))).toEqual([]);
    });

    it('keeps what a forgotten room lost: rooms without a window, and its next window, start from its floor', () => {
      const size = 10 + ENTRY_OVERHEAD_BYTES;
      const history = new RoomHistory({ ...roomy, maxBytes: 2 * size });
      history.markComplete(0, 0n);
      history.append(entry('a', 0, 1), 0);
      history.append(entry('b', 0, 2), 0);
      history.append(entry('b', 0, 3), 0); // a@1 evicted, a forgotten
      expect(offsets(history.since('a', at(0, 0), 0))).toBe('too_old');
      expect(offsets(history.since('quiet', at(0, 0), 0))).toBe('too_old'); // can't tell quiet from a
      history.append(entry('a', 0, 4), 0); // b@2 evicted; a's new window inherits floor 1
      expect(offsets(history.since('a', at(0, 0), 0))).toBe('too_old');
      expect(offsets(history.since('a', at(0, 1), 0))).toEqual([4n]);
      expect(offsets(history.since('b', at(0, 2), 0))).toEqual([3n]);
    });

    it('accepts an entry larger than maxBytes and evicts it at once', () => {
      const history = new RoomHistory({ ...roomy, maxBytes: 100 });
      history.markComplete(0, 0n);
      expect(history.append(entry('a', 0, 1, 0, 500), 0)).toBe(true);
      expect(history.stats()).toEqual({ rooms: 0, entries: 0, bytes: 0 });
      expect(history.partitionHead(0)).toBe(1n);
      expect(offsets(history.since('a', at(0, 0), 0))).toBe('too_old');
      expect(offsets(history.since('a', at(0, 1), 0))).toEqual([]);
    });

    it('evicts by record age lazily, in append and in since', () => {
      const history = new RoomHistory({ ...roomy, maxAgeMs: 1_000 });
      history.markComplete(0, 0n);
      history.append(entry('a', 0, 1, 0), 0);
      history.append(entry('a', 0, 2, 500), 500);
      history.append(entry('b', 0, 3, 900), 900);
      expect(history.stats().entries).toBe(3);
      expect(offsets(history.since('a', at(0, 0), 1_000))).toEqual([1n, 2n]); // exactly maxAgeMs old: kept
      expect(offsets(history.since('a', at(0, 0), 1_001))).toBe('too_old');
      expect(offsets(history.since('a', at(0, 1), 1_001))).toEqual([2n]);
      expect(history.stats().entries).toBe(2);
      history.append(entry('b', 0, 4, 1_600), 1_600); // a@2 is now too old
      expect(history.latest('a')).toBeNull();
      expect(offsets(history.since('b', at(0, 2), 1_600))).toEqual([3n, 4n]);
      // b's window began at 3 while a's floor was still its own: b provably had nothing at 1 or 2.
      expect(offsets(history.since('b', at(0, 0), 1_600))).toEqual([3n, 4n]);
      expect(offsets(history.since('quiet', at(0, 1), 1_600))).toBe('too_old'); // but a room without a window can't tell
    });

    it('age-evicts a room whose old entry sits behind a younger one in the global queue', () => {
      const history = new RoomHistory({ ...roomy, maxAgeMs: 1_000 });
      history.markComplete(0, 0n);
      history.markComplete(1, 0n);
      history.append(entry('b', 1, 1, 900), 900); // young, appended first
      history.append(entry('a', 0, 1, 0), 900); // old record (warm-up), behind it
      expect(offsets(history.since('a', at(0, 0), 1_200))).toBe('too_old');
      expect(offsets(history.since('b', at(1, 0), 1_200))).toEqual([1n]);
    });

    it('does not let slots evicted by the room cap pile up in the global queue', () => {
      const history = new RoomHistory({ ...roomy, maxMessagesPerRoom: 1 });
      history.append(entry('pinned', 0, 0), 0); // stays at the front of the global queue
      for (let o = 1; o <= 20_000; o++) history.append(entry('busy', 0, o), 0);
      const queue = (history as unknown as { queue: FifoQueue<unknown> }).queue;
      expect(history.stats().entries).toBe(2);
      expect(queue.length).toBeLessThanOrEqual(2 + 1_024 + 1);
    });
  });

  describe('markComplete', () => {
    it('raises the floor when the consumer skips ahead (a gap), and ignores a replay from earlier', () => {
      const history = new RoomHistory(roomy);
      history.markComplete(0, 0n);
      history.append(entry('a', 0, 1), 0);
      history.append(entry('a', 0, 2), 0);
      history.markComplete(0, 1n); // replay from 1: nothing lost
      expect(history.append(entry('a', 0, 1), 0)).toBe(false);
      expect(offsets(history.since('a', at(0, 0), 0))).toEqual([1n, 2n]);
      history.markComplete(0, 3n); // contiguous: nothing lost
      expect(offsets(history.since('a', at(0, 0), 0))).toEqual([1n, 2n]);
      history.markComplete(0, 10n); // 3..9 never seen
      expect(history.partitionHead(0)).toBe(9n);
      expect(offsets(history.since('a', at(0, 2), 0))).toBe('too_old');
      expect(offsets(history.since('a', at(0, 9), 0))).toEqual([]);
      history.append(entry('a', 0, 10), 0);
      expect(offsets(history.since('a', at(0, 9), 0))).toEqual([10n]);
    });

    it('a second mark before any record moves the start forward only', () => {
      const history = new RoomHistory(roomy);
      history.markComplete(0, 5n);
      history.markComplete(0, 3n);
      expect(history.partitionHead(0)).toBe(4n);
      history.markComplete(0, 8n);
      expect(history.partitionHead(0)).toBe(7n);
      expect(offsets(history.since('a', at(0, 6), 0))).toBe('too_old');
    });
  });

  describe('advance', () => {
    it('moves the partition head past a record that is not stored', () => {
      const history = interleaved(); // head 7
      history.advance(0, 9n); // e.g. a duplicate message id at 8, a DLQ record at 9
      expect(history.partitionHead(0)).toBe(9n);
      expect(offsets(history.since('a', at(0, 9), 0))).toEqual([]);
      expect(offsets(history.since('a', at(0, 10), 0))).toBe('ahead');
      expect(history.append(entry('a', 0, 9), 0)).toBe(false);
      history.markComplete(0, 10n); // contiguous with what was read: not a gap
      expect(offsets(history.since('a', at(0, 5), 0))).toEqual([7n]);
      history.advance(0, 3n); // behind: ignored
      expect(history.partitionHead(0)).toBe(9n);
      expect(() => {
        history.advance(0, -1n);
      }).toThrow('offset must be >= 0, got -1');
    });
  });

  describe('positions', () => {
    it('latest is the room’s last entry; partitionHead the partition’s last offset', () => {
      const history = interleaved();
      expect(history.latest('a')).toEqual(at(0, 7));
      expect(history.latest('b')).toEqual(at(0, 6));
      expect(history.latest('quiet')).toBeNull();
      expect(history.partitionHead(0)).toBe(7n);
      expect(history.partitionHead(1)).toBeUndefined();
    });

    it('partitionHead of a marked, still empty partition is completeFrom - 1, or undefined for -1', () => {
      const history = new RoomHistory(roomy);
      history.markComplete(0, 0n);
      history.markComplete(1, 42n);
      expect(history.partitionHead(0)).toBeUndefined();
      expect(history.partitionHead(1)).toBe(41n);
    });

    it('moves a room to its new partition when the topic is repartitioned', () => {
      const history = interleaved();
      history.markComplete(1, 0n);
      history.append(entry('a', 1, 100), 0);
      expect(history.latest('a')).toEqual(at(1, 100));
      expect(offsets(history.since('a', at(0, 5), 0))).toBe('partition_mismatch');
      expect(offsets(history.since('a', at(1, 99), 0))).toEqual([100n]);
      expect(history.stats().entries).toBe(4); // b's three and a's new one
    });
  });

  describe('against a never-evicting oracle (seeded)', () => {
    interface Produced {
      readonly room: string | null; // null: a record of no room (e.g. sent to the DLQ)
      readonly offset: bigint;
      readonly timestamp: number;
    }

    /**
     * Drives a history like the consumer would: every partition has a log (the oracle) of which the
     * history is fed a suffix, with non-room records, gaps (records produced but skipped by a seek)
     * and replays (a re-seek backwards), interleaved with time passing and `since` calls.
     */
    function run(seed: number, options: RoomHistoryOptions, check: (ctx: Check) => void): number {
      const random = seededRandom(seed);
      const history = new RoomHistory(options);
      const partitions = 1 + Math.floor(random() * 3);
      const rooms = Array.from({ length: 8 }, (_, i) => `r${i}`);
      const partitionOf = new Map(rooms.map((r) => [r, Math.floor(random() * partitions)]));
      const logs = Array.from({ length: partitions }, () => [] as Produced[]);
      const floors: bigint[] = []; // the model's completeFloor per partition
      const lastFed: bigint[] = []; // the model's last offset read (appended or advanced) per partition
      let now = 1_000_000;
      let recovered = 0;

      const produce = (p: number, room: string | null): Produced => {
        const log = logs[p] ?? [];
        const record = { room, offset: BigInt(log.length), timestamp: now - Math.floor(random() * 50) };
        log.push(record);
        return record;
      };
      const knownOf = (p: number): bigint => {
        const floor = floors[p] ?? -1n;
        const fed = lastFed[p] ?? -1n;
        return floor > fed ? floor : fed;
      };
      /** A room of partition p, or null (a record of no room) when p has none. */
      const roomIn = (p: number): string | null => {
        const own = rooms.filter((r) => partitionOf.get(r) === p);
        return own.length === 0 ? null : pick(random, own);
      };
      /** Feeds a record as the pipeline would; true if it was stored. */
      const feed = (p: number, record: Produced): boolean => {
        if (record.room === null) {
          // A record of no room: the pipeline may or may not tell the history it passed it.
          if (random() < 0.5) {
            history.advance(p, record.offset);
            if (record.offset > knownOf(p)) lastFed[p] = record.offset;
          }
          return false;
        }
        const bytes = Math.floor(random() * 300);
        const e: HistoryEntry = {
          room: record.room,
          id: `${record.room}@${p}:${record.offset.toString()}`,
          partition: p,
          offset: record.offset,
          timestamp: record.timestamp,
          frame: Buffer.alloc(bytes),
        };
        return history.append(e, now);
      };

      for (let p = 0; p < partitions; p++) {
        // Records produced before this process started: never fed, but in the oracle.
        const before = Math.floor(random() * 10);
        for (let i = 0; i < before; i++) produce(p, pick(random, rooms));
        const from = BigInt(logs[p]?.length ?? 0);
        history.markComplete(p, from);
        floors[p] = from - 1n;
      }

      for (let step = 0; step < 1_500; step++) {
        const op = random();
        const p = Math.floor(random() * partitions);
        const log = logs[p] ?? [];
        if (op < 0.5) {
          const record = produce(p, random() < 0.15 ? null : roomIn(p));
          const accepted = feed(p, record);
          // Plain checks first: expect() per step would dominate the run time.
          if (accepted !== (record.room !== null)) expect(accepted).toBe(record.room !== null);
          if (accepted) lastFed[p] = record.offset;
          const head = history.partitionHead(p) ?? -1n;
          if (head !== knownOf(p)) expect(head).toBe(knownOf(p));
          const { bytes } = history.stats();
          if (bytes > options.maxBytes) expect(bytes).toBeLessThanOrEqual(options.maxBytes);
        } else if (op < 0.53) {
          // A gap: the consumer seeks forward past records it never reads.
          const skipped = 1 + Math.floor(random() * 5);
          for (let i = 0; i < skipped; i++) produce(p, roomIn(p));
          history.markComplete(p, BigInt(log.length));
          floors[p] = BigInt(log.length) - 1n;
        } else if (op < 0.56 && log.length > 0) {
          // A replay: the consumer seeks back and re-reads; nothing is appended twice.
          const from = BigInt(Math.floor(random() * log.length));
          history.markComplete(p, from);
          // Seeking past unfed records (of no room) looks like a gap to the history: it cannot know.
          if (from > knownOf(p) + 1n) floors[p] = from - 1n;
          const stored = log.slice(Number(from)).filter((record) => feed(p, record));
          expect(stored).toEqual([]);
        } else if (op < 0.66) {
          now += Math.floor(random() * (Number.isFinite(options.maxAgeMs) ? options.maxAgeMs / 3 : 1_000));
        } else {
          const room = pick(random, rooms);
          const roomPartition = partitionOf.get(room) ?? 0;
          const head = BigInt(logs[roomPartition]?.length ?? 0) - 1n;
          const candidates = [
            head,
            head + 1n,
            -1n,
            floors[roomPartition] ?? 0n,
            BigInt(Math.floor(random() * Number(head + 3n)) - 1),
          ];
          const position = at(roomPartition, pick(random, candidates));
          const result = history.since(room, position, now);
          const known = knownOf(roomPartition);
          if (result.recovered) recovered++;
          check({
            room,
            position,
            result,
            known,
            floor: floors[roomPartition] ?? -1n,
            logs,
            history,
            seed,
            step,
          });
        }
      }
      return recovered;
    }

    interface Check {
      readonly room: string;
      readonly position: HistoryPosition;
      readonly result: RecoveryResult;
      /** The model's max(last offset read, completeFloor) of the room's partition. */
      readonly known: bigint;
      readonly floor: bigint;
      readonly logs: Produced[][];
      readonly history: RoomHistory;
      readonly seed: number;
      readonly step: number;
    }

    /** Everything the log holds for the room after the position, up to what was produced so far. */
    function expected({ room, position, logs }: Check): string[] {
      return (logs[position.partition] ?? [])
        .filter((r) => r.room === room && r.offset > position.offset)
        .map((r) => `${room}@${position.partition}:${r.offset.toString()}`);
    }

    it('recovered:true always returns exactly the messages missed (small bounds, many evictions)', () => {
      let recovered = 0;
      let refused = 0;
      for (let seed = 1; seed <= 60; seed++) {
        const random = seededRandom(seed * 7919);
        const options: RoomHistoryOptions = {
          maxMessagesPerRoom: 1 + Math.floor(random() * 6),
          maxAgeMs: 500 + Math.floor(random() * 5_000),
          maxBytes: (ENTRY_OVERHEAD_BYTES + 150) * (3 + Math.floor(random() * 25)),
        };
        recovered += run(seed, options, (ctx) => {
          const { result, position, known } = ctx;
          const where = `seed ${ctx.seed} step ${ctx.step} ${ctx.room}@${position.offset.toString()}`;
          if (!result.recovered) {
            refused++;
            if (result.reason === 'ahead') expect(position.offset, where).toBeGreaterThan(known);
            else expect(result.reason, where).toBe('too_old');
            return;
          }
          expect(position.offset, where).toBeLessThanOrEqual(known);
          expect(position.offset, where).toBeGreaterThanOrEqual(ctx.floor);
          expect(
            result.entries.map((e) => e.id),
            where,
          ).toEqual(expected(ctx));
        });
      }
      // Not vacuous: both outcomes happen a lot.
      expect(recovered).toBeGreaterThan(2_000);
      expect(refused).toBeGreaterThan(2_000);
    });

    it('recovers every position in [completeFloor, head] when nothing is evicted', () => {
      for (let seed = 1; seed <= 40; seed++) {
        run(seed, { maxMessagesPerRoom: 1e9, maxAgeMs: Infinity, maxBytes: Infinity }, (ctx) => {
          const { result, position, known, floor } = ctx;
          const where = `seed ${ctx.seed} step ${ctx.step} ${ctx.room}@${position.offset.toString()}`;
          if (position.offset > known) expect(result, where).toEqual({ recovered: false, reason: 'ahead' });
          else if (position.offset < floor)
            expect(result, where).toEqual({ recovered: false, reason: 'too_old' });
          else {
            expect(result, where).toMatchObject({ recovered: true });
            if (result.recovered)
              expect(
                result.entries.map((e) => e.id),
                where,
              ).toEqual(expected(ctx));
          }
          const latest = ctx.history.latest(ctx.room);
          const fed = expected({ ...ctx, position: at(position.partition, floor) });
          if (latest !== null) expect(latest.partition).toBe(position.partition);
          // Nothing evicted: a room with a fed message has a window, whose latest is its last fed one.
          if (fed.length > 0) expect(latest?.offset, where).toBeDefined();
        });
      }
    });
  });
});
