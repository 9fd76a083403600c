/** Where the gateway's own bearer token for the membership service comes from. */
export interface ServiceTokenSource {
  /** The token to send; rejects with `MembershipUnavailableError` (`no_credentials`) when there is none. */
  token(): Promise<string>;
  /** The service refused the token (401/403): read it afresh before the next request (it may have rotated). */
  refresh(): void;
}
