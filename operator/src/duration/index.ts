export { parseGoDuration, parseGoDurationMs } from './go-duration.js';
