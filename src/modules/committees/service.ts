// Use cases of committees: members, meetings and agendas, outcomes taken at a meeting (the same
// lifecycle actions as on the register, with the meeting as their source) and committee views.
import type { Actor } from '../accounts/accounts.js';
import { executor, inTransaction, newId, record, type ServiceContext } from '../context.js';
import { findOrganisation, findPerson, insertPerson } from '../directory/repository.js';
import { actOnProposal, findProposal } from '../proposals/service.js';
import { DomainError, notFound, validationError } from '../../platform/errors.js';
import { diff } from '../../platform/events/changes.js';
import { Checker, type Loose } from '../../platform/validation.js';
import { formatDate, londonDate } from '../../process/dates.js';
import { findAction } from '../../process/workflow.js';
import type { CommitteeDef } from '../../process/profile.js';
import {
  AGENDA_PURPOSES, IMPACTS, MEMBER_ROLES, findCommittee, meetingPhrase,
  type AgendaItem, type CommitteeView, type Meeting, type Member,
} from './committees.js';
import { MEETING_FIELD_LABELS } from './events.js';
import * as repo from './repository.js';

/** How the stream names a meeting: "OPSG 2019-11-26". */
const meetingRef = (m: Pick<Meeting, 'committeeCode' | 'date'>) => `${m.committeeCode} ${m.date}`;
const today = (ctx: ServiceContext) => londonDate(ctx.clock());

export function requireCommittee(ctx: ServiceContext, code: Loose, field = 'committee'): CommitteeDef {
  const committee = typeof code === 'string' ? findCommittee(ctx.profile, code) : undefined;
  if (!committee) {
    throw validationError([{ field, message: `unknown committee "${String(code ?? '')}". Committees: ${ctx.profile.committees.map((c) => c.code).join(', ')}.` }]);
  }
  return committee;
}

/** Decisions and views need a meeting that took place: not cancelled, not in the future. */
function assertMeetingUsable(ctx: ServiceContext, meeting: Meeting): void {
  if (meeting.status === 'cancelled') {
    throw new DomainError('ACTION_NOT_ALLOWED', `The ${meeting.committeeCode} meeting of ${formatDate(meeting.date)} was cancelled.`,
      { fields: [{ field: 'meeting', message: 'was cancelled.' }], allowed: [] });
  }
  if (meeting.date > londonDate(ctx.clock())) {
    throw validationError([{ field: 'meeting', message: `is on ${formatDate(meeting.date)}, which has not happened yet.` }]);
  }
}

export async function getMeeting(ctx: ServiceContext, id: string): Promise<Meeting> {
  const meeting = await repo.findMeeting(executor(ctx), id);
  if (!meeting) throw notFound(`Meeting ${id}`);
  return meeting;
}

export async function listCommittees(ctx: ServiceContext) {
  const members = await repo.listMembers(executor(ctx));
  return ctx.profile.committees.map((c) => ({ ...c, members: members.filter((m) => m.committeeCode === c.code) }));
}

export async function getCommittee(ctx: ServiceContext, code: string) {
  const committee = requireCommittee(ctx, code);
  const ex = executor(ctx);
  const [members, meetings] = await Promise.all([repo.listMembers(ex, committee.code), repo.listMeetings(ex, { committee: committee.code })]);
  return { committee, members, meetings };
}

export async function listMeetings(ctx: ServiceContext, query: { committee?: Loose; from?: Loose; to?: Loose }) {
  const c = new Checker();
  const from = c.date('from', query.from);
  const to = c.date('to', query.to);
  c.done();
  const committee = query.committee ? requireCommittee(ctx, query.committee).code : undefined;
  return repo.listMeetings(executor(ctx), { committee, from, to });
}

export async function getMeetingDetail(ctx: ServiceContext, id: string): Promise<{ meeting: Meeting; agenda: AgendaItem[] }> {
  const meeting = await getMeeting(ctx, id);
  return { meeting, agenda: await repo.listAgenda(executor(ctx), id) };
}

export interface MemberInput {
  committee?: Loose; name?: Loose; organisation?: Loose; seat?: Loose; role?: Loose; termStart?: Loose; termEnd?: Loose;
}

export async function addMember(ctx: ServiceContext, actor: Actor, raw: MemberInput): Promise<Member> {
  const committee = requireCommittee(ctx, raw.committee);
  const c = new Checker();
  const name = c.text('name', raw.name, { required: true, max: 200 }) ?? '';
  const organisation = c.text('organisation', raw.organisation, { required: true, max: 200 }) ?? '';
  const seat = c.text('seat', raw.seat, { required: true, max: 100 }) ?? '';
  const role = c.oneOf('role', raw.role ?? 'member', MEMBER_ROLES) ?? 'member';
  const termStart = c.date('termStart', raw.termStart);
  const termEnd = c.date('termEnd', raw.termEnd);
  if (!termStart) c.fail('termStart', 'is required.');
  if (termStart && termEnd && termEnd < termStart) c.fail('termEnd', 'cannot be before the start of the term.');
  c.done();
  return inTransaction(ctx, async (trx, tx) => {
    const org = await findOrganisation(trx, organisation);
    if (!org) throw validationError([{ field: 'organisation', message: `unknown organisation "${organisation}".` }]);
    const at = ctx.clock().toISOString();
    let person = await findPerson(trx, name, org.id);
    if (!person) {
      person = { id: newId(), name, organisationId: org.id, isAnalyst: false };
      await insertPerson(trx, person, at);
    }
    const id = newId();
    await repo.insertMember(trx, {
      id, committee_code: committee.code, person_id: person.id, seat, role, term_start: termStart!, term_end: termEnd ?? null, created_at: at,
    });
    await record(tx, {
      type: 'committee.member-added', subject: { id: committee.code, ref: committee.code },
      label: `${name} joined the ${committee.name} (${role}, ${seat})`, actor, businessDate: today(ctx),
      payload: { committee: committee.code, memberId: id, name, organisation: org.name, seat, role, termStart: termStart!, termEnd: termEnd ?? null },
    });
    return (await repo.listMembers(trx, committee.code)).find((m) => m.id === id)!;
  });
}

/** Ends a member's term on the day given (not before it began); a term already ended stays as it was. */
export async function endMemberTerm(ctx: ServiceContext, actor: Actor, committeeCode: Loose, memberId: string, raw: { termEnd?: Loose }): Promise<Member> {
  const committee = requireCommittee(ctx, committeeCode);
  const c = new Checker();
  const termEnd = c.date('termEnd', raw.termEnd);
  if (!termEnd) c.fail('termEnd', 'is required.');
  c.done();
  return inTransaction(ctx, async (trx, tx) => {
    const member = (await repo.listMembers(trx, committee.code)).find((m) => m.id === memberId);
    if (!member) throw new DomainError('NOT_FOUND', `No member ${memberId} of the ${committee.shortName}.`);
    if (termEnd! < member.termStart) throw validationError([{ field: 'termEnd', message: `cannot be before the term began (${formatDate(member.termStart)}).` }]);
    if (!await repo.endMemberTerm(trx, member.id, termEnd!)) {
      throw new DomainError('ACTION_NOT_ALLOWED', `${member.name}'s term already ended on ${formatDate(member.termEnd ?? termEnd!)}.`, { allowed: [] });
    }
    await record(tx, {
      type: 'committee.member-term-ended', subject: { id: committee.code, ref: committee.code },
      label: `${member.name}'s term on the ${committee.name} ended`, actor, businessDate: today(ctx),
      payload: { committee: committee.code, memberId: member.id, name: member.name, termEnd: termEnd! },
    });
    return { ...member, termEnd: termEnd! };
  });
}

export interface MeetingInput {
  committee?: Loose; date?: Loose; startTime?: Loose; location?: Loose; onlineUrl?: Loose; title?: Loose; status?: Loose;
}

function parseMeeting(c: Checker, raw: MeetingInput, required: boolean) {
  const date = c.date('date', raw.date);
  if (required && !date) c.fail('date', 'is required.');
  const startTime = c.text('startTime', raw.startTime, { max: 5 });
  if (startTime && !/^([01]\d|2[0-3]):[0-5]\d$/.test(startTime)) c.fail('startTime', 'must be a time written HH:MM.');
  const onlineUrl = c.text('onlineUrl', raw.onlineUrl, { max: 500 });
  if (onlineUrl && !/^https:\/\/\S+$/.test(onlineUrl)) c.fail('onlineUrl', 'must be an https:// link.');
  return {
    date, startTime, onlineUrl,
    location: c.text('location', raw.location, { max: 300 }),
    title: c.text('title', raw.title, { max: 300 }),
    status: c.oneOf('status', raw.status, ['planned', 'held', 'cancelled'] as const),
  };
}

export async function createMeeting(ctx: ServiceContext, actor: Actor, raw: MeetingInput): Promise<Meeting> {
  const committee = requireCommittee(ctx, raw.committee);
  const c = new Checker();
  const m = parseMeeting(c, raw, true);
  c.done();
  return inTransaction(ctx, async (trx, tx) => {
    if (await repo.findMeetingOn(trx, committee.code, m.date!)) {
      throw new DomainError('ALREADY_EXISTS', `The ${committee.shortName} already has a meeting on ${formatDate(m.date)}.`,
        { fields: [{ field: 'date', message: 'a meeting is already planned that day.' }] });
    }
    const at = ctx.clock().toISOString();
    const id = newId();
    await repo.insertMeeting(trx, {
      id, committee_code: committee.code, date: m.date!, start_time: m.startTime || null, location: m.location ?? '',
      online_url: m.onlineUrl ?? '', title: m.title || `${committee.name} meeting`, status: m.status ?? 'planned',
      version: 1, created_at: at, updated_at: at,
    });
    const meeting = (await repo.findMeeting(trx, id))!;
    await record(tx, {
      type: 'meeting.planned', subject: { id, ref: meetingRef(meeting) }, meetingId: id,
      label: `${committee.name} meeting planned for ${formatDate(meeting.date)}`, actor, businessDate: today(ctx),
      payload: {
        committee: committee.code, date: meeting.date, startTime: meeting.startTime, location: meeting.location,
        onlineUrl: meeting.onlineUrl, title: meeting.title, status: meeting.status,
      },
    });
    return meeting;
  });
}

export async function updateMeeting(ctx: ServiceContext, actor: Actor, id: string, expectedVersion: number, raw: MeetingInput): Promise<Meeting> {
  const c = new Checker();
  const m = parseMeeting(c, raw, false);
  c.done();
  return inTransaction(ctx, async (trx, tx) => {
    const current = await repo.findMeeting(trx, id);
    if (!current) throw notFound(`Meeting ${id}`);
    const reviving = current.status === 'cancelled' && m.status !== undefined && m.status !== 'cancelled';
    if ((m.date && m.date !== current.date) || reviving) {
      const clash = await repo.findMeetingOn(trx, current.committeeCode, m.date ?? current.date);
      if (clash && clash.id !== current.id) throw new DomainError('ALREADY_EXISTS', 'The committee already has a meeting that day.', { fields: [{ field: 'date', message: 'a meeting is already planned that day.' }] });
    }
    const ok = await repo.updateMeeting(trx, id, expectedVersion, {
      ...(m.date ? { date: m.date } : {}),
      ...(m.startTime !== undefined ? { start_time: m.startTime || null } : {}),
      ...(m.location !== undefined ? { location: m.location } : {}),
      ...(m.onlineUrl !== undefined ? { online_url: m.onlineUrl } : {}),
      ...(m.title ? { title: m.title } : {}),
      ...(m.status ? { status: m.status } : {}),
      updated_at: ctx.clock().toISOString(),
    });
    if (!ok) throw new DomainError('VERSION_CONFLICT', 'The meeting was changed by someone else since you loaded it.', { currentVersion: current.version });
    const updated = (await repo.findMeeting(trx, id))!;
    const fields = (x: Meeting) => ({ date: x.date, startTime: x.startTime, location: x.location, onlineUrl: x.onlineUrl, title: x.title, status: x.status });
    const changes = diff(fields(current), fields(updated));
    if (Object.keys(changes).length) {
      const committee = requireCommittee(ctx, current.committeeCode);
      await record(tx, {
        type: 'meeting.updated', subject: { id, ref: meetingRef(updated) }, meetingId: id,
        label: updated.status === 'cancelled' && current.status !== 'cancelled'
          ? `${committee.name} meeting of ${formatDate(current.date)} cancelled`
          : `${committee.name} meeting of ${formatDate(updated.date)} changed: ${Object.keys(changes).map((k) => MEETING_FIELD_LABELS[k] ?? k).join(', ')}`,
        actor, businessDate: today(ctx), payload: { committee: committee.code, date: updated.date, changes },
      });
    }
    return updated;
  });
}

export async function addAgendaItem(
  ctx: ServiceContext, actor: Actor, meetingId: string, raw: { ref?: Loose; purpose?: Loose; text?: Loose },
): Promise<AgendaItem> {
  const c = new Checker();
  const purpose = c.oneOf('purpose', raw.purpose ?? 'for-information', AGENDA_PURPOSES.map((p) => p.value)) ?? 'for-information';
  const text = c.text('text', raw.text, { max: 2000 }) ?? '';
  const ref = c.text('ref', raw.ref, { max: 40 });
  if (!ref && !text) c.fail('text', 'give a proposal reference or a text for the item.');
  c.done();
  return inTransaction(ctx, async (trx, inner) => {
    const meeting = await getMeeting(inner, meetingId);
    const proposal = ref ? await findProposal(inner, trx, ref) : null;
    const id = newId();
    const position = await repo.nextAgendaPosition(trx, meetingId);
    await repo.insertAgendaItem(trx, {
      id, meeting_id: meetingId, position, proposal_id: proposal?.id ?? null, purpose, text, outcome: '', created_at: ctx.clock().toISOString(),
    });
    const committee = requireCommittee(ctx, meeting.committeeCode);
    await record(inner, {
      type: 'meeting.agenda-item-added', subject: { id: meetingId, ref: meetingRef(meeting) }, meetingId, proposalId: proposal?.id ?? null,
      label: `On the agenda of ${meetingPhrase(committee, formatDate(meeting.date))}${proposal ? '' : `: ${text}`}`,
      // On the timeline it sits at the meeting's day, or today for a meeting still to come.
      actor, businessDate: meeting.date < today(ctx) ? meeting.date : today(ctx),
      payload: { committee: committee.code, date: meeting.date, itemId: id, position, purpose: purpose, text, reference: proposal?.reference ?? null },
    });
    return (await repo.listAgenda(trx, meetingId)).find((a) => a.id === id)!;
  });
}

/**
 * A decision taken at a meeting: the lifecycle action runs exactly as on the register, dated the
 * meeting's day and naming the meeting, and the agenda item records the outcome. One transaction.
 */
export async function recordOutcome(
  ctx: ServiceContext, actor: Actor, meetingId: string,
  raw: { ref?: Loose; action?: Loose; inputs?: Record<string, string | undefined>; note?: Loose },
) {
  const c = new Checker();
  const ref = c.text('ref', raw.ref, { required: true, max: 40 });
  const actionId = c.text('action', raw.action, { required: true, max: 100 });
  const note = c.text('note', raw.note, { max: 5000 });
  c.done();
  const request = { ref: ref!, action: actionId!, inputs: raw.inputs, note };
  return inTransaction(ctx, async (trx, inner) => {
    const meeting = await getMeeting(inner, meetingId);
    assertMeetingUsable(ctx, meeting);
    const committee = requireCommittee(ctx, meeting.committeeCode);
    const action = findAction(ctx.profile, request.action);
    if (action && action.body !== committee.code) {
      throw new DomainError('ACTION_NOT_ALLOWED', `"${action.label}" is taken by the ${ctx.profile.bodies.find((b) => b.id === action.body)?.name ?? action.body}, not at a ${committee.shortName} meeting.`, { allowed: [] });
    }
    const updated = await actOnProposal(inner, actor, request.ref, {
      action: request.action, inputs: request.inputs, note: request.note, businessDate: meeting.date,
      source: { meetingId, label: meetingPhrase(committee, formatDate(meeting.date)) },
    });
    const agenda = await repo.listAgenda(trx, meetingId);
    const item = agenda.find((a) => a.proposalId === updated.id);
    const outcome = `${action!.eventLabel} (${updated.reference})`;
    let itemId = item?.id;
    if (item) {
      await repo.setAgendaOutcome(trx, item.id, item.outcome ? `${item.outcome}; ${outcome}` : outcome);
    } else {
      itemId = newId();
      await repo.insertAgendaItem(trx, {
        id: itemId, meeting_id: meetingId, position: await repo.nextAgendaPosition(trx, meetingId), proposal_id: updated.id,
        purpose: 'for-decision', text: '', outcome, created_at: ctx.clock().toISOString(),
      });
    }
    await record(inner, {
      type: 'meeting.outcome-recorded', subject: { id: meetingId, ref: meetingRef(meeting) }, meetingId, proposalId: updated.id,
      action: action!.id, label: `${outcome}, at ${meetingPhrase(committee, formatDate(meeting.date))}`, actor, businessDate: meeting.date,
      payload: { committee: committee.code, date: meeting.date, itemId: itemId!, reference: updated.reference, action: action!.id, outcome },
    });
    return updated;
  });
}

export interface ViewInput {
  committee?: Loose; impact?: Loose; furtherInput?: Loose; comments?: Loose; meeting?: Loose; businessDate?: Loose;
}

/** A committee's view on a change at its current stage; shown on the change's page and timeline. */
export async function recordView(ctx: ServiceContext, actor: Actor, ref: string, raw: ViewInput): Promise<CommitteeView> {
  const committee = requireCommittee(ctx, raw.committee);
  if (actor.role === 'member' && !actor.committees?.includes(committee.code)) {
    throw new DomainError('FORBIDDEN', `Only members of the ${committee.shortName} may record its view.`);
  }
  const c = new Checker();
  const impact = c.oneOf('impact', raw.impact, IMPACTS, { required: true });
  const furtherInput = c.flag('furtherInput', raw.furtherInput) ?? false;
  const comments = c.text('comments', raw.comments, { max: 5000 }) ?? '';
  const meetingId = c.text('meeting', raw.meeting, { max: 100 }) || null;
  const givenDate = c.date('businessDate', raw.businessDate);
  c.done();
  return inTransaction(ctx, async (trx, inner) => {
    const proposal = await findProposal(inner, trx, ref);
    let businessDate = givenDate ?? londonDate(ctx.clock());
    if (meetingId) {
      const meeting = await repo.findMeeting(trx, meetingId);
      if (!meeting) throw validationError([{ field: 'meeting', message: 'no such meeting.' }]);
      if (meeting.committeeCode !== committee.code) throw validationError([{ field: 'meeting', message: `is a meeting of ${meeting.committeeCode}, not ${committee.code}.` }]);
      assertMeetingUsable(ctx, meeting);
      businessDate = givenDate ?? meeting.date;
    }
    if (businessDate > londonDate(ctx.clock())) throw validationError([{ field: 'businessDate', message: 'cannot be in the future.' }]);
    if (businessDate < proposal.raisedOn) throw validationError([{ field: 'businessDate', message: `cannot be before the change was raised (${proposal.raisedOn}).` }]);
    const at = ctx.clock().toISOString();
    const view: CommitteeView & { actorId: string } = {
      id: newId(), proposalId: proposal.id, committeeCode: committee.code, impact: impact!, furtherInput, comments, meetingId,
      businessDate, proposalReference: proposal.reference, proposalState: proposal.state, actorId: actor.id, actorName: actor.name, recordedAt: at,
    };
    await repo.insertView(trx, view);
    const area = committee.impactArea ? `${committee.impactArea.adjective} ` : '';
    const impactText = impact === 'none' ? `no ${area}impact` : impact === 'potential' ? `potential ${area}impact` : 'impact not assessed';
    await record(inner, {
      type: 'view.recorded', subject: { id: proposal.id, ref: proposal.reference }, meetingId,
      label: `${committee.name} view: ${impactText}${furtherInput ? '; wants to give further input' : ''}`,
      actor, businessDate,
      payload: {
        viewId: view.id, reference: proposal.reference, committee: committee.code, impact: impact!, furtherInput, comments, meetingId,
        proposalState: proposal.state,
      },
    });
    return view;
  });
}

export async function listViewsOf(ctx: ServiceContext, ref: string): Promise<CommitteeView[]> {
  const proposal = await findProposal(ctx, executor(ctx), ref);
  return repo.listViews(executor(ctx), { proposalIds: [proposal.id] });
}

/** The views recorded at one meeting, in the order they were recorded. */
export async function listViewsAt(ctx: ServiceContext, meetingId: string): Promise<CommitteeView[]> {
  return repo.listViews(executor(ctx), { meetingId });
}
