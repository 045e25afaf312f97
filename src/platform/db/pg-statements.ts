// Kysely's PostgreSQL driver sends every query unnamed, so the server parses and plans the same
// SQL text on each run. Named, a statement is parsed once per connection and its plan kept (pg
// remembers which names each connection has prepared). Kysely writes the same text for the same
// query shape, so a server's statements are few; a bound keeps odd shapes (long IN lists) from
// piling up prepared statements on every connection, and texts past it run unnamed as before.
//
// A statement whose result columns come from `*` is never named: a migration that adds a column
// (another instance upgrading while this one runs) would make PostgreSQL refuse its kept plan
// ("cached plan must not change result type"). Listed columns keep their shape.
//
// A statement whose best plan depends on its values carries PLAN_EACH_RUN and is never named either:
// after five runs PostgreSQL may switch a named statement to one generic plan for every value. A
// full-text search is the case in point: its generic plan guesses 50 matching documents, scans the
// index and then parses the search words again for every document it reads (10,000 documents: 7 ms
// planned for the words, 22–30 ms generic).
import { createHash } from 'node:crypto';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

/** Queries and writes; transaction control, DDL and settings run unnamed. */
const PLANNED = /^\s*(?:select|insert|update|delete|with)\b/i;
/** `select *`, `select t.*`, `returning *`, `, t.*`: result columns that follow the table's. */
const STAR_COLUMNS = /(?:\bselect|\breturning|,)\s+(?:"?[\w$]+"?\.)?\*/i;

/** A comment that keeps a statement unnamed, so PostgreSQL plans it for each run's values. */
export const PLAN_EACH_RUN = '/* plan each run */';

/** Names for SQL texts, given to at most `capacity` distinct texts. */
export class StatementNames {
  readonly #names = new Map<string, string>();

  constructor(readonly capacity = 500) {}

  /** The name to prepare `text` under, or undefined to send it unnamed. */
  nameOf(text: string): string | undefined {
    const known = this.#names.get(text);
    if (known !== undefined) return known;
    if (this.#names.size >= this.capacity || !PLANNED.test(text) || STAR_COLUMNS.test(text) || text.includes(PLAN_EACH_RUN)) return undefined;
    const name = `k_${createHash('sha1').update(text).digest('base64url').slice(0, 24)}`;
    this.#names.set(text, name);
    return name;
  }

  get size(): number {
    return this.#names.size;
  }
}

/** The pg pool as Kysely's dialect wants it, sending each query under its text's name. */
export function namedStatementPool(pool: pg.Pool, names: StatementNames): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      return {
        query(textOrCursor: any, parameters?: ReadonlyArray<unknown>): any {
          if (typeof textOrCursor !== 'string') return client.query(textOrCursor);
          const name = names.nameOf(textOrCursor);
          const values = parameters as unknown[];
          return (name ? client.query({ name, text: textOrCursor, values }) : client.query(textOrCursor, values)) as Promise<PostgresQueryResult<unknown>>;
        },
        release: () => client.release(),
      };
    },
    end: () => pool.end(),
  };
}
