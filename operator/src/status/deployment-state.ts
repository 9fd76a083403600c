import type { KubeObject } from '../kube/index.js';

/** What the status needs from the gateway Deployment. */
export interface DeploymentState {
  /** spec.replicas: what the spec or the HPA asks for. */
  readonly desired: number;
  readonly replicas: number;
  readonly updatedReplicas: number;
  readonly readyReplicas: number;
  /** The Deployment controller has seen the newest spec. */
  readonly observed: boolean;
}

function count(value: unknown, fallback = 0): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** Reads a Deployment's spec and status; the API server omits zero counts, so absent means 0. */
export function deploymentState(deployment: KubeObject): DeploymentState {
  const spec = (deployment['spec'] ?? {}) as Record<string, unknown>;
  const status = (deployment['status'] ?? {}) as Record<string, unknown>;
  return {
    desired: count(spec['replicas'], 1),
    replicas: count(status['replicas']),
    updatedReplicas: count(status['updatedReplicas']),
    readyReplicas: count(status['readyReplicas']),
    observed: count(status['observedGeneration'], -1) >= count(deployment.metadata.generation, 0),
  };
}
