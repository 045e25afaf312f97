// The file store's table. Only PostgreSQL has it: there instances share the database and nothing
// else, so the bytes live in it (bytea: the bytes as they are, a quarter smaller than base64 and
// with nothing to decode). Beside a SQLite file they are files in a folder (store.ts).
import type { ModuleMigration } from '../db/migrate.js';

export const fileStoreMigrations: ModuleMigration[] = [{
  name: '2026-12-03-02-file-blobs',
  async up(db, dialect) {
    if (dialect !== 'postgres') return;
    await db.schema.createTable('file_blobs')
      .addColumn('sha256', 'text', (c) => c.primaryKey())
      .addColumn('content', 'bytea', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  },
}];
