import { makeAppendOnly, type ModuleMigration } from '../../platform/db/migrate.js';

export const proposalMigrations: ModuleMigration[] = [{
  name: '2026-11-30-03-proposals',
  async up(db, dialect) {
    await db.schema.createTable('proposals')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('series', 'text', (c) => c.notNull())
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('variant', 'text', (c) => c.notNull())
      .addColumn('prefix', 'text', (c) => c.notNull())
      .addColumn('reference', 'text', (c) => c.notNull().unique())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('slug', 'text', (c) => c.notNull().unique())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('held_from_state', 'text')
      .addColumn('proposer_id', 'text', (c) => c.references('people.id'))
      .addColumn('organisation_id', 'text', (c) => c.references('organisations.id'))
      .addColumn('lead_analyst_id', 'text', (c) => c.references('people.id'))
      .addColumn('raised_on', 'text', (c) => c.notNull())
      .addColumn('path', 'text')
      .addColumn('fast_track', 'integer', (c) => c.notNull())
      .addColumn('urgent', 'integer', (c) => c.notNull())
      .addColumn('target_release', 'text')
      .addColumn('implementation_date', 'text')
      .addColumn('latest_update', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('solution', 'text', (c) => c.notNull())
      .addColumn('impacted_categories', 'text', (c) => c.notNull())
      .addColumn('documents_affected', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('proposals_series_number_variant', ['series', 'number', 'variant'])
      .execute();
    for (const column of ['state', 'lead_analyst_id', 'organisation_id', 'raised_on', 'path']) {
      await db.schema.createIndex(`proposals_${column}`).on('proposals').column(column).execute();
    }
    await db.schema.createTable('proposal_slugs')
      .addColumn('slug', 'text', (c) => c.primaryKey())
      .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createTable('problem_statement_versions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('business_date', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addUniqueConstraint('problem_statement_versions_seq', ['proposal_id', 'seq'])
      .execute();
    // A version, once saved, is never rewritten: a new version is a new row.
    await makeAppendOnly(db, dialect, 'problem_statement_versions');
    // The documents table was made here too; the documents module makes it now (2026-11-30-03-proposals-documents).
  },
}, {
  name: '2026-11-30-14-list-indexes',
  async up(db) {
    // The register's default order and its other sorts read pages from an index, not a sort of every row.
    await db.schema.createIndex('proposals_number_variant').on('proposals').columns(['number', 'variant']).execute();
    await db.schema.createIndex('proposals_title').on('proposals').column('title').execute();
    await db.schema.createIndex('proposals_updated_at').on('proposals').column('updated_at').execute();
  },
}, {
  name: '2026-12-03-01-target-release-id',
  async up(db) {
    // The target release becomes a reference to a release; the releases module's migration that
    // follows fills it in from the free text. No foreign key: releases sit above the register, and
    // the register's import inserts proposals first.
    await db.schema.alterTable('proposals').addColumn('target_release_id', 'text').execute();
    await db.schema.createIndex('proposals_target_release_id').on('proposals').column('target_release_id').execute();
  },
}];
