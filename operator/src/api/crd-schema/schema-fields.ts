import { isRecord, mapValueSchema, propertyOf, type SchemaNode } from './schema-node.js';

/** `always`: required by the schema or defaulted, so present whenever its parent is. */
export type FieldPresence = 'always' | 'optional';

/**
 * One property of a schema: its path (`kafka.retention.messages`, `auth.issuers[].issuer`), the
 * TypeScript type a value of it has (objects and lists of objects are `'object'` and `'array'`,
 * their properties being fields of their own) and its presence.
 */
export interface SchemaField {
  readonly path: string;
  readonly tsType: string;
  readonly presence: FieldPresence;
}

/** Every property below `node`, depth first in schema order. Maps and free-form objects are leaves. */
export function schemaFields(node: SchemaNode, prefix = ''): SchemaField[] {
  const fields: SchemaField[] = [];
  const required = new Set(node.required ?? []);
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const path = `${prefix}${key}`;
    const presence: FieldPresence = required.has(key) || child.default !== undefined ? 'always' : 'optional';
    const itemSchema = child.items;
    if (child.type === 'array' && itemSchema?.properties !== undefined) {
      fields.push({ path, tsType: "'array'", presence }, ...schemaFields(itemSchema, `${path}[].`));
    } else if (child.type === 'object' && child.properties !== undefined) {
      fields.push({ path, tsType: "'object'", presence }, ...schemaFields(child, `${path}.`));
    } else {
      fields.push({ path, tsType: leafType(child), presence });
    }
  }
  return fields;
}

function leafType(node: SchemaNode): string {
  if (node['x-kubernetes-int-or-string'] === true) return 'number | string';
  if (node.enum !== undefined)
    return node.enum.map((v) => JSON.stringify(v).replaceAll('"', "'")).join(' | ');
  switch (node.type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array':
      return node.items === undefined ? 'readonly unknown[]' : `readonly (${leafType(node.items)})[]`;
    case 'object': {
      const values = mapValueSchema(node);
      return `Readonly<Record<string, ${values === undefined ? 'unknown' : leafType(values)}>>`;
    }
    default:
      return 'unknown';
  }
}

/**
 * The field paths a value sets, read with its schema (so a map is one field, not one per key);
 * list items contribute their fields under `path[]`. Fields the schema does not know are listed
 * too, so a comparison with schemaFields finds them.
 */
export function valueFieldPaths(value: unknown, node: SchemaNode, prefix = ''): Set<string> {
  const paths = new Set<string>();
  if (!isRecord(value) || node.properties === undefined) return paths;
  for (const [key, child] of Object.entries(value)) {
    const path = `${prefix}${key}`;
    paths.add(path);
    const childSchema = propertyOf(node, key);
    if (childSchema === undefined) continue;
    const itemSchema = childSchema.items;
    if (Array.isArray(child) && itemSchema !== undefined) {
      for (const item of child as readonly unknown[]) {
        for (const p of valueFieldPaths(item, itemSchema, `${path}[].`)) paths.add(p);
      }
    } else {
      for (const p of valueFieldPaths(child, childSchema, `${path}.`)) paths.add(p);
    }
  }
  return paths;
}

/**
 * A TypeScript module declaring the fields of a CRD's spec and status as tuple unions
 * `[path, type, presence]`, which `FieldDrift` (field-types.ts) compares with hand-written types
 * at compile time. Unformatted: the caller runs it through prettier.
 */
export function renderFieldsModule(
  source: string,
  roots: readonly { readonly typeName: string; readonly doc: string; readonly node: SchemaNode }[],
): string {
  const lines = [
    `// Generated from ${source} by operator/src/api/v1alpha1/schema.test.ts; do not edit.`,
    '// After changing the CRD, regenerate with `npx vitest run -u src/api` in operator/.',
    '',
  ];
  for (const { typeName, doc, node } of roots) {
    lines.push(`/** ${doc} */`, `export type ${typeName} =`);
    for (const field of schemaFields(node)) {
      lines.push(`  | ['${field.path}', ${field.tsType}, '${field.presence}']`);
    }
    lines.push(';', '');
  }
  return lines.join('\n');
}
