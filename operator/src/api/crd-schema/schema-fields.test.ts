import { describe, expect, it } from 'vitest';
import { renderFieldsModule, schemaFields, valueFieldPaths } from './schema-fields.js';
import type { SchemaNode } from './schema-node.js';

const schema: SchemaNode = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string' },
    mode: { type: 'string', enum: ['a', 'b'], default: 'a' },
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id'],
        properties: { id: { type: 'string' }, n: { type: 'integer' } },
      },
    },
    tags: { type: 'array', items: { type: 'string' } },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    bound: { 'x-kubernetes-int-or-string': true },
    nested: { type: 'object', default: {}, properties: { on: { type: 'boolean' } } },
  },
};

describe('schemaFields', () => {
  it('lists every property with its TypeScript type and presence', () => {
    expect(schemaFields(schema)).toEqual([
      { path: 'name', tsType: 'string', presence: 'always' },
      { path: 'mode', tsType: "'a' | 'b'", presence: 'always' },
      { path: 'items', tsType: "'array'", presence: 'optional' },
      { path: 'items[].id', tsType: 'string', presence: 'always' },
      { path: 'items[].n', tsType: 'number', presence: 'optional' },
      { path: 'tags', tsType: 'readonly (string)[]', presence: 'optional' },
      { path: 'labels', tsType: 'Readonly<Record<string, string>>', presence: 'optional' },
      { path: 'free', tsType: 'Readonly<Record<string, unknown>>', presence: 'optional' },
      { path: 'bound', tsType: 'number | string', presence: 'optional' },
      { path: 'nested', tsType: "'object'", presence: 'always' },
      { path: 'nested.on', tsType: 'boolean', presence: 'optional' },
    ]);
  });

  it('renders them as tuple unions', () => {
    const module = renderFieldsModule('x.yaml', [{ typeName: 'XField', doc: 'X.', node: schema }]);
    expect(module).toContain("export type XField =\n  | ['name', string, 'always']\n");
    expect(module).toContain("  | ['items[].id', string, 'always']\n");
  });
});

describe('valueFieldPaths', () => {
  it('lists what a value sets, maps as one field and list items merged', () => {
    const value = {
      name: 'x',
      items: [{ id: '1' }, { id: '2', n: 3 }],
      labels: { a: 'b' },
      free: { deep: 1 },
      odd: 1,
    };
    expect([...valueFieldPaths(value, schema)].sort()).toEqual([
      'free',
      'items',
      'items[].id',
      'items[].n',
      'labels',
      'name',
      'odd',
    ]);
  });
});
