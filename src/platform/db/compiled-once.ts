// A query on a hot path (the key of every kept answer) built and compiled once per kind of
// database, then run with new values: Kysely's building and compiling cost more than SQLite's
// lookup itself. The query is compiled with marker values, and each run puts the given values
// where the markers are, so the values stay bound parameters.
import { CompiledQuery, type Compilable, type Kysely, type QueryResult } from 'kysely';

const marker = (i: number) => `\u0000compiled-once:${i}\u0000`;

export function compiledOnce<P extends unknown[], R>(build: (ex: Kysely<any>, ...params: P) => Compilable<R>) {
  const compiled = new Map<unknown, CompiledQuery<R>>();
  return async (ex: Kysely<any>, ...params: P): Promise<QueryResult<R>> => {
    const adapter = ex.getExecutor().adapter.constructor;
    let query = compiled.get(adapter);
    if (!query) {
      query = build(ex, ...(params.map((_, i) => marker(i)) as P)).compile();
      compiled.set(adapter, query);
    }
    const parameters = query.parameters.map((p) => {
      const i = typeof p === 'string' && p.startsWith('\u0000compiled-once:') ? Number(p.slice(15, -1)) : -1;
      return i >= 0 ? params[i] : p;
    });
    return ex.executeQuery(CompiledQuery.raw(query.sql, parameters));
  };
}
