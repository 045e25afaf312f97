// Response serialisers built at start-up with only the shared schemas each route uses, and one
// validator compiler for every route.
//
// Fastify hands the serialiser of every route every shared schema (`addSchema`), and
// fast-json-stringify checks and indexes each of them again for each route. The shared event schema
// holds every event type's payload, so start-up cost grew with routes × event types: most of a
// cold start. Here a route's serialiser gets the shared schemas its own schema refers to, directly
// or through another shared schema (usually none), and a schema object used by several routes (a
// GET and its HEAD, the error schema) is compiled once. The output is the same: the same schema
// and the same referenced schemas go to the same compiler.
import { AjvCompiler } from '@fastify/ajv-compiler';
import build from 'fast-json-stringify';

type Schemas = Record<string, unknown>;
type Serializer = (data: unknown) => string;
interface RouteSchema { schema?: unknown }

/** The ids of the shared schemas `schema` refers to, with those they refer to in turn. */
export function referencedSchemas(schema: unknown, shared: Schemas): Schemas {
  const found: Schemas = {};
  const visit = (node: unknown, seen: Set<unknown>) => {
    if (typeof node !== 'object' || node === null || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const item of node) visit(item, seen);
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        const id = value.split('#')[0];
        if (id && !(id in found) && id in shared) {
          found[id] = shared[id];
          visit(shared[id], seen);
        }
      } else {
        visit(value, seen);
      }
    }
  };
  visit(schema, new Set());
  return found;
}

const sameSchemas = (a: Schemas, b: Schemas) => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
};

/** Fastify's `schemaController.compilersFactory.buildSerializer`. */
export function narrowSerializerBuilder() {
  const built = new WeakMap<object, { uses: Schemas; serializer: Serializer }>();
  return (externals?: unknown, options?: unknown) => (route: RouteSchema): Serializer => {
    const schema = route.schema;
    const uses = referencedSchemas(schema, (externals ?? {}) as Schemas);
    // A schema that is itself shared is not handed to the compiler twice.
    if (typeof schema === 'object' && schema !== null && typeof (schema as { $id?: unknown }).$id === 'string') {
      delete uses[(schema as { $id: string }).$id];
    }
    const key = typeof schema === 'object' && schema !== null ? schema : undefined;
    const known = key && built.get(key);
    if (known && sameSchemas(known.uses, uses)) return known.serializer;
    const serializer = build(schema as build.Schema, { ...(options as build.Options | undefined), schema: uses as Record<string, build.Schema> });
    if (key) built.set(key, { uses, serializer });
    return serializer;
  };
}

/**
 * Fastify's `schemaController.compilersFactory.buildValidator`. Once a shared schema is added,
 * Fastify asks for the validator compiler again for every route, and the default finds its one Ajv
 * instance by the shared schemas written out as JSON (the whole event schema) each time. Here the
 * same shared schemas (the same objects) give the same compiler at once.
 */
export function reusedValidatorBuilder() {
  const buildCompiler = AjvCompiler();
  let last: { externals: Schemas; options: unknown; compiler: ReturnType<typeof buildCompiler> } | undefined;
  return (externals: Parameters<typeof buildCompiler>[0], options: Parameters<typeof buildCompiler>[1]) => {
    if (last && last.options === options && sameSchemas(last.externals, externals)) return last.compiler;
    last = { externals, options, compiler: buildCompiler(externals, options) };
    return last.compiler;
  };
}
