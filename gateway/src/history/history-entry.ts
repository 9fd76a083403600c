/** One message in the recovery window, with the frame already encoded for the wire. */
export interface HistoryEntry {
  readonly room: string;
  /** The message id (the dedupe key). */
  readonly id: string;
  readonly partition: number;
  readonly offset: bigint;
  /** The Kafka record timestamp (ms since the epoch): what `maxAgeMs` is measured against. */
  readonly timestamp: number;
  /** The encoded `message` frame: replayed to a recovering client as is, never re-encoded. */
  readonly frame: Buffer;
  /**
   * When present, only these users may receive the message: the replay applies the same filter
   * as the live publish. Kept by reference, not charged against `maxBytes`.
   */
  readonly allowedUserIds?: ReadonlySet<string> | undefined;
}

/**
 * What an entry costs beyond its frame, counted against `maxBytes`: roughly the entry object, its
 * bigint offset, and its slots in the room queue and the global eviction queue (the room and id
 * strings are shared with the frame's producer and not counted). An estimate, not a measurement:
 * its job is that a flood of tiny frames is bounded too, not byte accuracy.
 */
export const ENTRY_OVERHEAD_BYTES = 160;

/** The bytes an entry is charged against `maxBytes`. */
export function entrySize(entry: HistoryEntry): number {
  return entry.frame.byteLength + ENTRY_OVERHEAD_BYTES;
}
