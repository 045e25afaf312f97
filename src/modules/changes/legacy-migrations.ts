// Before the event stream, each change had its own timeline table (`events`, now `events_v1`) and
// each submission its history (`submission_events`). Those migrations stay, as migrations already
// run must stay listed; the last one here moves their rows into the stream, in the order they were
// recorded, with the payloads of today's event types, and drops the old tables.
import { sql, type Kysely } from 'kysely';
import { makeAppendOnly, type ModuleMigration } from '../../platform/db/migrate.js';
import { convertLegacyTimelines } from './legacy-conversion.js';

export const legacyTimelineMigrations: ModuleMigration[] = [{
  name: '2026-11-30-04-events',
  async up(db, dialect) {
    await db.schema.createTable('events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text', (c) => c.notNull())
      .addColumn('actor_name', 'text', (c) => c.notNull())
      .addColumn('business_date', 'text', (c) => c.notNull())
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .addColumn('from_state', 'text')
      .addColumn('to_state', 'text')
      .addColumn('changes', 'text', (c) => c.notNull())
      .addColumn('inputs', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .addUniqueConstraint('events_proposal_seq', ['proposal_id', 'seq'])
      .execute();
    await db.schema.createIndex('events_business_date').on('events').columns(['business_date']).execute();
    await db.schema.createIndex('events_type_date').on('events').columns(['type', 'business_date']).execute();
    await makeAppendOnly(db, dialect, 'events');
  },
}, {
  name: '2026-11-30-06-events-meeting',
  async up(db) {
    // No foreign key: meetings belong to the committees module, which sits above events.
    await db.schema.alterTable('events').addColumn('meeting_id', 'text').execute();
    await db.schema.createIndex('events_meeting').on('events').column('meeting_id').execute();
  },
}, {
  name: '2026-12-01-02-timelines-into-stream',
  async up(db, dialect) {
    await convertLegacyTimelines(db, dialect);
    await dropLegacy(db, dialect);
  },
}];

async function dropLegacy(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  for (const table of ['events_v1', 'submission_events']) {
    if (dialect === 'sqlite') {
      await sql.raw(`DROP TRIGGER IF EXISTS ${table}_no_update`).execute(db);
      await sql.raw(`DROP TRIGGER IF EXISTS ${table}_no_delete`).execute(db);
    }
    await db.schema.dropTable(table).ifExists().execute();
  }
}
