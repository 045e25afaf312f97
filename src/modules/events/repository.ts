// All SQL of the timeline. Events are only ever inserted; the database refuses updates and deletes.
import type { Executor } from '../database.js';
import type { NewEvent, ProposalEvent } from './events.js';

export async function appendEvent(ex: Executor, event: NewEvent): Promise<ProposalEvent> {
  const last = await ex.selectFrom('events').select((eb) => eb.fn.max('seq').as('seq'))
    .where('proposal_id', '=', event.proposalId).executeTakeFirst();
  const seq = Number(last?.seq ?? 0) + 1;
  await ex.insertInto('events').values({
    id: event.id,
    proposal_id: event.proposalId,
    seq,
    type: event.type,
    label: event.label,
    actor_id: event.actorId,
    actor_name: event.actorName,
    business_date: event.businessDate,
    recorded_at: event.recordedAt,
    from_state: event.fromState,
    to_state: event.toState,
    changes: JSON.stringify(event.changes),
    inputs: JSON.stringify(event.inputs),
    note: event.note,
    meeting_id: event.meetingId ?? null,
  }).execute();
  return { ...event, seq, meetingId: event.meetingId ?? null };
}

/** In business-date order; events of the same day in the order they were recorded. */
export async function listEvents(ex: Executor, proposalId: string): Promise<ProposalEvent[]> {
  const rows = await ex.selectFrom('events').selectAll().where('proposal_id', '=', proposalId)
    .orderBy('business_date', 'asc').orderBy('seq', 'asc').execute();
  return rows.map((r) => ({
    id: r.id,
    proposalId: r.proposal_id,
    seq: Number(r.seq),
    type: r.type,
    label: r.label,
    actorId: r.actor_id,
    actorName: r.actor_name,
    businessDate: r.business_date,
    recordedAt: r.recorded_at,
    fromState: r.from_state,
    toState: r.to_state,
    changes: JSON.parse(r.changes),
    inputs: JSON.parse(r.inputs),
    note: r.note,
    meetingId: r.meeting_id,
  }));
}
