// The search index: one table of entries on both engines; on SQLite an external-content FTS5 table
// over it kept by triggers (Porter stemming, diacritics folded), on PostgreSQL a generated tsvector
// column (the english configuration: label weighted A, body B) with a GIN index.
import { sql } from 'kysely';
import type { ModuleMigration } from '../../platform/db/migrate.js';

export const searchMigrations: ModuleMigration[] = [{
  name: '2026-12-04-01-search',
  async up(db, dialect) {
    await db.schema.createTable('search_entries')
      .addColumn('id', dialect === 'sqlite' ? 'integer' : 'bigserial', (c) => c.primaryKey())
      .addColumn('key', 'text', (c) => c.notNull().unique())
      .addColumn('proposal_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('audience', 'text', (c) => c.notNull())
      .addColumn('organisation_id', 'text')
      .addColumn('committee_code', 'text')
      .addColumn('indexed_at', 'text', (c) => c.notNull())
      .addColumn('seen_position', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('search_entries_proposal').on('search_entries').column('proposal_id').execute();
    if (dialect === 'sqlite') {
      await sql`CREATE VIRTUAL TABLE search_fts USING fts5(label, body, content='search_entries', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')`.execute(db);
      await sql`CREATE TRIGGER search_entries_fts_insert AFTER INSERT ON search_entries BEGIN
        INSERT INTO search_fts(rowid, label, body) VALUES (new.id, new.label, new.body); END`.execute(db);
      await sql`CREATE TRIGGER search_entries_fts_delete AFTER DELETE ON search_entries BEGIN
        INSERT INTO search_fts(search_fts, rowid, label, body) VALUES ('delete', old.id, old.label, old.body); END`.execute(db);
      await sql`CREATE TRIGGER search_entries_fts_update AFTER UPDATE ON search_entries BEGIN
        INSERT INTO search_fts(search_fts, rowid, label, body) VALUES ('delete', old.id, old.label, old.body);
        INSERT INTO search_fts(rowid, label, body) VALUES (new.id, new.label, new.body); END`.execute(db);
      return;
    }
    await sql`ALTER TABLE search_entries ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('english'::regconfig, label), 'A') || setweight(to_tsvector('english'::regconfig, body), 'B')) STORED`.execute(db);
    await sql`CREATE INDEX search_entries_tsv ON search_entries USING gin (tsv)`.execute(db);
  },
}];
