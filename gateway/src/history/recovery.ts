import type { HistoryEntry } from './history-entry.js';

/** A client's position in a room: the offset of the last message it has, in the room's partition. */
export interface HistoryPosition {
  readonly partition: number;
  readonly offset: bigint;
}

/** Why a position cannot be recovered; the client then reloads the room some other way. */
export const RecoveryFailure = {
  /** Nothing is known of the position's partition: no record seen and not marked complete. */
  UnknownRoom: 'unknown_room',
  /** The room lives in another partition than the position says. */
  PartitionMismatch: 'partition_mismatch',
  /** Something after the position may have been evicted, or was never in the window. */
  TooOld: 'too_old',
  /** The position is past everything this process has read of the partition. */
  Ahead: 'ahead',
} as const;
export type RecoveryFailure = (typeof RecoveryFailure)[keyof typeof RecoveryFailure];

export type RecoveryResult =
  | { readonly recovered: true; readonly entries: HistoryEntry[] }
  | { readonly recovered: false; readonly reason: RecoveryFailure };
