/**
 * Exponential backoff with full jitter (AWS architecture blog): the delay is uniform in
 * [0, min(max, initial * 2^attempt)], which spreads a crowd of reconnecting clients out instead
 * of having them stampede a recovering gateway in waves.
 */
export function fullJitterDelay(
  attempt: number,
  initialMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
