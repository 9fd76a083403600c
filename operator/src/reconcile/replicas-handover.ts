import type { KubeObject } from '../kube/index.js';
import type { RenderedObject } from '../render/render-input.js';

/**
 * Holds a Deployment's spec.replicas for the moment the operator stops applying it. Server-side
 * apply removes a field whose only manager stops sending it, and the API server would then default
 * replicas to 1 until the HPA acts; with a second manager on the field it keeps its value, and the
 * HPA's first scale takes it over (Kubernetes' "transferring ownership" procedure).
 */
export const HANDOVER_FIELD_MANAGER = 'cmf-operator-handover';

interface ManagedFieldsEntry {
  readonly manager?: string;
  readonly operation?: string;
  readonly subresource?: string;
  readonly fieldsV1?: { readonly 'f:spec'?: Readonly<Record<string, unknown>> };
}

/** Whether `manager` owns spec.replicas of the live object through server-side apply. */
export function appliesReplicas(live: KubeObject, manager: string): boolean {
  const entries = (live.metadata as { managedFields?: readonly ManagedFieldsEntry[] }).managedFields ?? [];
  return entries.some(
    (entry) =>
      entry.manager === manager &&
      entry.operation === 'Apply' &&
      (entry.subresource ?? '') === '' &&
      entry.fieldsV1?.['f:spec']?.['f:replicas'] !== undefined,
  );
}

/** A rendered Deployment that leaves spec.replicas to someone else (the HPA). */
export function leavesReplicas(object: RenderedObject): boolean {
  const spec = object['spec'] as { replicas?: unknown } | undefined;
  return object.apiVersion === 'apps/v1' && object.kind === 'Deployment' && spec?.replicas === undefined;
}

/**
 * The patch to apply as HANDOVER_FIELD_MANAGER before `rendered` (which leaves spec.replicas out)
 * replaces what `manager` applied last: only spec.replicas, at its live value. Undefined when
 * there is nothing to hand over: no live object yet, or `manager` does not own the field any more.
 */
export function replicasHandover(
  rendered: RenderedObject,
  live: KubeObject | undefined,
  manager: string,
): RenderedObject | undefined {
  if (live === undefined || !leavesReplicas(rendered) || !appliesReplicas(live, manager)) return undefined;
  const replicas = (live['spec'] as { replicas?: unknown } | undefined)?.replicas;
  if (typeof replicas !== 'number') return undefined;
  return {
    apiVersion: rendered.apiVersion,
    kind: rendered.kind,
    metadata: { name: rendered.metadata.name, namespace: rendered.metadata.namespace },
    spec: { replicas },
  };
}
