import type { KeySource } from './key-source.js';

/**
 * A shared HS256 secret (development only). There is one key, so `kid` is not consulted; the
 * verifier allows only HS256 for such an issuer, and only such an issuer allows HS256.
 */
export class Hs256KeySource implements KeySource {
  readonly getKey: KeySource['getKey'];

  constructor(secret: Uint8Array) {
    this.getKey = () => Promise.resolve(secret);
  }

  notReadyReason(): undefined {
    return undefined;
  }

  start(): void {
    // Nothing to fetch.
  }

  stop(): void {
    // Nothing to stop.
  }
}
