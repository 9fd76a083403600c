import type { ApiKey } from './api-keys.js';
import { WireReader } from './wire-reader.js';
import { WireWriter } from './wire-writer.js';

/**
 * One request of the Kafka protocol with the decoder of its answer. `flexible` versions (KIP-482)
 * use request header v2 and response header v1, both with tagged fields; older ones header v1/v0.
 */
export interface KafkaRequest<T> {
  readonly apiKey: ApiKey;
  readonly version: number;
  readonly flexible: boolean;
  /** Names the request in errors ("SaslAuthenticate v2"). */
  readonly name: string;
  readonly body: Buffer;
  /** Reads the response body, after the response header. */
  decode(reader: WireReader): T;
}

/** The request as it goes on the wire: size prefix, header, body. */
export function encodeRequest(
  request: KafkaRequest<unknown>,
  correlationId: number,
  clientId: string,
): Buffer {
  const header = new WireWriter()
    .int16(request.apiKey)
    .int16(request.version)
    .int32(correlationId)
    .string(clientId);
  if (request.flexible) header.noTags();
  const headerBytes = header.build();
  const size = new WireWriter().int32(headerBytes.length + request.body.length).build();
  return Buffer.concat([size, headerBytes, request.body]);
}

/** Reads one response frame (without its size prefix): its correlation id and decoded body. */
export function decodeResponse<T>(
  frame: Buffer,
  request: KafkaRequest<T>,
): { correlationId: number; value: T } {
  const reader = new WireReader(frame, `${request.name} response`);
  const correlationId = reader.int32();
  if (request.flexible) reader.skipTags();
  return { correlationId, value: request.decode(reader) };
}
