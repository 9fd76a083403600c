export { ENTRY_OVERHEAD_BYTES, entrySize, type HistoryEntry } from './history-entry.js';
export { RecoveryFailure, type HistoryPosition, type RecoveryResult } from './recovery.js';
export { RoomHistory, type RoomHistoryOptions, type RoomHistoryStats } from './room-history.js';
