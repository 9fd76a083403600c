import { isRecord, mapValueSchema, propertyOf, type SchemaNode } from './schema-node.js';

/**
 * Returns a copy of `value` with the schema's defaults filled in, as the API server does when it
 * reads or writes a custom resource: a missing property with a `default` gets a copy of it, and
 * defaulting then continues inside, so a parent defaulted to `{}` gets its children's defaults.
 */
export function applyDefaults(value: unknown, schema: SchemaNode): unknown {
  if (Array.isArray(value)) {
    const itemSchema = schema.items;
    return itemSchema === undefined
      ? structuredClone(value)
      : value.map((item: unknown) => applyDefaults(item, itemSchema));
  }
  if (!isRecord(value) || schema.type !== 'object') return structuredClone(value);
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    if (Object.hasOwn(value, key)) {
      result[key] = applyDefaults(value[key], child);
    } else if (child.default !== undefined) {
      result[key] = applyDefaults(structuredClone(child.default), child);
    }
  }
  const valueSchema = mapValueSchema(schema);
  for (const [key, item] of Object.entries(value)) {
    if (propertyOf(schema, key) !== undefined) continue;
    result[key] = valueSchema === undefined ? structuredClone(item) : applyDefaults(item, valueSchema);
  }
  return result;
}
