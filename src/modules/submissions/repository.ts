// All SQL of submissions: the submission rows (with their organisation and, once raised, the
// change they became) and their append-only history.
import type { Executor } from '../database.js';
import type { Submission, SubmissionEvent, SubmissionSection, SubmissionStatus, SubmissionStep } from './submissions.js';
import type { SubmissionEventsTable, SubmissionsTable } from './tables.js';

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
  return r ? toSubmission(r as Row) : null;
}

/** Submissions matching a visibility filter (see visibleFilter in submissions.ts). */
export async function listSubmissions(ex: Executor, filter: { organisationId?: string; sentOnly?: boolean }): Promise<Submission[]> {
  let q = baseQuery(ex);
  if (filter.organisationId) q = q.where('s.organisation_id', '=', filter.organisationId);
  if (filter.sentOnly) q = q.where('s.status', '!=', 'draft');
  const rows = await q.orderBy('s.created_at').orderBy('s.id').execute();
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

export async function appendSubmissionEvent(ex: Executor, e: Omit<SubmissionEvent, 'seq'>): Promise<void> {
  const last = await ex.selectFrom('submission_events').select((eb) => eb.fn.max('seq').as('seq'))
    .where('submission_id', '=', e.submissionId).executeTakeFirst();
  const row: SubmissionEventsTable = {
    id: e.id, submission_id: e.submissionId, seq: Number(last?.seq ?? 0) + 1, step: e.step,
    from_status: e.fromStatus, to_status: e.toStatus, actor_id: e.actorId, actor_name: e.actorName,
    business_date: e.businessDate, recorded_at: e.recordedAt, comments: e.comments, due_on: e.dueOn,
    proposal_reference: e.proposalReference,
  };
  await ex.insertInto('submission_events').values(row).execute();
}

export async function listSubmissionEvents(ex: Executor, submissionId: string): Promise<SubmissionEvent[]> {
  const rows = await ex.selectFrom('submission_events').selectAll().where('submission_id', '=', submissionId).orderBy('seq').execute();
  return rows.map((r) => ({
    id: r.id, submissionId: r.submission_id, seq: Number(r.seq), step: r.step as SubmissionStep,
    fromStatus: r.from_status as SubmissionStatus | null, toStatus: r.to_status as SubmissionStatus,
    actorId: r.actor_id, actorName: r.actor_name, businessDate: r.business_date, recordedAt: r.recorded_at,
    comments: r.comments, dueOn: r.due_on, proposalReference: r.proposal_reference,
  }));
}
