// The stream's tables. Before the stream, each change had a timeline table named `events`; it is
// renamed `events_v1` here (with its triggers, indexes and constraints out of the way of the new
// names) so the module that knows the old rows can move them into the stream, then drop it.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db/database.js';
import { makeAppendOnly, tableExists, type ModuleMigration } from '../db/migrate.js';

async function setAsideTimelines(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (!await tableExists(db, dialect, 'events')) return;
  if (dialect === 'sqlite') {
    await sql.raw('DROP TRIGGER IF EXISTS events_no_update').execute(db);
    await sql.raw('DROP TRIGGER IF EXISTS events_no_delete').execute(db);
  } else {
    await sql.raw('DROP TRIGGER IF EXISTS events_append_only ON events').execute(db);
  }
  for (const index of ['events_business_date', 'events_type_date', 'events_meeting']) {
    await db.schema.dropIndex(index).ifExists().execute();
  }
  await db.schema.alterTable('events').renameTo('events_v1').execute();
  if (dialect === 'postgres') {
    await sql.raw('ALTER TABLE events_v1 RENAME CONSTRAINT events_pkey TO events_v1_pkey').execute(db);
    await sql.raw('ALTER TABLE events_v1 RENAME CONSTRAINT events_proposal_seq TO events_v1_proposal_seq').execute(db);
  }
}

export const streamMigrations: ModuleMigration[] = [{
  name: '2026-12-01-01-event-stream',
  async up(db, dialect) {
    await setAsideTimelines(db, dialect);
    await db.schema.createTable('events')
      .addColumn('position', 'integer', (c) => c.notNull().unique())
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('subject_type', 'text', (c) => c.notNull())
      .addColumn('subject_id', 'text', (c) => c.notNull())
      .addColumn('subject_ref', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('proposal_id', 'text')
      .addColumn('meeting_id', 'text')
      .addColumn('action', 'text')
      .addColumn('audience', 'text', (c) => c.notNull())
      .addColumn('organisation_id', 'text')
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text', (c) => c.notNull())
      .addColumn('actor_name', 'text', (c) => c.notNull())
      .addColumn('business_date', 'text', (c) => c.notNull())
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addUniqueConstraint('events_subject_seq', ['subject_type', 'subject_id', 'seq'])
      .execute();
    await db.schema.createIndex('events_about_proposal').on('events').columns(['proposal_id', 'business_date', 'position']).execute();
    await db.schema.createIndex('events_at_meeting').on('events').columns(['meeting_id', 'business_date', 'position']).execute();
    await db.schema.createIndex('events_by_type').on('events').columns(['type', 'position']).execute();
    await db.schema.createIndex('events_by_action').on('events').columns(['action', 'business_date']).execute();
    await makeAppendOnly(db, dialect, 'events');

    await db.schema.createTable('event_subscribers')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('claimed_by', 'text')
      .addColumn('claimed_until', 'text')
      .addColumn('handled', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createTable('event_retries')
      .addColumn('subscriber', 'text', (c) => c.notNull())
      .addColumn('event_position', 'integer', (c) => c.notNull())
      .addColumn('subject_key', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('run_after', 'text', (c) => c.notNull())
      .addColumn('last_error', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('event_retries_pk', ['subscriber', 'event_position'])
      .execute();
  },
}, {
  name: '2026-12-03-01-events-committee',
  async up(db) {
    // Restricted documents are read by the Secretariat and the members of one committee: their
    // events name that committee in a column of their own, beside organisation_id (which scopes
    // submissions to a Party), so each scope keeps one meaning and visibleTo filters both in SQL.
    await db.schema.alterTable('events').addColumn('committee_code', 'text').execute();
  },
}];

/** The last event about a change, found from the index alone: what every kept answer's key reads. */
export const streamIndexMigrations: ModuleMigration[] = [{
  name: '2026-12-02-05-events-last-about-proposal',
  async up(db) {
    await db.schema.createIndex('events_last_about_proposal').on('events').columns(['proposal_id', 'position']).execute();
  },
}];
