export { DedupeWindow } from './dedupe-window.js';
export { RoomHub, type RoomHubOptions, type RoomHubStats } from './room-hub.js';
export type { Subscriber } from './subscriber.js';
