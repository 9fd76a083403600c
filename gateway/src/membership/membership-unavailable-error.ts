import { GatewayError } from '../errors/index.js';
import type { MembershipFailure } from './membership-failure.js';

export interface MembershipUnavailableErrorOptions {
  /** The HTTP status, when the service answered one. */
  readonly status?: number;
  readonly cause?: unknown;
}

/**
 * The membership service could not answer (down, slow, refusing our credentials, answering
 * nonsense). Retryable, with the wire code `membership_unavailable`. It is the only error the
 * circuit breaker counts as a failure: a "not a member" is a normal `false`, never an exception.
 */
export class MembershipUnavailableError extends GatewayError {
  declare readonly code: 'membership_unavailable';
  readonly failure: MembershipFailure;
  readonly status: number | undefined;

  constructor(failure: MembershipFailure, message: string, options: MembershipUnavailableErrorOptions = {}) {
    super('membership_unavailable', message, options.cause === undefined ? {} : { cause: options.cause });
    this.name = 'MembershipUnavailableError';
    this.failure = failure;
    this.status = options.status;
  }
}
