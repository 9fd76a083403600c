import { createHash } from 'node:crypto';

/** The pod template annotation whose change rolls the pods when only their configuration changed. */
export const CONFIG_CHECKSUM_ANNOTATION = 'cmf.io/config-checksum';

/** JSON with object keys sorted, so equal data always hashes equally. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * sha256 (hex) of everything the pods read at start that is not in their template: the data of the
 * ConfigMaps they take their environment and issuers.json from. The processes read both only at
 * start, and a ConfigMap change alone does not touch the Deployment, so this annotation is what
 * makes a configuration change roll the pods. Secrets are left out on purpose: the gateway
 * re-reads the files that rotate (SASL password, membership token), and the sidecar token never
 * changes.
 */
export function configChecksum(configData: readonly Readonly<Record<string, string>>[]): string {
  return createHash('sha256').update(canonicalJson(configData)).digest('hex');
}
