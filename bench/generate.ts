// A large, realistic register for benchmarks: changes in every state with long timelines, their
// parties, problem statements, documents, committee meetings and views. Written with multi-row
// inserts in one transaction, the same code on SQLite and PostgreSQL.
import type { Kysely } from 'kysely';
import type { ServiceContext } from '../src/modules/context.js';
import type { Database } from '../src/modules/database.js';
import { formatReference, slugify } from '../src/modules/proposals/proposals.js';

export interface GenerateOptions {
  changes: number;
  eventsPerChange: number;
}

/** A small deterministic random source, so two runs generate the same register. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['smart', 'meter', 'alert', 'credit', 'cover', 'prepayment', 'network', 'outage', 'firmware', 'security', 'gateway',
  'installation', 'coverage', 'tariff', 'data', 'access', 'release', 'testing', 'migration', 'devices', 'supplier', 'charges', 'SMETS1',
  'SMETS2', 'GBCS', 'maintenance', 'reporting', 'obligations', 'timing', 'clarification'];

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Inserts in statements kept under SQLite's and PostgreSQL's parameter limits, whatever the table's width. */
async function insertAll<T extends keyof Database>(db: Kysely<Database>, table: T, rows: Database[T][]): Promise<void> {
  if (rows.length === 0) return;
  const columns = new Set(rows.flatMap((row) => Object.keys(row as object))).size;
  const batch = Math.max(1, Math.floor(30_000 / columns));
  for (let i = 0; i < rows.length; i += batch) {
    await db.insertInto(table).values(rows.slice(i, i + batch) as never).execute();
  }
}

/** Fills an empty, migrated database. Returns what it wrote. */
export async function generateRegister(ctx: ServiceContext, options: GenerateOptions): Promise<Record<string, number>> {
  const rnd = random(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const { profile } = ctx;
  const at = '2026-01-01T00:00:00.000Z';
  const counts: Record<string, number> = {};

  await ctx.db.kysely.transaction().execute(async (trx) => {
    const organisations = Array.from({ length: 60 }, (_, i) => ({
      id: `org-${i}`, name: i === 0 ? 'SECAS' : `Party ${i}`, party_category: i === 0 ? null : profile.partyCategories[i % profile.partyCategories.length].id,
      created_at: at,
    }));
    const people = Array.from({ length: 400 }, (_, i) => ({
      id: `person-${i}`, name: `Person ${i}`, organisation_id: i < 12 ? 'org-0' : `org-${1 + (i % 59)}`, is_analyst: i < 12 ? 1 : 0, created_at: at,
    }));
    await insertAll(trx, 'organisations', organisations);
    await insertAll(trx, 'people', people);

    const states = profile.states.map((s) => s.id);
    const sameStateActions = profile.actions.filter((a) => a.to.kind === 'same').map((a) => a);
    const proposals: Database['proposals'][] = [];
    const events: Database['events'][] = [];
    const statements: Database['problem_statement_versions'][] = [];
    const documents: Database['documents'][] = [];
    const views: Database['committee_views'][] = [];
    const slugs = new Set<string>();
    let position = 0;
    const body = profile.problemStatementSections.map((h) => `## ${h}\n\n${Array.from({ length: 30 }, () => pick(WORDS)).join(' ')}.\n`).join('\n');

    for (let n = 1; n <= options.changes; n += 1) {
      const id = `p-${n}`;
      const state = pick(states);
      const development = profile.states.find((s) => s.id === state)!.phase === 'development';
      const prefix = development ? profile.references.prefixes[0] : profile.references.prefixes[1];
      const title = `${Array.from({ length: 5 + Math.floor(rnd() * 5) }, () => pick(WORDS)).join(' ')} ${n}`;
      let slug = slugify(title);
      while (slugs.has(slug)) slug = `${slug}-x`;
      slugs.add(slug);
      const raisedOn = addDays('2015-01-01', Math.floor(rnd() * 3650));
      const proposer = pick(people.slice(12));
      proposals.push({
        id, series: profile.references.series, number: n, variant: '', prefix, reference: formatReference(profile.references, prefix, n, ''),
        title, slug, state, held_from_state: state === 'on-hold' ? 'refinement' : null, proposer_id: proposer.id, organisation_id: proposer.organisation_id,
        lead_analyst_id: `person-${n % 12}`, raised_on: raisedOn, path: development ? null : pick(['1', '2', '3']), fast_track: 0, urgent: rnd() < 0.05 ? 1 : 0,
        target_release_id: null, target_release: null, implementation_date: null, latest_update: `Update on change ${n}.`, summary: `${title}: ${Array.from({ length: 40 }, () => pick(WORDS)).join(' ')}.`,
        solution: '', impacted_categories: JSON.stringify([pick(profile.partyCategories).id]), documents_affected: JSON.stringify(['Section H']),
        version: options.eventsPerChange, created_at: at, updated_at: at,
      });
      const reference = formatReference(profile.references, prefix, n, '');
      for (let e = 1; e <= options.eventsPerChange; e += 1) {
        const action = e === 1 ? null : pick(sameStateActions);
        const note = rnd() < 0.1 ? 'A note from the meeting.' : '';
        position += 1;
        events.push({
          position, id: `e-${n}-${e}`, type: action ? 'proposal.action-taken' : 'proposal.raised',
          subject_type: 'proposal', subject_id: id, subject_ref: reference, seq: e, proposal_id: id, meeting_id: null,
          action: action ? action.id : null, audience: 'public', organisation_id: null, committee_code: null,
          label: action ? action.eventLabel : profile.words.raised,
          actor_id: 'acc_administrator', actor_name: 'Administrator', business_date: addDays(raisedOn, e * 3), recorded_at: at,
          payload: JSON.stringify(action
            ? { reference, action: action.id, fromState: state, toState: state, inputs: {}, changes: {}, note, meetingId: null }
            : { reference, title, state, changes: { reference: [null, reference], title: [null, title] } }),
        });
      }
      statements.push({ id: `ps-${n}-1`, proposal_id: id, seq: 1, label: '0.1', status: 'draft', body, business_date: raisedOn, created_at: at, created_by: 'Administrator' });
      if (!development) statements.push({ id: `ps-${n}-2`, proposal_id: id, seq: 2, label: '1.0', status: 'agreed', body, business_date: addDays(raisedOn, 30), created_at: at, created_by: 'Administrator' });
      // Listed without a file, as documents were before files were kept: the benchmarks read rows, not files.
      documents.push({ id: `d-${n}`, proposal_id: id, kind: 'dcc-preliminary-assessment', title: 'DCC Preliminary Assessment', version_label: 'v1.0',
        published_on: addDays(raisedOn, 60), created_at: at, file_sha256: null, file_type: null, file_size: null, original_filename: '', restricted: 0, audience_committee: null });
      if (rnd() < 0.6) {
        views.push({
          id: `v-${n}`, proposal_id: id, committee_code: 'OPSG', impact: pick(['none', 'potential', 'not-assessed'] as const), further_input: rnd() < 0.3 ? 1 : 0,
          comments: 'Seen at the OPSG.', meeting_id: null, business_date: addDays(raisedOn, 10), proposal_reference: formatReference(profile.references, profile.references.prefixes[0], n, ''),
          proposal_state: 'development', actor_id: 'acc_administrator', actor_name: 'Administrator', recorded_at: at,
        });
      }
      // Flush often so memory stays flat at a million events.
      if (events.length >= 50_000) {
        await insertAll(trx, 'proposals', proposals.splice(0));
        await insertAll(trx, 'events', events.splice(0));
      }
    }
    await insertAll(trx, 'proposals', proposals.splice(0));
    await insertAll(trx, 'events', events.splice(0));
    await insertAll(trx, 'problem_statement_versions', statements);
    await insertAll(trx, 'documents', documents);

    const meetings = Array.from({ length: 120 }, (_, i) => ({
      id: `m-${i}`, committee_code: pick(['OPSG', 'CSC', 'PANEL']), date: addDays('2016-01-05', i * 28 + (i % 3)), start_time: '10:00', location: 'Online',
      online_url: '', title: 'Meeting', status: 'held' as const, version: 1, created_at: at, updated_at: at,
    }));
    await insertAll(trx, 'meetings', meetings);
    await insertAll(trx, 'committee_views', views);
    counts.proposals = options.changes;
    counts.events = options.changes * options.eventsPerChange;
    counts.meetings = meetings.length;
    counts.views = views.length;
    counts.documents = documents.length;
  });
  return counts;
}
