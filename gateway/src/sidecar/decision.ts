import { authFailureStatus, type AuthFailure } from '../auth/identity.js';
import { authDetails, type AuthDetail } from './auth-detail.js';

/** Who the token belongs to; `expiresAt` is epoch milliseconds (from `exp`, which is required). */
export interface VerifiedIdentity {
  readonly userId: string;
  readonly expiresAt: number;
  readonly rooms: readonly string[];
}

export interface Accepted {
  readonly ok: true;
  readonly identity: VerifiedIdentity;
  /** The configured issuer that vouched for the token (metrics, logs, the gateway's audit). */
  readonly issuer: string;
}

export interface Refused {
  readonly ok: false;
  readonly reason: AuthFailure;
  readonly detail: AuthDetail;
  readonly message: string;
}

/** The answer to one authenticate or refresh call. */
export type Decision = Accepted | Refused;

/**
 * A refusal for `detail`, with its table reason and message. `context` comes from configuration
 * only (an issuer's name, a limit), never from the request.
 */
export function refuse(detail: AuthDetail, context?: string): Refused {
  const entry = authDetails[detail];
  return {
    ok: false,
    reason: entry.reason,
    detail,
    message: context === undefined ? entry.message : `${entry.message} (${context})`,
  };
}

/** HTTP status of a decision: 200, or the gateway's status for the refusal's reason. */
export function decisionStatus(decision: Decision): number {
  return decision.ok ? 200 : authFailureStatus[decision.reason];
}
