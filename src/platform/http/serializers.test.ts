import { describe, expect, it } from 'vitest';
import { narrowSerializerBuilder, referencedSchemas } from './serializers.js';

const shared = {
  Event: { $id: 'Event', type: 'object', properties: { actor: { $ref: 'Actor#' } } },
  Actor: { $id: 'Actor', type: 'object', properties: { name: { type: 'string' } } },
  Unused: { $id: 'Unused', type: 'object', properties: { secret: { type: 'string' } } },
};

describe('serialisers with only the shared schemas a route uses', () => {
  it('finds the shared schemas a schema refers to, through one another, and no others', () => {
    const route = { type: 'object', properties: { items: { type: 'array', items: { $ref: 'Event#' } } } };
    expect(Object.keys(referencedSchemas(route, shared)).sort()).toEqual(['Actor', 'Event']);
    expect(referencedSchemas({ type: 'object', properties: { n: { type: 'integer' } } }, shared)).toEqual({});
  });

  it('serialises as before, and compiles a schema used by two routes once', () => {
    const compile = narrowSerializerBuilder()(shared, {});
    const schema = { type: 'object', properties: { items: { type: 'array', items: { $ref: 'Event#' } } } };
    const serialise = compile({ schema });
    expect(serialise({ items: [{ actor: { name: 'Ann', extra: 1 } }], other: 2 })).toBe('{"items":[{"actor":{"name":"Ann"}}]}');
    expect(compile({ schema })).toBe(serialise);
  });
});
