// All SQL of submissions: the submission rows (with their organisation and, once raised, the
// change they became); their history is their events on the stream.
import type { Executor } from '../database.js';
import type { EventPayloads } from '../../platform/events/catalog.js';
import { readStream } from '../../platform/events/stream.js';
import type { Submission, SubmissionEvent, SubmissionSection, SubmissionStatus, SubmissionStep } from './submissions.js';
import type { SubmissionsTable } from './tables.js';

function baseQuery(ex: Executor) {
  return ex.selectFrom('submissions as s')
    .innerJoin('organisations as o', 'o.id', 's.organisation_id')
    .leftJoin('proposals as p', 'p.id', 's.proposal_id')
    .selectAll('s')
    .select(['o.name as organisation_name', 'o.party_category as organisation_category', 'p.reference as proposal_reference', 'p.slug as proposal_slug']);
}

type Row = SubmissionsTable & {
  organisation_name: string; organisation_category: string | null; proposal_reference: string | null; proposal_slug: string | null;
};

function toSubmission(r: Row): Submission {
  return {
    id: r.id,
    organisation: { id: r.organisation_id, name: r.organisation_name, partyCategory: r.organisation_category },
    author: { id: r.author_id, name: r.author_name },
    title: r.title,
    summary: r.summary,
    sections: JSON.parse(r.sections) as SubmissionSection[],
    status: r.status as SubmissionStatus,
    submittedBy: r.submitted_by_id ? { id: r.submitted_by_id, name: r.submitted_by_name ?? '' } : null,
    submittedOn: r.submitted_on,
    dueOn: r.due_on,
    proposal: r.proposal_reference && r.proposal_slug ? { reference: r.proposal_reference, slug: r.proposal_slug } : null,
    version: Number(r.version),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function findSubmission(ex: Executor, id: string): Promise<Submission | null> {
  const r = await baseQuery(ex).where('s.id', '=', id).executeTakeFirst();
  return r ? toSubmission(r) : null;
}

/** Submissions matching a visibility filter (see visibleFilter in submissions.ts). */
export async function listSubmissions(ex: Executor, filter: { organisationId?: string; sentOnly?: boolean }): Promise<Submission[]> {
  let q = baseQuery(ex);
  if (filter.organisationId) q = q.where('s.organisation_id', '=', filter.organisationId);
  if (filter.sentOnly) q = q.where('s.status', '!=', 'draft');
  const rows = await q.orderBy('s.created_at').orderBy('s.id').execute();
  return rows.map((r) => toSubmission(r as Row));
}

/** Submissions awaiting the Secretariat's reply that is due before a day, within a visibility filter. */
export async function listAwaitingReply(
  ex: Executor, filter: { organisationId?: string; sentOnly?: boolean }, statuses: readonly string[], dueBefore: string,
): Promise<Submission[]> {
  let q = baseQuery(ex).where('s.status', 'in', [...statuses]).where('s.due_on', '<', dueBefore);
  if (filter.organisationId) q = q.where('s.organisation_id', '=', filter.organisationId);
  const rows = await q.orderBy('s.due_on').orderBy('s.id').execute();
  return rows.map((r) => toSubmission(r as Row));
}

export async function insertSubmission(ex: Executor, row: SubmissionsTable): Promise<void> {
  await ex.insertInto('submissions').values(row).execute();
}

/** Writes only if nobody changed it since `expectedVersion`; false when someone did. */
export async function updateSubmission(ex: Executor, id: string, expectedVersion: number, patch: Partial<SubmissionsTable>): Promise<boolean> {
  const r = await ex.updateTable('submissions').set({ ...patch, version: expectedVersion + 1 })
    .where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A submission's history: its events on the stream, oldest first. */
export async function listSubmissionEvents(ex: Executor, submissionId: string): Promise<SubmissionEvent[]> {
  const events = await readStream(ex, 'everything', { subject: { type: 'submission', id: submissionId }, limit: 10_000 });
  return events.map((e) => {
    const p = e.payload as EventPayloads['submission.created'];
    return {
      id: e.id, submissionId, seq: e.seq, step: e.type.slice('submission.'.length) as SubmissionStep,
      fromStatus: p.fromStatus, toStatus: p.toStatus, actorId: e.actor.id, actorName: e.actor.name,
      businessDate: e.businessDate, recordedAt: e.recordedAt, comments: p.comments, dueOn: p.dueOn, proposalReference: p.reference,
    };
  });
}
