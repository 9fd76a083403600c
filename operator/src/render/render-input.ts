import type { ChatGateway } from '../api/v1alpha1/index.js';

/** What the operator's own configuration contributes to every ChatGateway it renders. */
export interface OperatorDefaults {
  /** Image of the gateway and the sidecar (one image, two entry points) when spec.image.reference is unset. */
  readonly gatewayImage: string;
  /** Used when spec.kafka.bootstrapServers is unset. */
  readonly kafkaBootstrapServers: readonly string[];
}

/** Everything a render needs; rendering does no I/O and returns the same objects for the same input. */
export interface RenderInput {
  /** As the API server serves it (defaulted), with metadata.name, namespace and uid set. */
  readonly gateway: ChatGateway;
  readonly defaults: OperatorDefaults;
}

/**
 * A Kubernetes object ready for server-side apply: apiVersion, kind, metadata (name, namespace,
 * labels, ownerReferences with controller: true) and the fields the operator owns, nothing else.
 */
export interface RenderedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly ownerReferences?: readonly OwnerReference[];
  };
  readonly [field: string]: unknown;
}

export interface OwnerReference {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
  readonly controller: true;
  readonly blockOwnerDeletion: true;
}
