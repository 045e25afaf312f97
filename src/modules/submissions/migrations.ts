import { makeAppendOnly, type ModuleMigration } from '../../platform/db/migrate.js';

export const submissionMigrations: ModuleMigration[] = [{
  name: '2026-11-30-11-submissions',
  async up(db, dialect) {
    await db.schema.createTable('submissions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('author_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('author_name', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('sections', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('submitted_by_id', 'text', (c) => c.references('accounts.id'))
      .addColumn('submitted_by_name', 'text')
      .addColumn('submitted_on', 'text')
      .addColumn('due_on', 'text')
      .addColumn('proposal_id', 'text', (c) => c.references('proposals.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('submissions_organisation').on('submissions').column('organisation_id').execute();
    await db.schema.createIndex('submissions_status_due').on('submissions').columns(['status', 'due_on']).execute();
    await db.schema.createTable('submission_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('submission_id', 'text', (c) => c.notNull().references('submissions.id'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('step', 'text', (c) => c.notNull())
      .addColumn('from_status', 'text')
      .addColumn('to_status', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text', (c) => c.notNull())
      .addColumn('actor_name', 'text', (c) => c.notNull())
      .addColumn('business_date', 'text', (c) => c.notNull())
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .addColumn('comments', 'text', (c) => c.notNull())
      .addColumn('due_on', 'text')
      .addColumn('proposal_reference', 'text')
      .addUniqueConstraint('submission_events_seq', ['submission_id', 'seq'])
      .execute();
    // The history of a submission is never rewritten: a later step is a new row.
    await makeAppendOnly(db, dialect, 'submission_events');
  },
}];
