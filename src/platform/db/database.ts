// Opens a Kysely database on SQLite (better-sqlite3) or PostgreSQL (pg). Everything above this
// file writes one code path for both; the few dialect differences live in platform/db.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, sql, type LogEvent } from 'kysely';
import type { DatabaseTarget } from '../../config.js';
import { namedStatementPool, StatementNames } from './pg-statements.js';
import { CachedStatementSqliteDialect } from './sqlite-driver.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Db<T = any> {
  kysely: Kysely<T>;
  dialect: Dialect;
  /** Counts the queries run, for tests that prove a page has no N+1 queries. */
  queryCount: () => number;
  /** Called by the command runner after a transaction commits: wakes whoever listens (the event dispatcher). */
  committed: () => void;
  /** Listens for commits in this process; returns the function that stops listening. */
  onCommit: (listener: () => void) => () => void;
  /** SQLite only: statements prepared so far, for tests that prove statements are reused. */
  statementsPrepared?: () => number;
  /** PostgreSQL only: SQL texts given a name to be prepared under (once per connection). */
  statementsNamed?: () => number;
  /**
   * Refreshes SQLite's planner statistics (bounded work, as SQLite recommends for long-lived
   * connections); nothing on PostgreSQL, whose autovacuum does it. Run at open unless deferred.
   */
  optimize: () => void;
  close: () => Promise<void>;
}

function commitListeners(): Pick<Db, 'committed' | 'onCommit'> {
  const listeners = new Set<() => void>();
  return {
    committed: () => {
      for (const listener of listeners) listener();
    },
    onCommit: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export interface OpenOptions {
  readOnly?: boolean;
  /**
   * Leave `optimize()` to the caller: on a large register it reads every table's indexes, so a
   * server runs it once it answers requests rather than before it listens.
   */
  deferOptimize?: boolean;
}

export async function openDatabase<T>(target: DatabaseTarget, options: OpenOptions = {}): Promise<Db<T>> {
  let queries = 0;
  const log = (event: LogEvent) => {
    if (event.level === 'query') queries += 1;
  };
  if (target.kind === 'sqlite') {
    if (!options.readOnly) fs.mkdirSync(path.dirname(path.resolve(target.location)), { recursive: true });
    const sqlite = new SQLite(target.location, { readonly: options.readOnly ?? false, fileMustExist: options.readOnly ?? false });
    sqlite.pragma('busy_timeout = 5000');
    if (!options.readOnly) sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
    let closed = false;
    const optimize = () => {
      if (options.readOnly || closed) return;
      sqlite.pragma('analysis_limit = 400');
      sqlite.pragma('optimize = 0x10002');
    };
    if (!options.deferOptimize) optimize();
    const dialect = new CachedStatementSqliteDialect(sqlite);
    const kysely = new Kysely<T>({ dialect, log });
    return {
      kysely, dialect: 'sqlite', queryCount: () => queries, statementsPrepared: () => dialect.statements.prepared, optimize,
      ...commitListeners(), close: () => { closed = true; return kysely.destroy(); },
    };
  }
  // Counts and bigints come back as strings from pg; repositories convert with Number(). pg is
  // loaded only for PostgreSQL, so a command on SQLite starts without it.
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: target.location, max: 10 });
  pool.on('error', () => { /* a dropped idle client is replaced on the next query */ });
  const names = new StatementNames();
  const kysely = new Kysely<T>({ dialect: new PostgresDialect({ pool: namedStatementPool(pool, names) }), log });
  return { kysely, dialect: 'postgres', statementsNamed: () => names.size, queryCount: () => queries, optimize: () => {}, ...commitListeners(), close: () => kysely.destroy() };
}

/** Booleans are stored as 0/1 integers on both databases, so exports read the same. */
export const toFlag = (value: boolean): number => (value ? 1 : 0);
export const fromFlag = (value: unknown): boolean => value === 1 || value === '1' || value === true;

/**
 * Serialises a critical section across transactions and app instances: a transaction-scoped
 * advisory lock on PostgreSQL. SQLite already runs one write transaction at a time.
 */
export async function serialise(trx: Kysely<any>, dialect: Dialect, key: string): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
}

/**
 * Locks rows a command will update, before it appends any event: on PostgreSQL a SELECT … FOR
 * UPDATE, so a command that updates several rows (a release's changes) never waits for a row while
 * holding the event stream's lock, which another writer of that row would be waiting for. SQLite
 * runs one write transaction at a time, so it needs nothing.
 */
export async function lockRows(trx: Kysely<any>, dialect: Dialect, table: string, ids: string[]): Promise<void> {
  if (dialect !== 'postgres' || ids.length === 0) return;
  await trx.selectFrom(table).select('id').where('id', 'in', ids).orderBy('id').forUpdate().execute();
}
