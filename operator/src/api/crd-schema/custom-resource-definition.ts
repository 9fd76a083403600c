import { isRecord, type SchemaNode } from './schema-node.js';

/** The parts of an apiextensions.k8s.io/v1 CustomResourceDefinition the checks read. */
export interface CustomResourceDefinition {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string };
  readonly spec: {
    readonly group: string;
    readonly scope: 'Namespaced' | 'Cluster';
    readonly names: {
      readonly kind: string;
      readonly listKind?: string;
      readonly plural: string;
      readonly singular?: string;
      readonly shortNames?: readonly string[];
    };
    readonly versions: readonly CustomResourceVersion[];
  };
}

export interface CustomResourceVersion {
  readonly name: string;
  readonly served: boolean;
  readonly storage: boolean;
  readonly schema: { readonly openAPIV3Schema: SchemaNode };
  readonly subresources?: {
    readonly status?: Readonly<Record<string, never>>;
    readonly scale?: {
      readonly specReplicasPath: string;
      readonly statusReplicasPath: string;
      readonly labelSelectorPath?: string;
    };
  };
  readonly additionalPrinterColumns?: readonly {
    readonly name: string;
    readonly type: string;
    readonly jsonPath: string;
    readonly description?: string;
    readonly priority?: number;
  }[];
}

/**
 * Narrows a parsed YAML document to a CRD. Only the shape is checked, shallowly: the API server
 * validates the rest when the CRD is applied (the integration tests do).
 */
export function asCustomResourceDefinition(doc: unknown): CustomResourceDefinition {
  if (!isRecord(doc) || doc['kind'] !== 'CustomResourceDefinition' || !isRecord(doc['spec'])) {
    throw new Error('not a CustomResourceDefinition');
  }
  if (!Array.isArray(doc['spec']['versions'])) throw new Error('CustomResourceDefinition without versions');
  return doc as unknown as CustomResourceDefinition;
}

export function crdVersion(crd: CustomResourceDefinition, name: string): CustomResourceVersion {
  const version = crd.spec.versions.find((v) => v.name === name);
  if (version === undefined) throw new Error(`${crd.metadata.name} has no version ${name}`);
  return version;
}
