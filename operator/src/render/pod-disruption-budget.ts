import type { V1PodDisruptionBudgetSpec } from './kube-model.js';
import { gatewayObjectLabels } from './common-labels.js';
import { selectorLabels } from './labels.js';
import { objectMeta } from './object-meta.js';
import { objectNames } from './object-names.js';
import type { RenderInput, RenderedObject } from './render-input.js';

/**
 * The PDB (policy/v1), or undefined when disabled: minAvailable or maxUnavailable as set, neither
 * meaning maxUnavailable 1. Unhealthy pods may always be evicted: an unready gateway serves no one,
 * and guarding it would only block node drains (e.g. while Kafka is down and no pod is ready).
 */
export function renderPodDisruptionBudget(input: RenderInput): RenderedObject | undefined {
  const { gateway } = input;
  const budget = gateway.spec.podDisruptionBudget;
  if (!budget.enabled) return undefined;
  const limit =
    budget.minAvailable !== undefined
      ? { minAvailable: budget.minAvailable }
      : { maxUnavailable: budget.maxUnavailable ?? 1 };
  const spec: V1PodDisruptionBudgetSpec = {
    selector: { matchLabels: { ...selectorLabels(gateway) } },
    ...limit,
    unhealthyPodEvictionPolicy: 'AlwaysAllow',
  };
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: objectMeta(gateway, objectNames(gateway).podDisruptionBudget, gatewayObjectLabels(input)),
    spec,
  };
}
