import { NodeAgentError, NodeAgentErrorCode } from '../errors.js';

/** A refusal or failure from the API server, with its HTTP status and Status.reason. */
export class KubeApiError extends NodeAgentError {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    // 409/429/5xx and transport failures (status 0) may pass; 4xx refusals will not.
    super(
      NodeAgentErrorCode.KubeApi,
      message,
      status === 0 || status === 409 || status === 429 || status >= 500,
    );
  }

  get notFound(): boolean {
    return this.status === 404;
  }
}

export function isNotFound(err: unknown): boolean {
  return err instanceof KubeApiError && err.notFound;
}

export function isConflict(err: unknown): boolean {
  return err instanceof KubeApiError && err.status === 409;
}
