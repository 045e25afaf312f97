// All SQL of consultations: their rows, responses and the kept versions of each response, and the
// organisations that may respond (read from the directory's table).
import { fromFlag } from '../../platform/db/database.js';
import type { Executor } from '../database.js';
import type { Consultation, ConsultationResponse, Respondent, ResponseVersion } from './consultations.js';
import type { ConsultationResponseVersionsTable, ConsultationResponsesTable, ConsultationsTable } from './tables.js';

const strings = (json: string): string[] => {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed.map(String) : [];
};

function toConsultation(r: ConsultationsTable): Consultation {
  return {
    id: r.id, proposalId: r.proposal_id, kind: r.kind, title: r.title, questions: strings(r.questions), opensOn: r.opens_on,
    closesOn: r.closes_on, open: r.closed_on === null, closedOn: r.closed_on, documentIds: strings(r.document_ids), collationSha256: r.collation_sha256, version: Number(r.version),
    createdBy: r.created_by, createdAt: r.created_at,
  };
}

export async function findConsultation(ex: Executor, id: string): Promise<Consultation | null> {
  const r = await ex.selectFrom('consultations').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toConsultation(r) : null;
}

/** A change's consultations, the first opened first. */
export async function listConsultations(ex: Executor, proposalId: string): Promise<Consultation[]> {
  const rows = await ex.selectFrom('consultations').selectAll().where('proposal_id', '=', proposalId)
    .orderBy('opens_on').orderBy('created_at').orderBy('id').execute();
  return rows.map(toConsultation);
}

/** Open consultations whose last day is before `today`: due to close. */
export async function listDue(ex: Executor, today: string): Promise<Consultation[]> {
  const rows = await ex.selectFrom('consultations').selectAll().where('closed_on', 'is', null).where('closes_on', '<', today)
    .orderBy('closes_on').orderBy('id').execute();
  return rows.map(toConsultation);
}

/** Every open consultation, with its change's reference and title, for deadlines. */
export async function listOpenWithChange(ex: Executor) {
  const rows = await ex.selectFrom('consultations').innerJoin('proposals', 'proposals.id', 'consultations.proposal_id')
    .selectAll('consultations').select(['proposals.reference as change_reference', 'proposals.title as change_title'])
    .where('consultations.closed_on', 'is', null).orderBy('consultations.closes_on').orderBy('consultations.id').execute();
  return rows.map((r) => ({ consultation: toConsultation(r), reference: r.change_reference, changeTitle: r.change_title }));
}

/** Consultations closing (or closed) on or after `from`, with their change's reference, for the public calendars. */
export async function listClosingFrom(ex: Executor, from: string) {
  const rows = await ex.selectFrom('consultations').innerJoin('proposals', 'proposals.id', 'consultations.proposal_id')
    .selectAll('consultations').select(['proposals.reference as change_reference'])
    .where((eb) => eb.or([eb('consultations.closes_on', '>=', from), eb('consultations.closed_on', '>=', from)]))
    .orderBy('consultations.closes_on').orderBy('consultations.id').execute();
  return rows.map((r) => ({ consultation: toConsultation(r), reference: r.change_reference }));
}

export async function insertConsultation(ex: Executor, row: ConsultationsTable): Promise<void> {
  await ex.insertInto('consultations').values(row).execute();
}

/**
 * Marks it closed only if it is still open (no closing day yet): of two instances (or a person and the automatic close)
 * closing it at once, exactly one wins; the other sees it closed and does nothing.
 */
export async function markClosed(ex: Executor, id: string, closedOn: string, at: string): Promise<boolean> {
  const r = await ex.updateTable('consultations')
    .set((eb) => ({ closed_on: closedOn, updated_at: at, version: eb('version', '+', 1) }))
    .where('id', '=', id).where('closed_on', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** What the close collated: the documents attached to the change and the frozen HTML with its hash. */
export async function setCollation(ex: Executor, id: string, documentIds: string[], html: string, sha256: string): Promise<void> {
  await ex.updateTable('consultations').set({ document_ids: JSON.stringify(documentIds), collation_html: html, collation_sha256: sha256 }).where('id', '=', id).execute();
}

export async function collationHtml(ex: Executor, id: string): Promise<string | null> {
  const r = await ex.selectFrom('consultations').select('collation_html').where('id', '=', id).executeTakeFirst();
  return r?.collation_html ?? null;
}

function toResponse(r: ConsultationResponsesTable & { organisation_name: string }): ConsultationResponse {
  return {
    id: r.id, consultationId: r.consultation_id, organisationId: r.organisation_id, organisation: r.organisation_name,
    answers: strings(r.answers), confidential: fromFlag(r.confidential), version: Number(r.version), submittedBy: r.submitted_by,
    submittedAt: r.submitted_at,
  };
}

const responses = (ex: Executor) => ex.selectFrom('consultation_responses')
  .innerJoin('organisations', 'organisations.id', 'consultation_responses.organisation_id')
  .selectAll('consultation_responses').select('organisations.name as organisation_name');

/** A consultation's responses, by organisation name. */
export async function listResponses(ex: Executor, consultationId: string): Promise<ConsultationResponse[]> {
  const rows = await responses(ex).where('consultation_id', '=', consultationId).orderBy('organisations.name').execute();
  return rows.map(toResponse);
}

export async function findResponse(ex: Executor, consultationId: string, organisationId: string): Promise<ConsultationResponse | null> {
  const r = await responses(ex).where('consultation_id', '=', consultationId).where('organisation_id', '=', organisationId).executeTakeFirst();
  return r ? toResponse(r) : null;
}

export async function insertResponse(ex: Executor, row: ConsultationResponsesTable): Promise<void> {
  await ex.insertInto('consultation_responses').values(row).execute();
}

/** Replaces a response with its next version, only if nobody replaced it since `expectedVersion`. */
export async function replaceResponse(
  ex: Executor, id: string, expectedVersion: number, patch: Pick<ConsultationResponsesTable, 'answers' | 'confidential' | 'submitted_by' | 'submitted_at'>,
): Promise<boolean> {
  const r = await ex.updateTable('consultation_responses')
    .set({ ...patch, version: expectedVersion + 1, updated_at: patch.submitted_at })
    .where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertVersion(ex: Executor, row: ConsultationResponseVersionsTable): Promise<void> {
  await ex.insertInto('consultation_response_versions').values(row).execute();
}

export async function listVersions(ex: Executor, responseId: string): Promise<ResponseVersion[]> {
  const rows = await ex.selectFrom('consultation_response_versions').selectAll().where('response_id', '=', responseId).orderBy('version').execute();
  return rows.map((r) => ({
    version: Number(r.version), answers: strings(r.answers), confidential: fromFlag(r.confidential), submittedBy: r.submitted_by, submittedAt: r.submitted_at,
  }));
}

/** Every organisation of the directory, as the rule of who may respond sees it. */
export async function listOrganisations(ex: Executor): Promise<Respondent[]> {
  const rows = await ex.selectFrom('organisations').select(['id', 'name', 'party_category']).orderBy('name').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, partyCategory: r.party_category }));
}

export async function findOrganisation(ex: Executor, id: string): Promise<Respondent | null> {
  const r = await ex.selectFrom('organisations').select(['id', 'name', 'party_category']).where('id', '=', id).executeTakeFirst();
  return r ? { id: r.id, name: r.name, partyCategory: r.party_category } : null;
}

export interface ChangeRef {
  id: string;
  reference: string;
  title: string;
  slug: string;
  state: string;
}

/** The change a consultation is about (read from the register's table; it changes only through its service). */
export async function findChange(ex: Executor, proposalId: string): Promise<ChangeRef | null> {
  const r = await ex.selectFrom('proposals').select(['id', 'reference', 'title', 'slug', 'state']).where('id', '=', proposalId).executeTakeFirst();
  return r ?? null;
}
