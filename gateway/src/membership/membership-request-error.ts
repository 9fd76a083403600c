import { GatewayError } from '../errors/index.js';

/**
 * The membership service refused the request itself (400): the gateway and the service disagree
 * on the contract, which is a bug or a version skew, not an outage. It does not trip the circuit
 * breaker (the service is up and answering) but rooms it covers are still refused, since nothing
 * is known about them. Wire code `internal`.
 */
export class MembershipRequestError extends GatewayError {
  readonly status: number;

  constructor(status: number, message: string) {
    super('internal', message);
    this.name = 'MembershipRequestError';
    this.status = status;
  }
}
