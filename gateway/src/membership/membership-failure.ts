/**
 * Why a membership check could not be answered. Every one of these means "we do not know", never
 * "not a member": the authorizer fails closed on them (or serves a known-positive decision stale),
 * and they are what the circuit breaker counts.
 */
export const MembershipFailure = {
  /** No answer within the request timeout. */
  Timeout: 'timeout',
  /** Connection refused, reset, DNS failure: the request never got an answer. */
  Unreachable: 'unreachable',
  /** 5xx. */
  ServerError: 'server_error',
  /** 401/403: the service refused the gateway's own credentials (the service token). */
  CredentialsRejected: 'credentials_rejected',
  /** The service token file could not be read. */
  NoCredentials: 'no_credentials',
  /** A status the contract does not define (e.g. 404 from a wrong base URL). */
  UnexpectedStatus: 'unexpected_status',
  /** 200 whose body is not the contract's `{ "results": { room: boolean } }` for every room asked. */
  MalformedResponse: 'malformed_response',
} as const;
export type MembershipFailure = (typeof MembershipFailure)[keyof typeof MembershipFailure];
