import { ApiKey } from './api-keys.js';
import type { KafkaRequest } from './kafka-request.js';
import type { WireReader } from './wire-reader.js';
import { WireWriter } from './wire-writer.js';

/** v1: the SASL bytes then travel in SaslAuthenticate requests (v0, raw bytes, is gone in Kafka 4). */
export const SASL_HANDSHAKE_VERSIONS = { min: 1, max: 1 } as const;

export interface SaslHandshakeResponse {
  readonly errorCode: number;
  /** The mechanisms the broker enables on this listener. */
  readonly mechanisms: readonly string[];
}

export function saslHandshakeRequest(mechanism: string): KafkaRequest<SaslHandshakeResponse> {
  return {
    apiKey: ApiKey.saslHandshake,
    version: 1,
    flexible: false,
    name: 'SaslHandshake v1',
    body: new WireWriter().string(mechanism).build(),
    decode: decodeSaslHandshake,
  };
}

export function decodeSaslHandshake(r: WireReader): SaslHandshakeResponse {
  const errorCode = r.int16();
  const mechanisms: string[] = [];
  r.array(() => mechanisms.push(r.nullableString() ?? ''));
  return { errorCode, mechanisms };
}
