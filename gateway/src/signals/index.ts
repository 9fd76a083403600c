export { Collaboration, type CollaborationPort, type SignalSink } from './collaboration.js';
export { PresenceTracker, type PresenceChange } from './presence-tracker.js';
export { decodeSignal, encodeSignal, type Signal } from './signal.js';
export { SignalsBus, type SignalsBusEvents, type SignalsBusOptions } from './signals-bus.js';
