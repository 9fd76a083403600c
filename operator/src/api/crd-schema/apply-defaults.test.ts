import { describe, expect, it } from 'vitest';
import { applyDefaults } from './apply-defaults.js';
import type { SchemaNode } from './schema-node.js';

const schema: SchemaNode = {
  type: 'object',
  properties: {
    limits: {
      type: 'object',
      default: {},
      properties: { max: { type: 'integer', default: 10 }, min: { type: 'integer' } },
    },
    list: {
      type: 'array',
      items: { type: 'object', properties: { on: { type: 'boolean', default: false } } },
    },
    map: {
      type: 'object',
      additionalProperties: { type: 'object', properties: { weight: { type: 'integer', default: 1 } } },
    },
    pdb: { type: 'object', default: { max: 1 }, properties: { enabled: { type: 'boolean', default: true } } },
  },
};

describe('applyDefaults', () => {
  it('defaults missing fields, then the fields inside defaulted objects', () => {
    expect(applyDefaults({}, schema)).toEqual({ limits: { max: 10 }, pdb: { max: 1, enabled: true } });
  });

  it('keeps what is set, and defaults inside lists and maps', () => {
    const value = {
      limits: { max: 3 },
      list: [{}, { on: true }],
      map: { a: {}, b: { weight: 5 } },
      extra: 'kept',
    };
    expect(applyDefaults(value, schema)).toEqual({
      limits: { max: 3 },
      list: [{ on: false }, { on: true }],
      map: { a: { weight: 1 }, b: { weight: 5 } },
      pdb: { max: 1, enabled: true },
      extra: 'kept',
    });
  });

  it('does not change its input or share defaults between results', () => {
    const input = {};
    const first = applyDefaults(input, schema);
    const second = applyDefaults(input, schema);
    expect(input).toEqual({});
    expect(first).toEqual(second);
    expect(first).not.toBe(second);
  });
});
