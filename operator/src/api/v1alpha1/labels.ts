// Label contracts shared by the operator, the CRD's rules and the cluster policies in policies/.

/**
 * Labels the operator puts on every gateway pod and selects them by. The CRD refuses them in
 * spec.podMetadata.labels, and policies/network-policies.yaml selects gateway pods by Name.
 */
export const GatewayPodLabel = {
  Name: 'app.kubernetes.io/name',
  Instance: 'app.kubernetes.io/instance',
  ManagedBy: 'app.kubernetes.io/managed-by',
} as const;
export type GatewayPodLabel = (typeof GatewayPodLabel)[keyof typeof GatewayPodLabel];

/** Values of GatewayPodLabel.Name and .ManagedBy (Instance is the ChatGateway's name). */
export const GatewayPodLabelValue = {
  Name: 'cmf-gateway',
  ManagedBy: 'cmf-operator',
} as const;

/** Namespace labels the cluster policies read. */
export const NamespaceLabel = {
  /** `development` allows what production forbids (e.g. spec.auth.queryToken). */
  Environment: 'cmf.io/environment',
} as const;

export const Environment = { Development: 'development' } as const;
