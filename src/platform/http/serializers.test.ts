import { describe, expect, it } from 'vitest';
import { lazyCompilers, narrowSerializerBuilder, referencedSchemas } from './serializers.js';

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

  it('compiles a serialiser and a validator on first use, with the same results, and compileAll finds a broken schema', () => {
    const compilers = lazyCompilers();
    const schema = { type: 'object', properties: { items: { type: 'array', items: { $ref: 'Event#' } } } };
    const serialise = compilers.buildSerializer(shared, {})({ schema });
    expect(serialise({ items: [{ actor: { name: 'Ann', extra: 1 } }], other: 2 })).toBe('{"items":[{"actor":{"name":"Ann"}}]}');
    const validatorFor = compilers.buildValidator({}, { customOptions: { coerceTypes: 'array', allErrors: true } } as never);
    const validate = validatorFor({ schema: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] }, method: 'GET', url: '/', httpPart: 'querystring' }) as unknown as
      ((data: unknown) => boolean) & { errors?: { keyword: string }[]; schemaEnv?: unknown };
    expect(validate.schemaEnv).toBeDefined();
    const query: Record<string, unknown> = { n: '3' };
    expect(validate(query)).toBe(true);
    expect(query.n).toBe(3);
    expect(validate({})).toBe(false);
    expect(validate.errors?.map((e) => e.keyword)).toEqual(['required']);
    expect(() => compilers.compileAll()).not.toThrow();
    validatorFor({ schema: { type: 'object', properties: { n: { type: 'no-such-type' } } }, method: 'GET', url: '/broken', httpPart: 'querystring' });
    expect(() => compilers.compileAll()).toThrow();
  });
});
