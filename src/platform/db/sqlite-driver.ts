// Kysely's SQLite driver prepares every statement anew on each query, which was a third of the time
// of an API read. This dialect keeps prepared statements by SQL text and reuses them. Kysely
// writes the same SQL text for the same query shape (values are parameters), so a server's
// statements fit in a small cache; the bound keeps odd shapes (long IN lists) from growing it.
import type SQLite from 'better-sqlite3';
import {
  CompiledQuery, SelectQueryNode, SqliteDialect, SqliteDriver,
  type DatabaseConnection, type Driver, type QueryResult,
} from 'kysely';

/** Prepared statements by SQL text, least recently used dropped first. */
export class StatementCache {
  readonly #statements = new Map<string, SQLite.Statement>();
  #prepared = 0;

  constructor(private readonly sqlite: SQLite.Database, readonly capacity = 1000) {}

  get(sqlText: string): SQLite.Statement {
    let statement = this.#statements.get(sqlText);
    if (statement) {
      // A Map iterates in insertion order: re-inserting a hit keeps the least recently used first.
      this.#statements.delete(sqlText);
    } else {
      statement = this.prepare(sqlText);
      if (this.#statements.size >= this.capacity) this.#statements.delete(this.#statements.keys().next().value!);
    }
    this.#statements.set(sqlText, statement);
    return statement;
  }

  /** A statement of its own, outside the cache. */
  prepare(sqlText: string): SQLite.Statement {
    this.#prepared += 1;
    return this.sqlite.prepare(sqlText);
  }

  /** How many statements were prepared so far: tests use it to see statements reused. */
  get prepared(): number {
    return this.#prepared;
  }

  get size(): number {
    return this.#statements.size;
  }
}

class CachedStatementConnection implements DatabaseConnection {
  constructor(private readonly statements: StatementCache) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const statement = this.statements.get(query.sql);
    if (statement.reader) return { rows: statement.all(query.parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(query.parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(query.query)) throw new Error('SQLite streams only select queries.');
    // A statement being iterated is busy until the loop ends, so a stream never borrows a cached one
    // that a query inside the loop could need.
    const statement = this.statements.prepare(query.sql);
    for (const row of statement.iterate(query.parameters)) yield { rows: [row as R] };
  }
}

/**
 * Kysely's driver (its one-connection lock, transactions and savepoints) with the caching
 * connection. SQLite ends a transaction by itself on some errors (SQLITE_FULL, SQLITE_IOERR,
 * SQLITE_NOMEM…); Kysely's ROLLBACK would then fail with "no transaction is active" and hide the
 * real error (a full disk became a 500), so it rolls back only a transaction still open.
 */
class CachedStatementDriver extends SqliteDriver {
  readonly #connection: CachedStatementConnection;

  constructor(private readonly sqlite: SQLite.Database, statements: StatementCache) {
    super({ database: sqlite });
    this.#connection = new CachedStatementConnection(statements);
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    await super.acquireConnection();
    return this.#connection;
  }

  /**
   * Takes the write lock when the transaction begins, not at its first write: a deferred transaction
   * that read first and then must write cannot wait for another process's writer (SQLite answers
   * SQLITE_BUSY at once, as waiting could deadlock), so a CLI command and the server writing at the
   * same moment would fail. Begun immediately, the second simply waits (busy_timeout) its turn.
   */
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.sqlite.inTransaction) await super.rollbackTransaction(connection);
  }
}

export class CachedStatementSqliteDialect extends SqliteDialect {
  readonly statements: StatementCache;

  constructor(private readonly sqlite: SQLite.Database, capacity?: number) {
    super({ database: sqlite });
    this.statements = new StatementCache(sqlite, capacity);
  }

  override createDriver(): Driver {
    return new CachedStatementDriver(this.sqlite, this.statements);
  }
}
