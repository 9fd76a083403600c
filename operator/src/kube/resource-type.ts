/** Where a kind lives in the REST API. Every kind the operator touches is namespaced. */
export interface ResourceType {
  readonly apiVersion: string;
  readonly kind: string;
  readonly plural: string;
}

function root(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

/** The collection: in one namespace, or across all of them when `namespace` is undefined. */
export function collectionPath(type: ResourceType, namespace: string | undefined): string {
  return namespace === undefined
    ? `${root(type.apiVersion)}/${type.plural}`
    : `${root(type.apiVersion)}/namespaces/${encodeURIComponent(namespace)}/${type.plural}`;
}

export function objectPath(type: ResourceType, namespace: string, name: string): string {
  return `${collectionPath(type, namespace)}/${encodeURIComponent(name)}`;
}

/** `namespace/name`: the work queue's key for an object. */
export function objectKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

export function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/** The kinds the runtime itself reads and writes (the owned kinds come from render/). */
export const CoreResources = {
  secret: { apiVersion: 'v1', kind: 'Secret', plural: 'secrets' },
  deployment: { apiVersion: 'apps/v1', kind: 'Deployment', plural: 'deployments' },
  lease: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', plural: 'leases' },
  event: { apiVersion: 'events.k8s.io/v1', kind: 'Event', plural: 'events' },
} as const satisfies Readonly<Record<string, ResourceType>>;
