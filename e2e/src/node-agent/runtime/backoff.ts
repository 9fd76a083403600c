export interface BackoffPolicy {
  /** The first delay; the kubelet's is 10 s. */
  readonly initialMs: number;
  /** The ceiling; the kubelet's is 5 min. */
  readonly maxMs: number;
  /** A container that ran at least this long starts over with no delay; the kubelet's is 10 min. */
  readonly resetAfterMs: number;
}

export const KUBELET_BACKOFF: BackoffPolicy = { initialMs: 10_000, maxMs: 300_000, resetAfterMs: 600_000 };

/**
 * The kubelet's CrashLoopBackOff: the first restart is immediate, later ones wait initial, 2x,
 * 4x ... up to max. `crashes` counts exits since the last reset, this one included.
 */
export function restartDelay(crashes: number, policy: BackoffPolicy): number {
  if (crashes <= 1) return 0;
  return Math.min(policy.initialMs * 2 ** (crashes - 2), policy.maxMs);
}

/** The crash count after an exit: a long enough run forgives earlier crashes. */
export function crashesAfterExit(previous: number, ranForMs: number, policy: BackoffPolicy): number {
  return ranForMs >= policy.resetAfterMs ? 1 : previous + 1;
}

/** Pull-style backoff for failures before a process exists (unknown image, missing ConfigMap). */
export function retryDelay(failures: number, policy: BackoffPolicy): number {
  if (failures <= 0) return 0;
  return Math.min(policy.initialMs * 2 ** (failures - 1), policy.maxMs);
}
