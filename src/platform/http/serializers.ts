// Response serialisers built with only the shared schemas each route uses, and one validator
// compiler for every route. Both compile a route's schema when the route first needs it, not when
// the server starts: compiling every route's validators and serialisers was half a second of a cold
// start, and most routes are not asked for in a server's first minutes (many never, in a given
// process), so their compiled code no longer takes memory either. `compileAll` compiles what is
// still pending, so a test can tell every schema compiles.
//
// Fastify hands the serialiser of every route every shared schema (`addSchema`), and
// fast-json-stringify checks and indexes each of them again for each route. The shared event schema
// holds every event type's payload, so start-up cost grew with routes × event types: most of a
// cold start. Here a route's serialiser gets the shared schemas its own schema refers to, directly
// or through another shared schema (usually none), and a schema object used by several routes (a
// GET and its HEAD, the error schema) is compiled once. The output is the same: the same schema
// and the same referenced schemas go to the same compiler.
import { createRequire } from 'node:module';
import type { AjvCompiler as AjvCompilerType } from '@fastify/ajv-compiler';
import type buildType from 'fast-json-stringify';

// Ajv and fast-json-stringify are loaded when a first schema is compiled, not with the server.
const require = createRequire(import.meta.url);
const build = (schema: buildType.Schema, options: buildType.Options): Serializer => (require('fast-json-stringify') as typeof buildType)(schema, options);
const AjvCompiler = () => (require('@fastify/ajv-compiler') as { AjvCompiler: typeof AjvCompilerType }).AjvCompiler();

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

/** Compilations not done yet, by the server they belong to (see `compileAll`). */
type Pending = Set<() => unknown>;

/** A getter of `compile()`'s result, compiled on the first get and pending (for `compileAll`) until then. */
function onFirstUse<T>(compile: () => T, pending: Pending): () => T {
  let made: { value: T } | undefined;
  const get = () => {
    if (!made) {
      made = { value: compile() };
      pending.delete(get);
    }
    return made.value;
  };
  pending.add(get);
  return get;
}

/** `compile()`'s function, made on its first call. */
function lazySerializer(compile: () => Serializer, pending: Pending): Serializer {
  const get = onFirstUse(compile, pending);
  return (data) => get()(data);
}

/** What Fastify reads of a validation function: it is called, then its `errors` read; `schemaEnv` (Ajv's) says it takes the parent. */
type Validate = ((...args: unknown[]) => unknown) & { errors?: unknown; schemaEnv?: unknown };

/** `compile()`'s validation function, made when Fastify first asks about it or calls it. */
function lazyValidator(compile: () => Validate, pending: Pending): Validate {
  const get = onFirstUse(compile, pending);
  const lazy = function (this: unknown, ...args: unknown[]) { return get().apply(this, args); } as Validate;
  Object.defineProperties(lazy, {
    // Fastify reads schemaEnv before calling and errors after: both are the compiled function's.
    schemaEnv: { get: () => get().schemaEnv },
    errors: { get: () => get().errors, set: (value: unknown) => { get().errors = value; } },
  });
  return lazy;
}

/** Compilers that keep the schemas of one server and can be told to compile all they hold. */
export interface LazyCompilers {
  buildSerializer: ReturnType<typeof narrowSerializerBuilder>;
  buildValidator: ReturnType<typeof reusedValidatorBuilder>;
  /** Compiles every route's validators and serialisers not compiled yet; throws as the first that fails. */
  compileAll: () => void;
}

/** Fastify's `schemaController.compilersFactory` for one server, compiling each schema on first use. */
export function lazyCompilers(): LazyCompilers {
  const pending: Pending = new Set();
  return {
    buildSerializer: narrowSerializerBuilder(pending),
    buildValidator: reusedValidatorBuilder(pending),
    compileAll: () => { for (const compile of [...pending]) compile(); },
  };
}

/** Fastify's `schemaController.compilersFactory.buildSerializer`; with `pending`, each serialiser is compiled on its first use. */
export function narrowSerializerBuilder(pending?: Pending) {
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
    const compile = () => build(schema as buildType.Schema, { ...(options as buildType.Options | undefined), schema: uses as Record<string, buildType.Schema> });
    const serializer = pending ? lazySerializer(compile, pending) : compile();
    if (key) built.set(key, { uses, serializer });
    return serializer;
  };
}

/**
 * Fastify's `schemaController.compilersFactory.buildValidator`. Once a shared schema is added,
 * Fastify asks for the validator compiler again for every route, and the default finds its one Ajv
 * instance by the shared schemas written out as JSON (the whole event schema) each time. Here the
 * same shared schemas (the same objects) give the same compiler at once. With `pending`, each
 * route's validator is compiled on its first use.
 */
export function reusedValidatorBuilder(pending?: Pending) {
  let pool: ReturnType<typeof AjvCompiler> | undefined;
  const buildCompiler: ReturnType<typeof AjvCompiler> = (externals, options) => (pool ??= AjvCompiler())(externals, options);
  type Compiler = ReturnType<typeof buildCompiler>;
  let last: { externals: Schemas; options: unknown; compiler: Compiler } | undefined;
  return (externals: Parameters<typeof buildCompiler>[0], options: Parameters<typeof buildCompiler>[1]): Compiler => {
    if (last && last.options === options && sameSchemas(last.externals, externals)) return last.compiler;
    let eager: Compiler | undefined;
    // Ajv itself, with the shared schemas added, is made when a first route's validator is compiled.
    const compilerOf = () => (eager ??= buildCompiler(externals, options));
    const compiler: Compiler = pending
      ? (route) => lazyValidator(() => compilerOf()(route) as unknown as Validate, pending) as unknown as ReturnType<Compiler>
      : compilerOf();
    last = { externals, options, compiler };
    return compiler;
  };
}
