// Backing up and restoring the whole database, for `secretariat backup` and `secretariat restore`.
//
// SQLite: a backup is SQLite's online backup API (better-sqlite3's `db.backup`) copying every page
// in one step, so it is one consistent snapshot taken while the server keeps reading and writing;
// the result is a single self-contained file (rollback journal, no -wal beside it). A restore
// checks the backup (a SQLite file that passes `PRAGMA integrity_check` and has the migrations
// table), copies it beside the target, then renames it over the target, only while no other
// process has the target open.
//
// The files kept beside a SQLite database (documents, by SHA-256: platform/files) are copied with it
// into the folder beside the backup (secretariat.bak → secretariat.bak.files), after the snapshot:
// a file is written before the row that names it commits, so every file the snapshot names is
// already there; a file added since is one more, harmless. A restore puts them back before the
// database, adding what is missing and never removing a file.
//
// PostgreSQL: pg_dump (custom format, one consistent snapshot) and pg_restore (--clean --if-exists
// --no-owner in one transaction), run when they are on PATH; without them, the error names the
// commands to run by hand. Platform code: it knows no module.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import type pg from 'pg';
import { DEFAULT_MIGRATION_TABLE } from 'kysely';
import type { DatabaseTarget } from '../../config.js';
import { DomainError } from '../errors.js';
import { filesFolderFor, isSha256 } from '../files/store.js';

/** Kysely's migrations table: its presence says the file is one of our databases. */
export const MIGRATION_TABLE = DEFAULT_MIGRATION_TABLE;

export interface BackupOptions {
  /** Replace the backup file if it exists. */
  force?: boolean;
}

export interface RestoreOptions {
  /** Replace a database that already holds tables (never one in use). */
  force?: boolean;
  /** The migrations this version knows: a backup with others was made by a newer version and is refused. */
  knownMigrations?: string[];
}

export interface BackupResult {
  kind: DatabaseTarget['kind'];
  file: string;
  bytes: number;
  /** The program that did the work, when not this process (pg_dump, pg_restore). */
  tool?: string;
  /** SQLite: the files kept beside the database that the backup (or restore) holds. */
  files?: number;
}

export interface RestoreResult extends BackupResult {
  /** Migrations recorded in the backup. */
  migrations: string[];
  /** Whether a database with tables was replaced (--force). */
  replaced: boolean;
}

/** The commands README documents, for running a PostgreSQL backup or restore by hand. */
export function postgresCommands(file: string): { backup: string; restore: string } {
  const quoted = `'${file.replace(/'/g, `'\\''`)}'`;
  return {
    backup: `pg_dump --format=custom --file=${quoted} "$DATABASE_URL"`,
    restore: `pg_restore --clean --if-exists --no-owner --single-transaction --dbname "$DATABASE_URL" ${quoted}`,
  };
}

export async function backupDatabase(target: DatabaseTarget, file: string, options: BackupOptions = {}): Promise<BackupResult> {
  const dest = path.resolve(file);
  if (fs.existsSync(dest) && !options.force) {
    throw new DomainError('ALREADY_EXISTS', `${file} already exists: choose another name, or pass --force to replace it.`);
  }
  if (fs.existsSync(dest) && fs.statSync(dest).isDirectory()) throw new DomainError('VALIDATION_FAILED', `${file} is a directory: name a file.`);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const tmp = tempBeside(dest, 'backup');
  try {
    const result = target.kind === 'sqlite' ? await backupSqlite(target.location, dest, tmp) : await backupPostgres(target.location, file, tmp);
    fs.renameSync(tmp, dest);
    fsyncDirectory(path.dirname(dest));
    const files = target.kind === 'sqlite' ? copyFiles(filesFolderFor(target.location), filesFolderFor(dest)) : undefined;
    return { ...result, file, ...(files !== undefined ? { files } : {}) };
  } finally {
    removeWithSidecars(tmp);
  }
}

export async function restoreDatabase(target: DatabaseTarget, file: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  const source = path.resolve(file);
  if (!fs.existsSync(source) || !fs.statSync(source).isFile()) throw new DomainError('NOT_FOUND', `No backup file at ${file}.`);
  const kind = fileKind(source);
  if (kind === 'unknown') throw new DomainError('VALIDATION_FAILED', `${file} is neither a SQLite database nor a pg_dump archive.`);
  if (kind !== target.kind) {
    throw new DomainError('VALIDATION_FAILED', kind === 'sqlite'
      ? `${file} is a SQLite backup, but DATABASE_URL names a PostgreSQL database.`
      : `${file} is a PostgreSQL backup (pg_dump), but DATABASE_URL names a SQLite file.`);
  }
  return target.kind === 'sqlite' ? restoreSqlite(target.location, source, file, options) : restorePostgres(target.location, source, file, options);
}

// ---- SQLite ---------------------------------------------------------------------------------

async function backupSqlite(location: string, dest: string, tmp: string): Promise<Omit<BackupResult, 'file'>> {
  const source = path.resolve(location);
  if (source === dest) throw new DomainError('VALIDATION_FAILED', 'The backup file cannot be the database itself.');
  if (!fs.existsSync(source) || fs.statSync(source).size === 0) throw new DomainError('NOT_FOUND', `No database at ${location}.`);
  const db = openSqlite(source, location, { readonly: true });
  try {
    db.pragma('busy_timeout = 5000');
    if (!hasMigrationTable(db)) throw new DomainError('VALIDATION_FAILED', `${location} is not a Secretariat database (no ${MIGRATION_TABLE} table).`);
    // After a first step that only measures, copy every remaining page in one step: one read
    // transaction, so one consistent snapshot, however much the server writes meanwhile.
    await db.backup(tmp, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
  // Make the copy one self-contained file (no -wal to carry along), and prove it reads back.
  const copy = new SQLite(tmp, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    assertIntact(copy, 'The backup');
  } finally {
    copy.close();
  }
  fsyncFile(tmp);
  return { kind: 'sqlite', bytes: fs.statSync(tmp).size };
}

async function restoreSqlite(location: string, source: string, file: string, options: RestoreOptions): Promise<RestoreResult> {
  const dest = path.resolve(location);
  if (source === dest) throw new DomainError('VALIDATION_FAILED', 'The backup file is the database itself.');
  if (nonEmpty(`${source}-wal`)) {
    throw new DomainError('VALIDATION_FAILED', `${file} has a write-ahead log beside it: it is a live database, not a backup. Make one with \`secretariat backup\`.`);
  }
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const tmp = tempBeside(dest, 'restore');
  let holder: SQLite.Database | undefined;
  try {
    // Check the copy that will be installed, not only the file it came from.
    fs.copyFileSync(source, tmp);
    const migrations = checkSqliteBackup(tmp, file, options.knownMigrations);
    fsyncFile(tmp);
    let replaced = false;
    if (fs.existsSync(dest) && fs.statSync(dest).size > 0) {
      const locked = lockSqliteTarget(dest, location, options.force ?? false);
      holder = locked.db;
      replaced = locked.tables > 0;
    }
    // The files first: once the database is in place, every row it holds finds its file.
    const files = copyFiles(filesFolderFor(source), filesFolderFor(dest));
    // A journal or write-ahead log left beside the old file belongs to it, never to the restored one.
    for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(`${dest}${suffix}`, { force: true });
    fs.renameSync(tmp, dest);
    fsyncDirectory(path.dirname(dest));
    return { kind: 'sqlite', file, bytes: fs.statSync(dest).size, migrations, replaced, files };
  } finally {
    holder?.close();
    removeWithSidecars(tmp);
  }
}

function openSqlite(file: string, label: string, options: { readonly?: boolean } = {}): SQLite.Database {
  try {
    return new SQLite(file, { fileMustExist: true, readonly: options.readonly ?? false });
  } catch (error) {
    throw new DomainError('VALIDATION_FAILED', `${label} cannot be opened as a SQLite database: ${(error as Error).message}`);
  }
}

function hasMigrationTable(db: SQLite.Database): boolean {
  return !!db.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(MIGRATION_TABLE);
}

function assertIntact(db: SQLite.Database, label: string): void {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
  if (problems.length) throw new DomainError('VALIDATION_FAILED', `${label} fails PRAGMA integrity_check: ${problems.slice(0, 5).join('; ')}`);
}

/** Opens the copy, checks it through and through, and returns the migrations it records. */
function checkSqliteBackup(tmp: string, file: string, known?: string[]): string[] {
  const db = openSqlite(tmp, file);
  try {
    assertIntact(db, file);
    if (!hasMigrationTable(db)) throw new DomainError('VALIDATION_FAILED', `${file} is a SQLite database but not a Secretariat one (no ${MIGRATION_TABLE} table).`);
    const migrations = db.prepare(`select name from ${MIGRATION_TABLE} order by name`).pluck().all() as string[];
    if (!migrations.length) throw new DomainError('VALIDATION_FAILED', `${file} records no migration: it is not a Secretariat database.`);
    refuseNewer(migrations, file, known);
    db.pragma('journal_mode = DELETE');
    return migrations;
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new DomainError('VALIDATION_FAILED', `${file} is not a readable SQLite database: ${(error as Error).message}`);
  } finally {
    db.close();
  }
}

/**
 * Takes the target for this process alone, or refuses: an exclusive lock fails at once while any
 * other process (a running server) has the file open in WAL mode, even idle. Refuses a target that
 * holds tables unless forced. The returned connection keeps the lock until the new file is in place.
 */
function lockSqliteTarget(dest: string, label: string, force: boolean): { db: SQLite.Database; tables: number } {
  const db = openSqlite(dest, label);
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    try {
      db.exec('BEGIN EXCLUSIVE');
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_BUSY' || (error as { code?: string }).code === 'SQLITE_LOCKED') {
        throw new DomainError('LOCKED', `${label} is in use by another process (is \`secretariat serve\` running?): stop it, then restore.`);
      }
      throw new DomainError('VALIDATION_FAILED', `${label} exists and is not a SQLite database (${(error as Error).message}): move it away first.`);
    }
    const tables = Number(db.prepare("select count(*) from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\'").pluck().get());
    db.exec('COMMIT');
    if (tables > 0 && !force) {
      throw new DomainError('NOT_EMPTY', `${label} already holds a database (${tables} tables): pass --force to replace it with the backup.`);
    }
    // Fold any write-ahead log into the old file and leave rollback mode, still holding the lock.
    db.pragma('journal_mode = DELETE');
    return { db, tables };
  } catch (error) {
    db.close();
    throw error;
  }
}

// ---- PostgreSQL -----------------------------------------------------------------------------

/** The connection URL without its password, and the password for PGPASSWORD (kept off the command line). */
function connection(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (parsed.password) {
    env.PGPASSWORD = decodeURIComponent(parsed.password);
    parsed.password = '';
  }
  return { url: parsed.toString(), env };
}

interface ToolRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runTool(tool: string, args: string[], env: NodeJS.ProcessEnv, file: string): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') return reject(error);
      const commands = postgresCommands(file);
      reject(new DomainError('NOT_FOUND', `${tool} is not on PATH. Install the PostgreSQL client tools (the same major version as the server, or newer), `
        + `or run by hand:\n  backup:  ${commands.backup}\n  restore: ${commands.restore}`));
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const { default: Pg } = await import('pg');
  const client = new Pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function backupPostgres(location: string, file: string, tmp: string): Promise<Omit<BackupResult, 'file'>> {
  const ours = await withClient(location, async (c) => (await c.query('select to_regclass($1) as t', [MIGRATION_TABLE])).rows[0]?.t);
  if (!ours) throw new DomainError('VALIDATION_FAILED', `The PostgreSQL database is not a Secretariat database (no ${MIGRATION_TABLE} table).`);
  const { url, env } = connection(location);
  const run = await runTool('pg_dump', ['--format=custom', `--file=${tmp}`, `--dbname=${url}`], env, file);
  if (run.code !== 0) throw new Error(`pg_dump failed (exit ${run.code}): ${run.stderr.trim()}`);
  fsyncFile(tmp);
  return { kind: 'postgres', bytes: fs.statSync(tmp).size, tool: 'pg_dump' };
}

async function restorePostgres(location: string, source: string, file: string, options: RestoreOptions): Promise<RestoreResult> {
  const { url, env } = connection(location);
  // The backup first: pg_restore reads its table of contents and the migrations it holds.
  const list = await runTool('pg_restore', ['--list', source], env, file);
  if (list.code !== 0) throw new DomainError('VALIDATION_FAILED', `${file} is not a pg_dump archive pg_restore can read: ${list.stderr.trim()}`);
  if (!new RegExp(`\\bTABLE DATA \\S+ ${MIGRATION_TABLE}\\b`).test(list.stdout)) {
    throw new DomainError('VALIDATION_FAILED', `${file} is a pg_dump archive but not of a Secretariat database (no ${MIGRATION_TABLE} table).`);
  }
  const data = await runTool('pg_restore', ['--data-only', `--table=${MIGRATION_TABLE}`, '--file=-', source], env, file);
  if (data.code !== 0) throw new DomainError('VALIDATION_FAILED', `${file} cannot be read: ${data.stderr.trim()}`);
  const migrations = copyRows(data.stdout).map((row) => row[0]).sort();
  if (!migrations.length) throw new DomainError('VALIDATION_FAILED', `${file} records no migration: it is not a Secretariat database.`);
  refuseNewer(migrations, file, options.knownMigrations);
  const { tables, others } = await withClient(location, async (c) => ({
    tables: Number((await c.query("select count(*) as n from pg_catalog.pg_tables where schemaname not in ('pg_catalog', 'information_schema')")).rows[0].n),
    others: (await c.query(`select coalesce(nullif(application_name, ''), client_addr::text, 'local') as who from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`)).rows.map((r) => String(r.who)),
  }));
  if (others.length) {
    throw new DomainError('LOCKED', `The database is in use by ${others.length} other connection(s) (${[...new Set(others)].join(', ')}; is \`secretariat serve\` running?): stop them, then restore.`);
  }
  if (tables > 0 && !options.force) {
    throw new DomainError('NOT_EMPTY', `The database already holds ${tables} tables: pass --force to replace them with the backup.`);
  }
  const run = await runTool('pg_restore', ['--clean', '--if-exists', '--no-owner', '--single-transaction', '--exit-on-error', `--dbname=${url}`, source], env, file);
  if (run.code !== 0) throw new Error(`pg_restore failed (exit ${run.code}); nothing was changed: ${run.stderr.trim()}`);
  return { kind: 'postgres', file, bytes: fs.statSync(source).size, tool: 'pg_restore', migrations, replaced: tables > 0 };
}

/** The rows of the first COPY … FROM stdin block in pg_restore's SQL output. */
function copyRows(text: string): string[][] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^COPY .* FROM stdin;$/.test(l));
  if (start === -1) return [];
  const rows: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    if (line === '\\.') break;
    rows.push(line.split('\t'));
  }
  return rows;
}

// ---- Files ----------------------------------------------------------------------------------

function refuseNewer(migrations: string[], file: string, known?: string[]): void {
  if (!known) return;
  const unknown = migrations.filter((m) => !known.includes(m));
  if (unknown.length) {
    throw new DomainError('VALIDATION_FAILED', `${file} was made by a newer version of Secretariat (migrations unknown here: ${unknown.join(', ')}): upgrade first.`);
  }
}

/** What a file holds, from its first bytes. */
function fileKind(file: string): 'sqlite' | 'postgres' | 'unknown' {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    const n = fs.readSync(fd, head, 0, 16, 0);
    if (n === 16 && head.toString('latin1') === 'SQLite format 3\0') return 'sqlite';
    if (n >= 5 && head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'postgres';
    return 'unknown';
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Copies the kept files (folder/ab/<sha256>) that `to` lacks, each to a temporary name then renamed,
 * and returns how many `from` holds. Only names that are SHA-256s are read: nothing else is ours.
 */
function copyFiles(from: string, to: string): number {
  if (!fs.existsSync(from)) return 0;
  let count = 0;
  for (const fan of fs.readdirSync(from)) {
    if (!/^[0-9a-f]{2}$/.test(fan) || !fs.statSync(path.join(from, fan)).isDirectory()) continue;
    for (const name of fs.readdirSync(path.join(from, fan))) {
      if (!isSha256(name) || !name.startsWith(fan)) continue;
      count += 1;
      const dest = path.join(to, fan, name);
      if (fs.existsSync(dest)) continue;
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      const tmp = tempBeside(dest, 'copy');
      fs.copyFileSync(path.join(from, fan, name), tmp);
      fsyncFile(tmp);
      fs.renameSync(tmp, dest);
      fsyncDirectory(path.dirname(dest));
    }
  }
  return count;
}

function tempBeside(file: string, what: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${what}-${process.pid}.tmp`);
}

function removeWithSidecars(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${file}${suffix}`, { force: true });
}

function nonEmpty(file: string): boolean {
  return fs.existsSync(file) && fs.statSync(file).size > 0;
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function fsyncDirectory(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Some file systems cannot sync a directory; the rename itself has happened.
  }
}
