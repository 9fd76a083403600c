import { createLocalJWKSet, type JSONWebKeySet } from 'jose';
import type { KeySource } from './key-source.js';

/**
 * Public keys read from files at start (dev, or air-gapped issuers). Matching is jose's local
 * JWKS matching: by kid, key type and (when the key names one) algorithm.
 */
export class StaticKeySource implements KeySource {
  readonly getKey: KeySource['getKey'];

  constructor(jwks: JSONWebKeySet) {
    this.getKey = createLocalJWKSet(jwks);
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
