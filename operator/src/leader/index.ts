export { LeaseElector, type LeadershipCallbacks, type LeaseElectorOptions } from './lease-elector.js';
