/**
 * Where a message sits in the stream. A room lives in exactly one partition (key = room id), so a
 * position is a partition and an offset; offsets are decimal strings because Kafka offsets are
 * 64-bit and JSON numbers are not.
 */
export interface Position {
  readonly partition: number;
  readonly offset: string;
}

/**
 * A position together with the epoch it belongs to (the topic id): offsets restart when a topic is
 * re-created, so a position is only meaningful within its epoch.
 */
export type StreamPosition = { readonly epoch: string } & Position;

/** Kafka partitions are int32. */
export const MAX_PARTITION = 2_147_483_647;

/** Kafka offsets are int64. */
export const MAX_OFFSET = '9223372036854775807';

/** Canonical decimal: no sign, no leading zeros, at most 19 digits (range checked separately). */
export const OFFSET_PATTERN = /^(?:0|[1-9][0-9]{0,18})$/;

/** Epochs are opaque to clients; this bounds what the server accepts back (UUIDs, base64url ids). */
export const EPOCH_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** True for the decimal string of an integer in 0..2^63-1, written canonically. */
export function isOffset(value: string): boolean {
  if (!OFFSET_PATTERN.test(value)) return false;
  // Same-length decimal strings without leading zeros compare like the numbers they write.
  return value.length < MAX_OFFSET.length || value <= MAX_OFFSET;
}

export function isPartition(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_PARTITION;
}
