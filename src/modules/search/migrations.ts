// The search index: one table of entries on both engines; on SQLite an external-content FTS5 table
// over it kept by triggers (Porter stemming, diacritics folded), on PostgreSQL a generated tsvector
// column (the english configuration: label weighted A, body B) with a GIN index.
//
// Then the changes' documents (2026-12-04-02): the entries of one change with one audience joined
// into one text, indexed the same way, so a search ranks about one row per change rather than one
// per entry (a common word matched 20,000 entries at 10,000 changes). The table keeps only the
// audience: the joined texts are kept apart (SQLite: search_docs_text, the FTS5 table's content;
// PostgreSQL: only a tsvector column written with the row), so a search reads narrow rows.
// Deleting entries deletes their change's documents (a trigger); the repository writes them again.
//
// Then a leaner index (2026-12-08-01): nothing reads the per-entry full-text index since searches
// rank the documents, so it goes (SQLite: search_fts and its triggers; PostgreSQL: the generated
// column and its GIN index), and each write of the index does half the work. The documents gain
// their change's number and variant, so a search orders its matches without reading the changes,
// and an audience open to everyone is no longer split by the organisation or committee of the
// event a note came from (one public document per change).
import { sql } from 'kysely';
import type { ModuleMigration } from '../../platform/db/migrate.js';
import { writeDocs } from './repository.js';

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
}, {
  name: '2026-12-04-02-search-docs',
  async up(db, dialect) {
    await db.schema.createTable('search_docs')
      .addColumn('id', dialect === 'sqlite' ? 'integer' : 'bigserial', (c) => c.primaryKey())
      .addColumn('proposal_id', 'text', (c) => c.notNull())
      .addColumn('audience', 'text', (c) => c.notNull())
      .addColumn('organisation_id', 'text')
      .addColumn('committee_code', 'text')
      .execute();
    await db.schema.createIndex('search_docs_proposal').on('search_docs').column('proposal_id').execute();
    if (dialect === 'sqlite') {
      // The texts in a table of their own (the FTS5 table's external content, so its statistics stay
      // exact through deletes), apart from the narrow rows a search joins.
      await sql`CREATE TABLE search_docs_text (id integer PRIMARY KEY, label text NOT NULL, body text NOT NULL)`.execute(db);
      await sql`CREATE VIRTUAL TABLE search_docs_fts USING fts5(label, body, content='search_docs_text', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')`.execute(db);
      await sql`CREATE TRIGGER search_docs_text_insert AFTER INSERT ON search_docs_text BEGIN
        INSERT INTO search_docs_fts(rowid, label, body) VALUES (new.id, new.label, new.body); END`.execute(db);
      await sql`CREATE TRIGGER search_docs_text_delete AFTER DELETE ON search_docs_text BEGIN
        INSERT INTO search_docs_fts(search_docs_fts, rowid, label, body) VALUES ('delete', old.id, old.label, old.body); END`.execute(db);
      await sql`CREATE TRIGGER search_docs_delete AFTER DELETE ON search_docs BEGIN
        DELETE FROM search_docs_text WHERE id = old.id; END`.execute(db);
      await sql`CREATE TRIGGER search_entries_docs_delete AFTER DELETE ON search_entries BEGIN
        DELETE FROM search_docs WHERE proposal_id = old.proposal_id; END`.execute(db);
    } else {
      // Written with the row (from the entries' texts, which this table does not keep).
      await sql`ALTER TABLE search_docs ADD COLUMN tsv tsvector NOT NULL`.execute(db);
      await sql`CREATE INDEX search_docs_tsv ON search_docs USING gin (tsv)`.execute(db);
      await sql`CREATE FUNCTION search_entries_docs_delete() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN DELETE FROM search_docs d USING (SELECT DISTINCT proposal_id FROM gone) g WHERE d.proposal_id = g.proposal_id; RETURN NULL; END $$`.execute(db);
      await sql`CREATE TRIGGER search_entries_docs_delete AFTER DELETE ON search_entries REFERENCING OLD TABLE AS gone
        FOR EACH STATEMENT EXECUTE FUNCTION search_entries_docs_delete()`.execute(db);
    }
    // An index built before this migration gets its changes' documents from the next one.
  },
}, {
  name: '2026-12-08-01-search-lean',
  async up(db, dialect) {
    if (dialect === 'sqlite') {
      for (const trigger of ['search_entries_fts_insert', 'search_entries_fts_delete', 'search_entries_fts_update']) {
        await sql`DROP TRIGGER IF EXISTS ${sql.id(trigger)}`.execute(db);
      }
      await sql`DROP TABLE IF EXISTS search_fts`.execute(db);
    } else {
      await sql`DROP INDEX IF EXISTS search_entries_tsv`.execute(db);
      await sql`ALTER TABLE search_entries DROP COLUMN IF EXISTS tsv`.execute(db);
    }
    await db.schema.alterTable('search_docs').addColumn('number', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('search_docs').addColumn('variant', 'text', (c) => c.notNull().defaultTo('')).execute();
    // The documents written again in the new shape (a fresh database has no entries). A later
    // migration that changes search_docs must take this rebuild over, as this one took it from the last.
    await db.deleteFrom('search_docs').execute();
    const entries = await db.selectFrom('search_entries').select('id').limit(1).executeTakeFirst();
    if (entries) await writeDocs(db, dialect, sql`select distinct proposal_id from search_entries`);
  },
}];
