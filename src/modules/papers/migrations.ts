import { makeAppendOnly, type ModuleMigration } from '../../platform/db/migrate.js';

export const paperMigrations: ModuleMigration[] = [{
  name: '2026-11-30-07-papers',
  async up(db, dialect) {
    await db.schema.createTable('paper_drafts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('committee_code', 'text', (c) => c.notNull())
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('author', 'text', (c) => c.notNull())
      .addColumn('team', 'text', (c) => c.notNull())
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('recommendation', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('paper_drafts_committee_date', ['committee_code', 'date'])
      .execute();
    await db.schema.createTable('anticipated_impacts')
      .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
      .addColumn('area', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('anticipated_impacts_pk', ['proposal_id', 'area'])
      .execute();
    await db.schema.createTable('paper_versions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('paper_id', 'text', (c) => c.notNull().references('paper_drafts.id'))
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('issued_at', 'text', (c) => c.notNull())
      .addColumn('issued_by', 'text', (c) => c.notNull())
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('changes', 'text', (c) => c.notNull())
      .addUniqueConstraint('paper_versions_number', ['paper_id', 'number'])
      .execute();
    await db.schema.createTable('paper_files')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('version_id', 'text', (c) => c.notNull().references('paper_versions.id'))
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('media_type', 'text', (c) => c.notNull())
      .addColumn('filename', 'text', (c) => c.notNull())
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addUniqueConstraint('paper_files_version_format', ['version_id', 'format'])
      .execute();
    // An issued paper is frozen: neither its versions nor its files are ever rewritten.
    await makeAppendOnly(db, dialect, 'paper_versions');
    await makeAppendOnly(db, dialect, 'paper_files');
  },
}];
