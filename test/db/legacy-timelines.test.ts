// A database made before the event stream (per-change timelines in `events`, submission histories
// in `submission_events`) is migrated on each engine: every old row becomes an event of today's
// catalog that fits its schema, in the order it was recorded, and the old tables are gone.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrations } from '../../src/app.js';
import { openDatabase, type Db } from '../../src/platform/db/database.js';
import { migrate, tableExists } from '../../src/platform/db/migrate.js';
import { buildCatalog } from '../../src/platform/events/catalog.js';
import { readStream } from '../../src/platform/events/stream.js';
import { MODULES } from '../../src/modules/index.js';
import { secProfile } from '../../src/process/sec.js';
import { DIALECTS, freshDatabase, postgresReachable } from '../support/databases.js';
import { describe } from 'vitest';

const STREAM_ERA = '2026-12-01';
const pgUp = await postgresReachable();

for (const dialect of DIALECTS) {
  (dialect === 'sqlite' || pgUp ? describe : describe.skip)(`timelines made before the event stream [${dialect}]`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      const fresh = await freshDatabase(dialect);
      drop = fresh.drop;
      db = await openDatabase(fresh.target);
      await migrate(db, migrations.filter((m) => m.name < STREAM_ERA), secProfile);
      const k = db.kysely;
      const at = '2019-11-01T10:00:00.000Z';
      await k.insertInto('organisations').values({ id: 'org-u', name: 'Utilita', party_category: 'large-supplier', created_at: at }).execute();
      await k.insertInto('accounts').values({ id: 'acc-andy', name: 'Andy', email: 'andy@u.example', role: 'party', password_hash: null,
        organisation_id: 'org-u', status: 'active', created_at: at, last_sign_in_at: null }).execute();
      await k.insertInto('proposals').values({
        id: 'p-92', series: 'SEC', number: 92, variant: '', prefix: 'MP', reference: 'MP092', title: 'Planned maintenance', slug: 'planned-maintenance',
        state: 'refinement', held_from_state: null, proposer_id: null, organisation_id: null, lead_analyst_id: null, raised_on: '2019-08-19',
        path: '3', fast_track: 0, urgent: 0, target_release: null, implementation_date: null, latest_update: '', summary: '', solution: '',
        impacted_categories: '[]', documents_affected: '[]', version: 4, created_at: at, updated_at: at,
      }).execute();
      await k.insertInto('meetings').values({ id: 'm-panel', committee_code: 'PANEL', date: '2019-11-15', start_time: null, location: '', online_url: '',
        title: 'Panel', status: 'held', version: 1, created_at: at, updated_at: at }).execute();
      await k.insertInto('committee_views').values({ id: 'v-1', proposal_id: 'p-92', committee_code: 'OPSG', impact: 'potential', further_input: 1,
        comments: 'Keen to see it.', meeting_id: null, business_date: '2019-08-27', proposal_reference: 'DP092', proposal_state: 'development',
        actor_id: 'acc_administrator', actor_name: 'Administrator', recorded_at: '2019-11-01T10:00:03.000Z' }).execute();
      const old = (seq: number, type: string, extra: Record<string, unknown>) => ({
        id: `e-${seq}`, proposal_id: 'p-92', seq, type, label: `old ${type}`, actor_id: 'acc_administrator', actor_name: 'Administrator',
        business_date: '2019-08-19', recorded_at: `2019-11-01T10:00:0${seq}.000Z`, from_state: 'development', to_state: 'development',
        changes: '{}', inputs: '{}', note: '', meeting_id: null, ...extra,
      });
      await k.insertInto('events' as never).values([
        old(1, 'raised', { from_state: null, changes: JSON.stringify({ reference: [null, 'DP092'], title: [null, 'Planned maintenance'] }) }),
        old(2, 'problem-statement-saved', { changes: JSON.stringify({ problemStatement: [null, 'v0.1'] }) }),
        old(3, 'committee-view', { business_date: '2019-08-27', changes: JSON.stringify({ 'view:OPSG': [null, 'Potential impact'] }), note: 'Keen to see it.' }),
        old(4, 'edited', { changes: JSON.stringify({ title: ['Planned maintenance', 'Planned maintenance trial'] }), note: 'Retitled.' }),
        old(5, 'convert', { business_date: '2019-11-15', from_state: 'problem-statement-agreed', to_state: 'refinement', meeting_id: 'm-panel',
          inputs: JSON.stringify({ path: '3', route: 'refinement' }), changes: JSON.stringify({ reference: ['DP092', 'MP092'], path: [null, '3'] }) }),
      ] as never).execute();
      await k.insertInto('submissions' as never).values({ id: 's-1', organisation_id: 'org-u', author_id: 'acc-andy', author_name: 'Andy', title: 'Top-ups',
        summary: 'In brief.', sections: '[]', status: 'submitted', submitted_by_id: 'acc-andy', submitted_by_name: 'Andy', submitted_on: '2019-11-01',
        due_on: '2019-11-08', proposal_id: null, version: 2, created_at: at, updated_at: at } as never).execute();
      await k.insertInto('submission_events' as never).values([
        { id: 'se-1', submission_id: 's-1', seq: 1, step: 'created', from_status: null, to_status: 'draft', actor_id: 'acc-andy', actor_name: 'Andy',
          business_date: '2019-11-01', recorded_at: '2019-11-01T10:00:06.000Z', comments: '', due_on: null, proposal_reference: null },
        { id: 'se-2', submission_id: 's-1', seq: 2, step: 'submitted', from_status: 'draft', to_status: 'submitted', actor_id: 'acc-andy', actor_name: 'Andy',
          business_date: '2019-11-01', recorded_at: '2019-11-01T10:00:07.000Z', comments: '', due_on: '2019-11-08', proposal_reference: null },
      ] as never).execute();
      await migrate(db, migrations, secProfile);
    });
    afterAll(async () => {
      await db?.close();
      await drop?.();
    });

    it('moves every old row into the stream, typed, in the order it was recorded, and drops the old tables', async () => {
      const events = await readStream(db.kysely, 'everything', { limit: 100 });
      expect(events.map((e) => [e.position, e.type, e.subject.ref])).toEqual([
        [1, 'proposal.raised', 'DP092'], [2, 'problem-statement.saved', 'MP092'], [3, 'view.recorded', 'MP092'],
        [4, 'proposal.edited', 'MP092'], [5, 'proposal.action-taken', 'MP092'], [6, 'submission.created', 'Top-ups'], [7, 'submission.submitted', 'Top-ups'],
      ]);
      const catalog = buildCatalog(MODULES.flatMap((m) => (m.events ? [m.events] : [])));
      for (const e of events) expect(await catalog.check(e.type, e.payload), e.type).toEqual([]);
      expect(events[4]).toMatchObject({ action: 'convert', meetingId: 'm-panel', businessDate: '2019-11-15', label: 'old convert',
        payload: { action: 'convert', fromState: 'problem-statement-agreed', toState: 'refinement', inputs: { path: '3', route: 'refinement' } } });
      expect(events[2].payload).toMatchObject({ viewId: 'v-1', committee: 'OPSG', impact: 'potential', furtherInput: true, comments: 'Keen to see it.' });
      expect(events[1].payload).toEqual({ reference: 'MP092', version: '0.1', previous: null, note: '' });
      expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 1, 2]);
      expect(events.slice(5).map((e) => [e.audience, e.organisationId])).toEqual([['organisation-only', 'org-u'], ['organisation', 'org-u']]);
      expect(await tableExists(db.kysely, dialect, 'events_v1')).toBe(false);
      expect(await tableExists(db.kysely, dialect, 'submission_events')).toBe(false);
      // The stream is append-only like the timelines were.
      await expect(db.kysely.deleteFrom('events' as never).execute()).rejects.toThrow();
    });
  });
}
