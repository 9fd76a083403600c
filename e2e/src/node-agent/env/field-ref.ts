import type { V1Container } from '../kube/objects.js';
import { NodeAgentError, NodeAgentErrorCode } from '../errors.js';
import type { Pod } from '../kube/objects.js';
import { divideQuantity } from './quantity.js';

/** What the downward API can see of a pod beyond its object: where it runs. */
export interface PodPlacement {
  readonly podIP: string;
  readonly hostIP: string;
  readonly nodeName: string;
  /** Used for limits a container does not set, as the kubelet uses the node's allocatable. */
  readonly allocatable: Readonly<Record<string, string>>;
}

function configError(message: string): NodeAgentError {
  return new NodeAgentError(NodeAgentErrorCode.ConfigSource, message);
}

const SUBSCRIPT = /^metadata\.(labels|annotations)\['([^']*)'\]$/;

/** Formats a label or annotation map as the downward API volume writes it: sorted `k="v"` lines. */
export function formatMap(map: Readonly<Record<string, string>> | undefined): string {
  return Object.keys(map ?? {})
    .sort()
    .map((k) => `${k}=${JSON.stringify(map?.[k] ?? '')}`)
    .join('\n');
}

/**
 * The value of a downward API fieldRef. `wholeMaps` allows metadata.labels and
 * metadata.annotations, which only volumes may use.
 */
export function resolveFieldRef(
  pod: Pod,
  placement: PodPlacement,
  fieldPath: string,
  wholeMaps = false,
): string {
  const meta = pod.metadata;
  const subscript = SUBSCRIPT.exec(fieldPath);
  if (subscript !== null) {
    const map = subscript[1] === 'labels' ? meta.labels : meta.annotations;
    return map?.[subscript[2] ?? ''] ?? '';
  }
  switch (fieldPath) {
    case 'metadata.name':
      return meta.name;
    case 'metadata.namespace':
      return meta.namespace ?? 'default';
    case 'metadata.uid':
      return meta.uid ?? '';
    case 'spec.nodeName':
      return pod.spec.nodeName ?? placement.nodeName;
    case 'spec.serviceAccountName':
      return pod.spec.serviceAccountName ?? '';
    case 'status.podIP':
    case 'status.podIPs':
      return placement.podIP;
    case 'status.hostIP':
    case 'status.hostIPs':
      return placement.hostIP;
    case 'metadata.labels':
    case 'metadata.annotations':
      if (wholeMaps) return formatMap(fieldPath === 'metadata.labels' ? meta.labels : meta.annotations);
      break;
  }
  throw configError(`unsupported fieldRef.fieldPath "${fieldPath}"`);
}

/** A resourceFieldRef: the container's request or limit (limits default to the node's allocatable). */
export function resolveResourceFieldRef(
  container: V1Container | undefined,
  resource: string,
  divisor: string | undefined,
  placement: PodPlacement,
): string {
  const [kind, name] = resource.split('.', 2) as [string, string | undefined];
  if ((kind !== 'limits' && kind !== 'requests') || name === undefined) {
    throw configError(`unsupported resourceFieldRef.resource "${resource}"`);
  }
  const limits = container?.resources?.limits ?? {};
  const requests = container?.resources?.requests ?? {};
  const value =
    kind === 'limits'
      ? (limits[name] ?? placement.allocatable[name])
      : (requests[name] ?? limits[name] ?? '0');
  if (value === undefined) throw configError(`no value for resourceFieldRef "${resource}"`);
  return divideQuantity(value, divisor);
}
