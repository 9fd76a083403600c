import { describe, expect, it } from 'vitest';
import { ApiKey } from './api-keys.js';
import { apiVersionsRequest, negotiateVersion } from './api-versions.js';
import { decodeResponse } from './kafka-request.js';
import { WireWriter } from './wire-writer.js';

function answer(errorCode: number, ranges: [number, number, number][]): Buffer {
  const w = new WireWriter().int32(1).int16(errorCode).int32(ranges.length);
  for (const [key, min, max] of ranges) w.int16(key).int16(min).int16(max);
  return w.build();
}

describe('ApiVersions', () => {
  it('reads each api key with its version range', () => {
    const { value } = decodeResponse(
      answer(0, [
        [3, 4, 13],
        [36, 0, 2],
      ]),
      apiVersionsRequest(),
    );
    expect(value).toEqual(
      new Map([
        [3, { min: 4, max: 13 }],
        [36, { min: 0, max: 2 }],
      ]),
    );
  });

  it('refuses an answer with an error code', () => {
    expect(() => decodeResponse(answer(35, [[18, 0, 4]]), apiVersionsRequest())).toThrow(
      'ApiVersions failed with Kafka error 35',
    );
  });

  it('picks the newest version both sides speak', () => {
    const versions = new Map([[ApiKey.saslAuthenticate, { min: 0, max: 5 }]]);
    expect(negotiateVersion(versions, ApiKey.saslAuthenticate, 'SaslAuthenticate', { min: 0, max: 2 })).toBe(
      2,
    );
    const older = new Map([[ApiKey.saslAuthenticate, { min: 0, max: 1 }]]);
    expect(negotiateVersion(older, ApiKey.saslAuthenticate, 'SaslAuthenticate', { min: 0, max: 2 })).toBe(1);
  });

  it('refuses when the ranges do not meet or the broker lacks the api', () => {
    const newer = new Map([[ApiKey.metadata, { min: 13, max: 14 }]]);
    expect(() => negotiateVersion(newer, ApiKey.metadata, 'Metadata', { min: 12, max: 12 })).toThrow(
      expect.objectContaining({
        code: 'CMF_KAFKA_UNSUPPORTED_VERSION',
        retryable: false,
        message: 'the broker serves Metadata v13-v14; this client speaks v12-v12',
      }),
    );
    expect(() => negotiateVersion(new Map(), ApiKey.metadata, 'Metadata', { min: 12, max: 12 })).toThrow(
      'the broker serves Metadata none; this client speaks v12-v12',
    );
  });
});
