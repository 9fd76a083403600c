/**
 * The client side of one SASL mechanism, as a sequence of messages. Transport-free: the
 * authenticator carries the bytes in SaslAuthenticate requests.
 */
export interface SaslExchange {
  /** The mechanism name as the broker knows it ("SCRAM-SHA-512"). */
  readonly mechanism: string;
  /** The client's first message. */
  start(): Buffer;
  /**
   * Given the broker's answer to the last message, the next message to send, or undefined when
   * the exchange is complete and the broker has been verified as far as the mechanism allows.
   */
  next(serverMessage: Buffer): Promise<Buffer | undefined>;
}
