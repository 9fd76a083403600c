/**
 * A failed call to the API server. `reason` is the Status reason the server gave (NotFound,
 * Conflict, AlreadyExists, Expired, Forbidden, Invalid, ...) or `Unreachable` when no answer came;
 * callers branch on it, never on the message. `retriable` says whether the same call may succeed
 * later without a change of input (timeouts, conflicts, server errors, throttling).
 */
export class KubeApiError extends Error {
  readonly code = 'CMF_KUBE_API';
  readonly retriable: boolean;

  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'KubeApiError';
    this.retriable = status === 0 || status === 409 || status === 429 || status >= 500;
  }
}

export const KubeReason = {
  NotFound: 'NotFound',
  AlreadyExists: 'AlreadyExists',
  Conflict: 'Conflict',
  /** 410: a watch's resourceVersion is older than the server keeps; relist. */
  Expired: 'Expired',
  Gone: 'Gone',
  Unreachable: 'Unreachable',
} as const;

export function isNotFound(err: unknown): boolean {
  return err instanceof KubeApiError && err.status === 404;
}

export function isAlreadyExists(err: unknown): boolean {
  return err instanceof KubeApiError && err.status === 409 && err.reason === KubeReason.AlreadyExists;
}

export function isConflict(err: unknown): boolean {
  return err instanceof KubeApiError && err.status === 409 && err.reason === KubeReason.Conflict;
}
