// All SQL of the feeds: the newest public events of one scope, the names and addresses of the
// changes they are about, and the meetings a change is on the agenda of.
import { sql } from 'kysely';
import type { Dialect } from '../../platform/db/database.js';
import { toStored, type StoredEvent } from '../../platform/events/stream.js';
import type { Meeting } from '../committees/committees.js';
import type { Executor } from '../database.js';

/** What a feed covers: everything public, one change, or one committee. */
export type FeedScope =
  | { kind: 'all' }
  | { kind: 'change'; proposalId: string }
  | { kind: 'committee'; code: string };

/** The payload's `committee` (a committee's code), as SQL on either database. */
const payloadCommittee = (dialect: Dialect) => (dialect === 'postgres'
  ? sql<string>`(payload::jsonb ->> 'committee')`
  : sql<string>`json_extract(payload, '$.committee')`);

/** The newest events of the given audiences in the scope, newest first. */
export async function newestEvents(
  ex: Executor, dialect: Dialect, audiences: readonly string[], scope: FeedScope, limit: number,
): Promise<StoredEvent[]> {
  let q = ex.selectFrom('events').selectAll().where('audience', 'in', audiences.length ? [...audiences] : ['']);
  if (scope.kind === 'change') q = q.where('proposal_id', '=', scope.proposalId);
  if (scope.kind === 'committee') {
    q = q.where((eb) => eb.or([
      eb.and([eb('subject_type', '=', 'committee'), eb('subject_id', '=', scope.code)]),
      eb(payloadCommittee(dialect), '=', scope.code),
    ]));
  }
  const rows = await q.orderBy('position', 'desc').limit(limit).execute();
  return rows.map(toStored);
}

export interface ChangeName {
  reference: string;
  title: string;
  slug: string;
}

/** The current reference, title and slug of each change named, by id. */
export async function changeNames(ex: Executor, ids: readonly string[]): Promise<Map<string, ChangeName>> {
  if (!ids.length) return new Map();
  const rows = await ex.selectFrom('proposals').select(['id', 'reference', 'title', 'slug']).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [r.id, { reference: r.reference, title: r.title, slug: r.slug }]));
}

export interface AgendaLine {
  meetingId: string;
  text: string;
  reference: string | null;
}

/** The agenda of each meeting named, in order. */
export async function agendaOf(ex: Executor, meetingIds: readonly string[]): Promise<AgendaLine[]> {
  if (!meetingIds.length) return [];
  const rows = await ex.selectFrom('agenda_items as a').leftJoin('proposals as p', 'p.id', 'a.proposal_id')
    .select(['a.meeting_id', 'a.text', 'p.reference']).where('a.meeting_id', 'in', [...meetingIds])
    .orderBy('a.meeting_id').orderBy('a.position').execute();
  return rows.map((r) => ({ meetingId: r.meeting_id, text: r.text, reference: r.reference }));
}

/** The meetings whose agenda names the change, oldest first. */
export async function meetingsAbout(ex: Executor, proposalId: string): Promise<Meeting[]> {
  const rows = await ex.selectFrom('meetings').selectAll()
    .where('id', 'in', ex.selectFrom('agenda_items').select('meeting_id').where('proposal_id', '=', proposalId))
    .orderBy('date').orderBy('committee_code').execute();
  return rows.map((r) => ({
    id: r.id, committeeCode: r.committee_code, date: r.date, startTime: r.start_time, location: r.location,
    onlineUrl: r.online_url, title: r.title, status: r.status, version: Number(r.version),
  }));
}

/** The changes a committee deals with: on an agenda of its meetings, or with its view recorded (as search's filter). */
export async function changesOfCommittee(ex: Executor, code: string): Promise<Set<string>> {
  const agenda = await ex.selectFrom('agenda_items as a').innerJoin('meetings as m', 'm.id', 'a.meeting_id')
    .select('a.proposal_id').where('m.committee_code', '=', code).where('a.proposal_id', 'is not', null).execute();
  const views = await ex.selectFrom('committee_views').select('proposal_id').where('committee_code', '=', code).execute();
  return new Set([...agenda, ...views].map((r) => r.proposal_id).filter((id): id is string => !!id));
}
