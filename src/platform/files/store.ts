// Files kept once by their SHA-256, wherever the database is: in a folder beside a SQLite file, in
// a table of the PostgreSQL database (so any instance on that database serves any file). Platform
// code: it knows bytes and hashes, never what a file is for.
//
// Crash order: a file is put before the row that names it is committed. On disk it is written to a
// temporary name in its own folder, flushed, then renamed to its hash, so a reader finds the whole
// file or none; a crash or a rolled-back command can leave an unnamed file behind, never a row
// without its file. Such a file is harmless: nothing lists the folder, and the next upload of the
// same bytes finds it already there.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DatabaseTarget } from '../../config.js';
import type { Dialect } from '../db/database.js';
import type { FileBlobsTable } from './tables.js';

export interface FileStore {
  /** Where the bytes live: 'disk' beside a SQLite file, 'database' in PostgreSQL. */
  readonly kind: 'disk' | 'database';
  /**
   * Keeps the bytes under their SHA-256 (hex) and returns it. Idempotent: the same bytes again
   * are found, not written twice. `within` is the caller's transaction: the database store writes
   * in it (file and row commit together); the disk store has written the file before it returns.
   */
  put(bytes: Buffer, within?: Kysely<any>): Promise<string>;
  /** The bytes kept under this SHA-256, or null (also for anything that is not a SHA-256). */
  get(sha256: string): Promise<Buffer | null>;
}

export const sha256Of = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Only a SHA-256 in lower-case hex ever becomes part of a path. */
export const isSha256 = (value: string): boolean => /^[0-9a-f]{64}$/.test(value);

/** The folder beside a SQLite file that holds its files: data/secretariat.db → data/secretariat.files. */
export function filesFolderFor(sqliteFile: string): string {
  const resolved = path.resolve(sqliteFile);
  return `${resolved.replace(/\.(db|sqlite3?)$/i, '')}.files`;
}

export function diskFileStore(folder: string): FileStore {
  // Two hex characters of fan-out keep any one folder small.
  const pathOf = (sha256: string) => path.join(folder, sha256.slice(0, 2), sha256);
  return {
    kind: 'disk',
    async put(bytes) {
      const sha256 = sha256Of(bytes);
      const final = pathOf(sha256);
      if (await exists(final)) return sha256;
      const dir = path.dirname(final);
      await fs.mkdir(dir, { recursive: true });
      const temporary = path.join(dir, `.${sha256}.${randomUUID()}.partial`);
      try {
        const handle = await fs.open(temporary, 'wx');
        try {
          await handle.writeFile(bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        // Atomic within one folder: the hash names a whole file or nothing.
        await fs.rename(temporary, final);
      } catch (error) {
        await fs.rm(temporary, { force: true });
        throw error;
      }
      await syncFolder(dir);
      return sha256;
    },
    async get(sha256) {
      if (!isSha256(sha256)) return null;
      try {
        return await fs.readFile(pathOf(sha256));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
  };
}

type BlobDb = Kysely<{ file_blobs: FileBlobsTable }>;

/** PostgreSQL: one row per file in `file_blobs` (bytea). */
export function databaseFileStore(db: Kysely<any>, clock: () => Date = () => new Date()): FileStore {
  return {
    kind: 'database',
    async put(bytes, within) {
      const sha256 = sha256Of(bytes);
      await ((within ?? db) as BlobDb).insertInto('file_blobs')
        .values({ sha256, content: bytes, size: bytes.length, created_at: clock().toISOString() })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
      return sha256;
    },
    async get(sha256) {
      if (!isSha256(sha256)) return null;
      const row = await (db as BlobDb).selectFrom('file_blobs').select('content').where('sha256', '=', sha256).executeTakeFirst();
      return row ? Buffer.from(row.content) : null;
    },
  };
}

/** The store for a database: a folder beside a SQLite file (a temporary one for :memory:), or its PostgreSQL tables. */
export function openFileStore(target: DatabaseTarget, dialect: Dialect, db: Kysely<any>): FileStore {
  if (dialect === 'postgres') return databaseFileStore(db);
  const memory = target.location === ':memory:';
  return diskFileStore(memory ? path.join(os.tmpdir(), `secretariat-files-${process.pid}-${randomUUID()}`) : filesFolderFor(target.location));
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

/** Makes a rename durable; some file systems cannot open a folder for it, and lose nothing by that. */
async function syncFolder(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // best effort
  } finally {
    await handle?.close();
  }
}
