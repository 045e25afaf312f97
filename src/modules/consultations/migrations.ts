import { makeAppendOnly, type ModuleMigration } from '../../platform/db/migrate.js';

export const consultationMigrations: ModuleMigration[] = [{
  name: '2026-12-04-01-consultations',
  async up(db, dialect) {
    await db.schema.createTable('consultations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('questions', 'text', (c) => c.notNull())
      .addColumn('opens_on', 'text', (c) => c.notNull())
      .addColumn('closes_on', 'text', (c) => c.notNull())
      .addColumn('closed_on', 'text')
      .addColumn('document_ids', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('consultations_proposal').on('consultations').column('proposal_id').execute();
    await db.schema.createIndex('consultations_open').on('consultations').columns(['closed_on', 'closes_on']).execute();
    await db.schema.createTable('consultation_responses')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('consultation_id', 'text', (c) => c.notNull().references('consultations.id'))
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('answers', 'text', (c) => c.notNull())
      .addColumn('confidential', 'integer', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('submitted_by', 'text', (c) => c.notNull())
      .addColumn('submitted_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      // One response per organisation: a second is an edit of the first.
      .addUniqueConstraint('consultation_responses_one_per_organisation', ['consultation_id', 'organisation_id'])
      .execute();
    await db.schema.createTable('consultation_response_versions')
      .addColumn('response_id', 'text', (c) => c.notNull().references('consultation_responses.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('answers', 'text', (c) => c.notNull())
      .addColumn('confidential', 'integer', (c) => c.notNull())
      .addColumn('submitted_by', 'text', (c) => c.notNull())
      .addColumn('submitted_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('consultation_response_versions_pk', ['response_id', 'version'])
      .execute();
    await makeAppendOnly(db, dialect, 'consultation_response_versions');
  },
}, {
  // The collated responses kept as HTML too, frozen and hashed at the close like a paper's files.
  name: '2026-12-07-01-consultation-collation-html',
  async up(db) {
    await db.schema.alterTable('consultations').addColumn('collation_html', 'text').execute();
    await db.schema.alterTable('consultations').addColumn('collation_sha256', 'text').execute();
  },
}];
