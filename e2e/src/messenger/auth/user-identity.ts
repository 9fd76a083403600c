/** Who called the REST API, from a verified token. */
export interface UserIdentity {
  readonly userId: string;
  /** Token expiry, epoch milliseconds. */
  readonly expiresAt: number;
}
