import type { ConfigMap, Secret } from '../kube/objects.js';

/** Where env and volumes read ConfigMaps and Secrets from; undefined means "does not exist". */
export interface ConfigSources {
  configMap(namespace: string, name: string): Promise<ConfigMap | undefined>;
  secret(namespace: string, name: string): Promise<Secret | undefined>;
}

/** A ConfigMap's keys as text (binaryData decoded as UTF-8). */
export function configMapEntries(cm: ConfigMap): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  for (const [k, v] of Object.entries(cm.data ?? {})) entries.set(k, Buffer.from(v, 'utf8'));
  for (const [k, v] of Object.entries(cm.binaryData ?? {})) entries.set(k, Buffer.from(v, 'base64'));
  return entries;
}

export function secretEntries(secret: Secret): Map<string, Buffer> {
  return new Map(Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')]));
}
