/** One CEL rule of `x-kubernetes-validations`. */
export interface SchemaValidation {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly fieldPath?: string;
  readonly reason?: string;
}

/**
 * The subset of a structural OpenAPI v3 schema (apiextensions.k8s.io/v1 JSONSchemaProps) that CMF's
 * CRDs use. Anything else in a CRD is ignored by the helpers in this folder.
 */
export interface SchemaNode {
  readonly type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  readonly description?: string;
  readonly format?: string;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly required?: readonly string[];
  readonly items?: SchemaNode;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly maxProperties?: number;
  readonly anyOf?: readonly SchemaNode[];
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  readonly 'x-kubernetes-validations'?: readonly SchemaValidation[];
}

export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `properties[key]` without the prototype chain (a property named `constructor` is data here). */
export function propertyOf(node: SchemaNode, key: string): SchemaNode | undefined {
  return node.properties !== undefined && Object.hasOwn(node.properties, key)
    ? node.properties[key]
    : undefined;
}

/** The schema of a map's values, when the node is a map (additionalProperties with a schema). */
export function mapValueSchema(node: SchemaNode): SchemaNode | undefined {
  return typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
}

/** The node at a dotted path of property names (`spec.kafka.partitions`); `[]` steps into items. */
export function schemaAt(root: SchemaNode, path: string): SchemaNode | undefined {
  let node: SchemaNode | undefined = root;
  for (const step of path.split('.')) {
    if (node === undefined) return undefined;
    const name = step.endsWith('[]') ? step.slice(0, -2) : step;
    node = propertyOf(node, name);
    if (step.endsWith('[]')) node = node?.items;
  }
  return node;
}
