import { BrokerConnectionError } from '../broker-connection-error.js';
import { ApiKey } from './api-keys.js';
import { KafkaErrorCode } from './kafka-error-codes.js';
import type { KafkaRequest } from './kafka-request.js';
import type { WireReader } from './wire-reader.js';

export interface VersionRange {
  readonly min: number;
  readonly max: number;
}

/** What the broker serves: api key to its version range. */
export type ApiVersions = ReadonlyMap<number, VersionRange>;

/**
 * ApiVersions v0: every broker since 0.10 answers it, before authentication too, so it is the one
 * request sent without knowing what the broker speaks.
 */
export function apiVersionsRequest(): KafkaRequest<ApiVersions> {
  return {
    apiKey: ApiKey.apiVersions,
    version: 0,
    flexible: false,
    name: 'ApiVersions v0',
    body: Buffer.alloc(0),
    decode: decodeApiVersions,
  };
}

export function decodeApiVersions(r: WireReader): ApiVersions {
  const errorCode = r.int16();
  const versions = new Map<number, VersionRange>();
  r.array(() => {
    const apiKey = r.int16();
    const min = r.int16();
    const max = r.int16();
    versions.set(apiKey, { min, max });
  });
  if (errorCode !== KafkaErrorCode.none)
    throw new BrokerConnectionError('protocol', `ApiVersions failed with Kafka error ${errorCode}`);
  return versions;
}

/** The newest version both sides speak, or an error naming what each side offers. */
export function negotiateVersion(
  versions: ApiVersions,
  apiKey: ApiKey,
  name: string,
  ours: VersionRange,
): number {
  const theirs = versions.get(apiKey);
  const version = theirs === undefined ? -1 : Math.min(theirs.max, ours.max);
  if (theirs === undefined || version < theirs.min || version < ours.min) {
    const offered = theirs === undefined ? 'none' : `v${theirs.min}-v${theirs.max}`;
    throw new BrokerConnectionError(
      'unsupportedVersion',
      `the broker serves ${name} ${offered}; this client speaks v${ours.min}-v${ours.max}`,
    );
  }
  return version;
}
