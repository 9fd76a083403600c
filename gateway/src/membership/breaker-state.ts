/** The circuit breaker's states, as opossum names them. */
export const BreakerState = {
  /** Calls go through; failures are counted. */
  Closed: 'closed',
  /** Calls fail at once, without reaching the service, until `resetTimeoutMs` has passed. */
  Open: 'open',
  /** One probe call goes through: success closes the breaker, failure opens it again. */
  HalfOpen: 'halfOpen',
} as const;
export type BreakerState = (typeof BreakerState)[keyof typeof BreakerState];
