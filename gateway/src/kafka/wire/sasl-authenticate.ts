import { ApiKey } from './api-keys.js';
import type { KafkaRequest } from './kafka-request.js';
import type { WireReader } from './wire-reader.js';
import { WireWriter } from './wire-writer.js';

/** v0 and v1 differ by the session lifetime in the answer; v2 is the flexible encoding. */
export const SASL_AUTHENTICATE_VERSIONS = { min: 0, max: 2 } as const;

export interface SaslAuthenticateResponse {
  readonly errorCode: number;
  readonly errorMessage: string | null;
  readonly authBytes: Buffer;
}

export function saslAuthenticateRequest(
  version: number,
  authBytes: Buffer,
): KafkaRequest<SaslAuthenticateResponse> {
  const flexible = version >= 2;
  const body = flexible
    ? new WireWriter().compactBytes(authBytes).noTags().build()
    : new WireWriter().bytes(authBytes).build();
  return {
    apiKey: ApiKey.saslAuthenticate,
    version,
    flexible,
    name: `SaslAuthenticate v${version}`,
    body,
    decode: (r) => decodeSaslAuthenticate(r, version),
  };
}

export function decodeSaslAuthenticate(r: WireReader, version: number): SaslAuthenticateResponse {
  if (version >= 2) {
    const errorCode = r.int16();
    const errorMessage = r.compactString();
    const authBytes = r.compactBytes();
    r.int64(); // session_lifetime_ms: this client uses the connection once, well inside any lifetime
    r.skipTags();
    return { errorCode, errorMessage, authBytes };
  }
  const errorCode = r.int16();
  const errorMessage = r.nullableString();
  const authBytes = r.bytes();
  if (version >= 1) r.int64();
  return { errorCode, errorMessage, authBytes };
}
