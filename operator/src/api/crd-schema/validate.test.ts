import { describe, expect, it } from 'vitest';
import type { SchemaNode } from './schema-node.js';
import { validateAgainstSchema } from './validate.js';

const schema: SchemaNode = {
  type: 'object',
  required: ['name'],
  properties: {
    metadata: { type: 'object' },
    name: { type: 'string', minLength: 1, maxLength: 5, pattern: '^[a-z]+$' },
    mode: { type: 'string', enum: ['a', 'b'] },
    count: { type: 'integer', format: 'int32', minimum: 1, maximum: 3 },
    ratio: { type: 'number' },
    on: { type: 'boolean' },
    when: { type: 'string', format: 'date-time' },
    tags: { type: 'array', maxItems: 2, 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
    items: {
      type: 'array',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['id'],
      items: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
    },
    labels: { type: 'object', maxProperties: 1, additionalProperties: { type: 'string' } },
    free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    bound: {
      'x-kubernetes-int-or-string': true,
      anyOf: [{ type: 'integer' }, { type: 'string' }],
      maxLength: 4,
    },
  },
};

describe('validateAgainstSchema', () => {
  it('accepts a value that meets every keyword', () => {
    const value = {
      metadata: { name: 'anything', labels: { a: 'b' } },
      name: 'abc',
      mode: 'a',
      count: 2,
      ratio: 0.5,
      on: true,
      when: '2025-01-01T00:00:00Z',
      tags: ['x', 'y'],
      items: [{ id: '1' }, { id: '2' }],
      labels: { k: 'v' },
      free: { anything: { goes: [1] } },
      bound: '50%',
    };
    expect(validateAgainstSchema(value, schema)).toEqual([]);
    expect(validateAgainstSchema({ name: 'a', bound: 3 }, schema)).toEqual([]);
  });

  it('names each problem by its path', () => {
    const value = {
      metadata: 'x',
      mode: 'c',
      count: 2.5,
      ratio: '1',
      on: 'yes',
      when: 'yesterday',
      tags: ['x', 'x', 'y'],
      items: [{ id: '1' }, { id: '1' }, {}],
      labels: { a: 'b', c: 'd' },
      extra: 1,
      bound: true,
    };
    expect(validateAgainstSchema(value, schema)).toEqual([
      'name: required',
      'metadata: expected an object',
      'mode: "c" is not one of "a", "b"',
      'count: expected an integer',
      'ratio: expected a number',
      'on: expected a boolean',
      'when: "yesterday" is not an RFC 3339 date-time',
      'tags: more than 2 items',
      'tags: duplicate entries "x"',
      'items[2].id: required',
      'items: duplicate entries ["1"]',
      'labels: more than 1 properties',
      'extra: unknown field',
      'bound: expected an integer or a string',
    ]);
  });

  it('checks string lengths in characters, patterns and number bounds', () => {
    expect(validateAgainstSchema({ name: 'ééééé' }, schema)).toEqual([
      'name: "ééééé" does not match ^[a-z]+$',
    ]);
    expect(validateAgainstSchema({ name: '' }, schema)).toEqual([
      'name: shorter than 1',
      'name: "" does not match ^[a-z]+$',
    ]);
    expect(validateAgainstSchema({ name: 'abcdef', count: 0, bound: '10000%' }, schema)).toEqual([
      'name: longer than 5',
      'count: below 1',
      'bound: longer than 4',
    ]);
  });
});
