// A short list gathered into one column, so a row and its list come back from one query (an
// account and its committees, read on every request). string_agg with ORDER BY is the same SQL on
// PostgreSQL and on SQLite from 3.44 (better-sqlite3 12 bundles 3.53), so no dialect branch is
// needed; the tests run it on both.
import { sql, type RawBuilder } from 'kysely';

/**
 * The column's values over a query's rows, sorted and joined with commas (null for no rows). For
 * codes and ids only: a value holding a comma would come back split.
 */
export function joinedList(column: string): RawBuilder<string | null> {
  const ref = sql.ref(column);
  return sql<string | null>`string_agg(${ref}, ',' order by ${ref})`;
}

/** The values of a joinedList column. */
export function splitList(joined: string | null | undefined): string[] {
  return joined ? joined.split(',') : [];
}
