import { isRecord, mapValueSchema, propertyOf, type SchemaNode } from './schema-node.js';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
// RFC 3339, as metav1.Time serializes it.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Checks a value against a structural schema the way the API server's OpenAPI validation does,
 * for the keywords in SchemaNode: types, int-or-string, enum, bounds, lengths, patterns,
 * required, list types and unknown fields (reported, as `kubectl --validate=strict` does, rather
 * than pruned). CEL rules are not evaluated: only the real API server runs them. Returns one
 * `path: problem` line per problem, none when the value is valid.
 */
export function validateAgainstSchema(value: unknown, schema: SchemaNode, path = ''): string[] {
  const at = path === '' ? '<root>' : path;
  // A custom resource's metadata is ObjectMeta, which the API server validates itself; the CRD
  // schema only says `type: object` there.
  if (path === 'metadata') return isRecord(value) ? [] : [`${at}: expected an object`];
  if (schema['x-kubernetes-int-or-string'] === true) {
    if (typeof value === 'number') return Number.isInteger(value) ? [] : [`${at}: expected an integer`];
    if (typeof value === 'string') return checkString(value, schema, at);
    return [`${at}: expected an integer or a string`];
  }
  const problems = checkEnum(value, schema, at);
  switch (schema.type) {
    case 'object':
      return [...problems, ...checkObject(value, schema, path, at)];
    case 'array':
      return [...problems, ...checkArray(value, schema, path, at)];
    case 'string':
      return typeof value === 'string'
        ? [...problems, ...checkString(value, schema, at)]
        : [`${at}: expected a string`];
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value)
        ? [...problems, ...checkNumber(value, schema, at)]
        : [`${at}: expected an integer`];
    case 'number':
      return typeof value === 'number'
        ? [...problems, ...checkNumber(value, schema, at)]
        : [`${at}: expected a number`];
    case 'boolean':
      return typeof value === 'boolean' ? problems : [`${at}: expected a boolean`];
    default:
      return problems;
  }
}

function checkEnum(value: unknown, schema: SchemaNode, at: string): string[] {
  if (schema.enum === undefined || schema.enum.includes(value)) return [];
  return [
    `${at}: ${JSON.stringify(value)} is not one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`,
  ];
}

function checkString(value: string, schema: SchemaNode, at: string): string[] {
  const problems: string[] = [];
  // The API server counts code points (Go runes), not UTF-16 code units or grapheme clusters.
  const length = Array.from(value).length;
  if (schema.minLength !== undefined && length < schema.minLength) {
    problems.push(`${at}: shorter than ${schema.minLength}`);
  }
  if (schema.maxLength !== undefined && length > schema.maxLength) {
    problems.push(`${at}: longer than ${schema.maxLength}`);
  }
  if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) {
    problems.push(`${at}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
  }
  if (schema.format === 'date-time' && !DATE_TIME.test(value)) {
    problems.push(`${at}: ${JSON.stringify(value)} is not an RFC 3339 date-time`);
  }
  return problems;
}

function checkNumber(value: number, schema: SchemaNode, at: string): string[] {
  const problems: string[] = [];
  if (schema.minimum !== undefined && value < schema.minimum) problems.push(`${at}: below ${schema.minimum}`);
  if (schema.maximum !== undefined && value > schema.maximum) problems.push(`${at}: above ${schema.maximum}`);
  if (schema.format === 'int32' && (value < INT32_MIN || value > INT32_MAX)) {
    problems.push(`${at}: outside int32`);
  }
  return problems;
}

function checkObject(value: unknown, schema: SchemaNode, path: string, at: string): string[] {
  if (!isRecord(value)) return [`${at}: expected an object`];
  const problems: string[] = [];
  for (const key of schema.required ?? []) {
    if (!Object.hasOwn(value, key)) problems.push(`${join(path, key)}: required`);
  }
  const keys = Object.keys(value);
  if (schema.maxProperties !== undefined && keys.length > schema.maxProperties) {
    problems.push(`${at}: more than ${schema.maxProperties} properties`);
  }
  const valueSchema = mapValueSchema(schema);
  for (const key of keys) {
    const child = propertyOf(schema, key) ?? valueSchema;
    if (child !== undefined) {
      problems.push(...validateAgainstSchema(value[key], child, join(path, key)));
    } else if (schema['x-kubernetes-preserve-unknown-fields'] !== true) {
      problems.push(`${join(path, key)}: unknown field`);
    }
  }
  return problems;
}

function checkArray(value: unknown, schema: SchemaNode, path: string, at: string): string[] {
  if (!Array.isArray(value)) return [`${at}: expected an array`];
  const items: readonly unknown[] = value;
  const problems: string[] = [];
  if (schema.minItems !== undefined && items.length < schema.minItems) {
    problems.push(`${at}: fewer than ${schema.minItems} items`);
  }
  if (schema.maxItems !== undefined && items.length > schema.maxItems) {
    problems.push(`${at}: more than ${schema.maxItems} items`);
  }
  if (schema.items !== undefined) {
    const itemSchema = schema.items;
    items.forEach((item, i) => problems.push(...validateAgainstSchema(item, itemSchema, `${path}[${i}]`)));
  }
  const listType = schema['x-kubernetes-list-type'];
  if (listType === 'set' || listType === 'map') {
    const mapKeys = schema['x-kubernetes-list-map-keys'] ?? [];
    const identities = items.map((item) =>
      listType === 'set'
        ? JSON.stringify(item)
        : JSON.stringify(mapKeys.map((k) => (isRecord(item) ? item[k] : undefined))),
    );
    const duplicates = identities.filter((id, i) => identities.indexOf(id) !== i);
    if (duplicates.length > 0)
      problems.push(`${at}: duplicate entries ${[...new Set(duplicates)].join(', ')}`);
  }
  return problems;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}
