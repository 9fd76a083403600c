/** A kind of object the operator creates for a ChatGateway. */
export interface OwnedKind {
  readonly apiVersion: string;
  readonly kind: string;
  /** The resource name in the API path. */
  readonly plural: string;
}

/**
 * Every kind the operator owns, for the runtime to watch (an edit or deletion by someone else
 * triggers a reconcile) and to prune: an object of these kinds controlled by a ChatGateway and not
 * rendered for it any more (a toggle turned off) is deleted. The sidecar token Secret is the one
 * exception to pruning: renderOwnedObjects never returns it, yet it must stay.
 */
export const ownedKinds: readonly OwnedKind[] = [
  { apiVersion: 'v1', kind: 'ConfigMap', plural: 'configmaps' },
  { apiVersion: 'v1', kind: 'Secret', plural: 'secrets' },
  { apiVersion: 'apps/v1', kind: 'Deployment', plural: 'deployments' },
  { apiVersion: 'v1', kind: 'Service', plural: 'services' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', plural: 'ingresses' },
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers' },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', plural: 'networkpolicies' },
];
