import { makeAppendOnly, type ModuleMigration } from '../../platform/db/migrate.js';

export const committeeMigrations: ModuleMigration[] = [{
  name: '2026-11-30-05-committees',
  async up(db, dialect) {
    await db.schema.createTable('committee_members')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('committee_code', 'text', (c) => c.notNull())
      .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
      .addColumn('seat', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('term_start', 'text', (c) => c.notNull())
      .addColumn('term_end', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('committee_members_committee').on('committee_members').column('committee_code').execute();
    await db.schema.createTable('meetings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('committee_code', 'text', (c) => c.notNull())
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('start_time', 'text')
      .addColumn('location', 'text', (c) => c.notNull())
      .addColumn('online_url', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('meetings_committee_date').on('meetings').columns(['committee_code', 'date']).execute();
    await db.schema.createTable('agenda_items')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('proposal_id', 'text', (c) => c.references('proposals.id'))
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('agenda_items_meeting').on('agenda_items').column('meeting_id').execute();
    await db.schema.createTable('committee_views')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
      .addColumn('committee_code', 'text', (c) => c.notNull())
      .addColumn('impact', 'text', (c) => c.notNull())
      .addColumn('further_input', 'integer', (c) => c.notNull())
      .addColumn('comments', 'text', (c) => c.notNull())
      .addColumn('meeting_id', 'text', (c) => c.references('meetings.id'))
      .addColumn('business_date', 'text', (c) => c.notNull())
      .addColumn('proposal_reference', 'text', (c) => c.notNull())
      .addColumn('proposal_state', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text', (c) => c.notNull())
      .addColumn('actor_name', 'text', (c) => c.notNull())
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('committee_views_proposal').on('committee_views').columns(['proposal_id', 'committee_code']).execute();
    // A view once given is history: a later view is a new row.
    await makeAppendOnly(db, dialect, 'committee_views');
  },
}];
