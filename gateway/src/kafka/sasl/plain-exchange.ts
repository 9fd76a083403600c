import type { SaslExchange } from './sasl-exchange.js';

/**
 * SASL PLAIN (RFC 4616): one message, `authzid NUL authcid NUL password`, with an empty authzid
 * (act as the authenticated user). The password travels as is, so PLAIN belongs on TLS.
 */
export class PlainExchange implements SaslExchange {
  readonly mechanism = 'PLAIN';

  constructor(
    private readonly username: string,
    private readonly password: string,
  ) {}

  start(): Buffer {
    return Buffer.from(`\u0000${this.username}\u0000${this.password}`, 'utf8');
  }

  next(): Promise<undefined> {
    return Promise.resolve(undefined);
  }
}
