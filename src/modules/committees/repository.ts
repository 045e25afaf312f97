// All SQL of committees: members, meetings, agenda items and committee views.
import { sql } from 'kysely';
import type { Executor } from '../database.js';
import { fromFlag, toFlag } from '../../platform/db/database.js';
import type { AgendaItem, CommitteeView, Meeting, Member } from './committees.js';
import type { AgendaItemsTable, CommitteeMembersTable, CommitteeViewsTable, MeetingsTable } from './tables.js';

export async function listMembers(ex: Executor, committeeCode?: string): Promise<Member[]> {
  let q = ex.selectFrom('committee_members as m')
    .innerJoin('people as p', 'p.id', 'm.person_id')
    .leftJoin('organisations as o', 'o.id', 'p.organisation_id')
    .selectAll('m').select(['p.name as name', 'o.name as organisation']);
  if (committeeCode) q = q.where('m.committee_code', '=', committeeCode);
  // Chair first, then members, then alternates.
  const roleOrder = sql`case m.role when 'chair' then 0 when 'member' then 1 else 2 end`;
  const rows = await q.orderBy('m.committee_code').orderBy(roleOrder).orderBy('p.name').execute();
  return rows.map((r) => ({
    id: r.id, committeeCode: r.committee_code, personId: r.person_id, name: r.name, organisation: r.organisation,
    seat: r.seat, role: r.role, termStart: r.term_start, termEnd: r.term_end,
  }));
}

/** Ends a term on `termEnd`, unless it had already ended: true when the row changed. */
export async function endMemberTerm(ex: Executor, id: string, termEnd: string): Promise<boolean> {
  const result = await ex.updateTable('committee_members').set({ term_end: termEnd })
    .where('id', '=', id).where('term_end', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertMember(ex: Executor, row: CommitteeMembersTable): Promise<void> {
  await ex.insertInto('committee_members').values(row).execute();
}

function toMeeting(r: MeetingsTable): Meeting {
  return {
    id: r.id, committeeCode: r.committee_code, date: r.date, startTime: r.start_time, location: r.location,
    onlineUrl: r.online_url, title: r.title, status: r.status, version: Number(r.version),
  };
}

export async function listMeetings(ex: Executor, f: { committee?: string; from?: string; to?: string } = {}): Promise<Meeting[]> {
  let q = ex.selectFrom('meetings').selectAll();
  if (f.committee) q = q.where('committee_code', '=', f.committee);
  if (f.from) q = q.where('date', '>=', f.from);
  if (f.to) q = q.where('date', '<=', f.to);
  return (await q.orderBy('date', 'desc').orderBy('committee_code').execute()).map(toMeeting);
}

export async function findMeeting(ex: Executor, id: string): Promise<Meeting | null> {
  const r = await ex.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toMeeting(r) : null;
}

export async function findMeetingOn(ex: Executor, committee: string, date: string): Promise<Meeting | null> {
  const r = await ex.selectFrom('meetings').selectAll().where('committee_code', '=', committee).where('date', '=', date)
    .where('status', '!=', 'cancelled').executeTakeFirst();
  return r ? toMeeting(r) : null;
}

/** The committee's last meeting strictly before a date (cancelled ones do not count). */
export async function previousMeeting(ex: Executor, committee: string, before: string): Promise<Meeting | null> {
  const r = await ex.selectFrom('meetings').selectAll().where('committee_code', '=', committee).where('date', '<', before)
    .where('status', '!=', 'cancelled').orderBy('date', 'desc').limit(1).executeTakeFirst();
  return r ? toMeeting(r) : null;
}

export async function insertMeeting(ex: Executor, row: MeetingsTable): Promise<void> {
  await ex.insertInto('meetings').values(row).execute();
}

export async function updateMeeting(ex: Executor, id: string, expectedVersion: number, patch: Partial<MeetingsTable>): Promise<boolean> {
  const r = await ex.updateTable('meetings').set({ ...patch, version: expectedVersion + 1 })
    .where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function listAgenda(ex: Executor, meetingId: string): Promise<AgendaItem[]> {
  const rows = await ex.selectFrom('agenda_items as a').leftJoin('proposals as p', 'p.id', 'a.proposal_id')
    .selectAll('a').select(['p.reference as reference', 'p.title as title'])
    .where('a.meeting_id', '=', meetingId).orderBy('a.position').execute();
  return rows.map((r) => ({
    id: r.id, position: Number(r.position), proposalId: r.proposal_id, reference: r.reference, title: r.title,
    purpose: r.purpose, text: r.text, outcome: r.outcome,
  }));
}

export async function insertAgendaItem(ex: Executor, row: AgendaItemsTable): Promise<void> {
  await ex.insertInto('agenda_items').values(row).execute();
}

export async function setAgendaOutcome(ex: Executor, id: string, outcome: string): Promise<void> {
  await ex.updateTable('agenda_items').set({ outcome }).where('id', '=', id).execute();
}

export async function nextAgendaPosition(ex: Executor, meetingId: string): Promise<number> {
  const r = await ex.selectFrom('agenda_items').select((eb) => eb.fn.max('position').as('n')).where('meeting_id', '=', meetingId).executeTakeFirst();
  return Number(r?.n ?? 0) + 1;
}

function toView(r: CommitteeViewsTable): CommitteeView {
  return {
    id: r.id, proposalId: r.proposal_id, committeeCode: r.committee_code, impact: r.impact, furtherInput: fromFlag(r.further_input),
    comments: r.comments, meetingId: r.meeting_id, businessDate: r.business_date, proposalReference: r.proposal_reference,
    proposalState: r.proposal_state, actorName: r.actor_name, recordedAt: r.recorded_at,
  };
}

export async function listViews(ex: Executor, f: { proposalIds?: string[]; committee?: string; meetingId?: string }): Promise<CommitteeView[]> {
  let q = ex.selectFrom('committee_views').selectAll();
  if (f.meetingId) q = q.where('meeting_id', '=', f.meetingId);
  if (f.proposalIds) {
    if (f.proposalIds.length === 0) return [];
    q = q.where('proposal_id', 'in', f.proposalIds);
  }
  if (f.committee) q = q.where('committee_code', '=', f.committee);
  return (await q.orderBy('business_date').orderBy('recorded_at').execute()).map(toView);
}

export async function insertView(ex: Executor, v: Omit<CommitteeView, 'furtherInput'> & { furtherInput: boolean; actorId: string }): Promise<void> {
  await ex.insertInto('committee_views').values({
    id: v.id, proposal_id: v.proposalId, committee_code: v.committeeCode, impact: v.impact, further_input: toFlag(v.furtherInput),
    comments: v.comments, meeting_id: v.meetingId, business_date: v.businessDate, proposal_reference: v.proposalReference,
    proposal_state: v.proposalState, actor_id: v.actorId, actor_name: v.actorName, recorded_at: v.recordedAt,
  }).execute();
}

/** Meetings that took place (not cancelled) of these committees between two days, newest first, at most `limit`. */
export async function meetingsHeld(ex: Executor, committees: string[], from: string, to: string, limit: number): Promise<Meeting[]> {
  if (committees.length === 0) return [];
  const rows = await ex.selectFrom('meetings').selectAll().where('committee_code', 'in', committees).where('status', '!=', 'cancelled')
    .where('date', '>=', from).where('date', '<=', to).orderBy('date', 'desc').orderBy('committee_code').limit(limit).execute();
  return rows.map(toMeeting);
}
