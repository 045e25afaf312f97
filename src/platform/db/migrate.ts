// Runs every module's migrations, in name order, on either database. The composition root hands
// the list in; platform never imports a module.
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { ProcessProfile } from '../../process/profile.js';
import type { Db, Dialect } from './database.js';

export interface ModuleMigration {
  /** Sorted by name across all modules: start with a date and a sequence, e.g. 2026-11-30-01-proposals. */
  name: string;
  /** The profile is there for migrations that turn data into what the process says (free-text releases into the calendar's). */
  up: (db: Kysely<any>, dialect: Dialect, profile: ProcessProfile, secrets: MigrationSecrets) => Promise<void>;
}

/** What a migration that seals secrets at rest needs: the installation's key, when the caller has it. */
export interface MigrationSecrets {
  key?: Buffer;
}

export async function migrate(db: Db, migrations: ModuleMigration[], profile: ProcessProfile, secrets: MigrationSecrets = {}): Promise<string[]> {
  if (await upToDate(db, migrations)) return [];
  const provider: MigrationProvider = {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const m of migrations) out[m.name] = { up: (k) => m.up(k, db.dialect, profile, secrets) };
      return out;
    },
  };
  // Modules add migrations independently, so one may sort before another already applied.
  const migrator = new Migrator({ db: db.kysely, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(JSON.stringify(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * True when the database has applied exactly these migrations, as on every start but the first
 * after an upgrade: one query, where Kysely's migrator looks the whole catalogue up, creates its
 * tables if missing and takes its lock (on PostgreSQL, about 0.1 s of a server's start). Anything
 * else (a new database, a migration to apply, one applied that the code no longer has) goes to the
 * migrator, which applies or refuses as before.
 */
async function upToDate(db: Db, migrations: ModuleMigration[]): Promise<boolean> {
  let applied: string[];
  try {
    applied = (await (db.kysely as Kysely<{ kysely_migration: { name: string } }>).selectFrom('kysely_migration').select('name').execute()).map((r) => r.name);
  } catch {
    return false; // no migration table yet
  }
  const wanted = new Set(migrations.map((m) => m.name));
  return applied.length === wanted.size && applied.every((name) => wanted.has(name));
}

/** Whether a table exists (asked of the catalogue: a failed query would end a PostgreSQL transaction). */
export async function tableExists(db: Kysely<any>, dialect: Dialect, name: string): Promise<boolean> {
  const rows = dialect === 'sqlite'
    ? await sql`select name from sqlite_master where type = 'table' and name = ${name}`.execute(db)
    : await sql`select table_name from information_schema.tables where table_schema = current_schema() and table_name = ${name}`.execute(db);
  return rows.rows.length > 0;
}

/** Makes a table append-only: the database itself refuses UPDATE and DELETE on it. */
export async function makeAppendOnly(db: Kysely<any>, dialect: Dialect, table: string): Promise<void> {
  if (dialect === 'sqlite') {
    for (const op of ['UPDATE', 'DELETE']) {
      await sql.raw(`CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table}
        BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`).execute(db);
    }
    return;
  }
  await sql.raw(`CREATE OR REPLACE FUNCTION refuse_change_append_only() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql`).execute(db);
  await sql.raw(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
    FOR EACH ROW EXECUTE FUNCTION refuse_change_append_only()`).execute(db);
}
