// All SQL of papers: the history the selection rules read, drafts, anticipated impacts, and the
// frozen versions with their files.
import type { Executor } from '../database.js';
import { parseReference } from '../proposals/proposals.js';
import type { ReferenceScheme } from '../../process/profile.js';
import type { ChangeHistory } from './papers.js';
import type { PaperDraftsTable, PaperFilesTable, PaperVersionsTable } from './tables.js';

/**
 * The changes raised, or converted by one of `conversionActions`, in the period (after, upTo],
 * with what the paper needs of each. A fixed number of queries whatever the number of changes.
 */
export async function changesInPeriod(
  ex: Executor, scheme: ReferenceScheme, period: { after: string; upTo: string }, conversionActions: string[], area: string | null,
): Promise<ChangeHistory[]> {
  const conversions = conversionActions.length === 0 ? [] : await ex.selectFrom('events').select(['proposal_id', 'business_date'])
    .where('type', '=', 'proposal.action-taken').where('action', 'in', conversionActions).orderBy('business_date').execute();
  const convertedOn = new Map<string, string>();
  for (const c of conversions) if (c.proposal_id && !convertedOn.has(c.proposal_id)) convertedOn.set(c.proposal_id, c.business_date);
  const convertedInPeriod = [...convertedOn].filter(([, d]) => d > period.after && d <= period.upTo).map(([id]) => id);

  const rows = await ex.selectFrom('proposals as p')
    .leftJoin('people as proposer', 'proposer.id', 'p.proposer_id')
    .leftJoin('organisations as org', 'org.id', 'p.organisation_id')
    .leftJoin('people as analyst', 'analyst.id', 'p.lead_analyst_id')
    .select(['p.id', 'p.series', 'p.number', 'p.variant', 'p.prefix', 'p.reference', 'p.title', 'p.slug', 'p.raised_on', 'p.summary',
      'proposer.name as proposer', 'org.name as organisation', 'analyst.name as analyst'])
    .where((eb) => eb.or([
      eb.and([eb('p.raised_on', '>', period.after), eb('p.raised_on', '<=', period.upTo)]),
      ...(convertedInPeriod.length ? [eb('p.id', 'in', convertedInPeriod)] : []),
    ]))
    .execute();
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const [views, statements, impacts] = await Promise.all([
    ex.selectFrom('committee_views').selectAll().where('proposal_id', 'in', ids).execute(),
    ex.selectFrom('problem_statement_versions').select(['proposal_id', 'label', 'status', 'body', 'business_date', 'seq'])
      .where('proposal_id', 'in', ids).orderBy('seq').execute(),
    area ? ex.selectFrom('anticipated_impacts').selectAll().where('proposal_id', 'in', ids).where('area', '=', area).execute() : Promise.resolve([]),
  ]);
  return rows.map((r) => ({
    id: r.id,
    series: r.series,
    number: Number(r.number),
    variant: r.variant,
    digits: r.reference.length - r.prefix.length - r.variant.length,
    title: r.title,
    slug: r.slug,
    raisedOn: r.raised_on,
    proposer: r.proposer,
    organisation: r.organisation,
    leadAnalyst: r.analyst,
    summary: r.summary,
    convertedOn: convertedOn.get(r.id) ?? null,
    views: views.filter((v) => v.proposal_id === r.id).map((v) => ({
      committeeCode: v.committee_code, impact: v.impact, furtherInput: Number(v.further_input) === 1,
      businessDate: v.business_date, recordedAt: v.recorded_at,
      prefixAtView: parseReference(scheme, v.proposal_reference)?.prefix ?? '',
    })),
    problemStatements: statements.filter((s) => s.proposal_id === r.id)
      .map((s) => ({ label: s.label, status: s.status, body: s.body, businessDate: s.business_date })),
    anticipatedImpacts: impacts.find((i) => i.proposal_id === r.id)?.text ?? null,
  }));
}

export async function findDraft(ex: Executor, committee: string, date: string): Promise<PaperDraftsTable | null> {
  return (await ex.selectFrom('paper_drafts').selectAll().where('committee_code', '=', committee).where('date', '=', date).executeTakeFirst()) ?? null;
}

export async function findDraftById(ex: Executor, id: string): Promise<PaperDraftsTable | null> {
  return (await ex.selectFrom('paper_drafts').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function listDrafts(ex: Executor): Promise<PaperDraftsTable[]> {
  return ex.selectFrom('paper_drafts').selectAll().orderBy('date', 'desc').orderBy('committee_code').execute();
}

export async function insertDraft(ex: Executor, row: PaperDraftsTable): Promise<void> {
  await ex.insertInto('paper_drafts').values(row).execute();
}

export async function updateDraft(ex: Executor, id: string, expectedVersion: number, patch: Partial<PaperDraftsTable>): Promise<boolean> {
  const r = await ex.updateTable('paper_drafts').set({ ...patch, version: expectedVersion + 1 })
    .where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The text written for a change in an area, or null when none is. */
export async function findAnticipatedImpact(ex: Executor, proposalId: string, area: string): Promise<string | null> {
  const row = await ex.selectFrom('anticipated_impacts').select('text').where('proposal_id', '=', proposalId).where('area', '=', area).executeTakeFirst();
  return row?.text ?? null;
}

export async function upsertAnticipatedImpact(ex: Executor, row: { proposal_id: string; area: string; text: string; updated_at: string; updated_by: string }): Promise<void> {
  await ex.deleteFrom('anticipated_impacts').where('proposal_id', '=', row.proposal_id).where('area', '=', row.area).execute();
  if (row.text.trim()) await ex.insertInto('anticipated_impacts').values(row).execute();
}

/** "CODE/YYYY-MM-DD" of each paper issued (at least one version) for these committees' meetings from a day on. */
export async function issuedFrom(ex: Executor, committees: string[], from: string): Promise<Set<string>> {
  if (committees.length === 0) return new Set();
  const rows = await ex.selectFrom('paper_drafts as d').innerJoin('paper_versions as v', 'v.paper_id', 'd.id')
    .select(['d.committee_code', 'd.date']).distinct()
    .where('d.committee_code', 'in', committees).where('d.date', '>=', from).execute();
  return new Set(rows.map((r) => `${r.committee_code}/${r.date}`));
}

export async function listVersions(ex: Executor, paperId: string): Promise<PaperVersionsTable[]> {
  return ex.selectFrom('paper_versions').selectAll().where('paper_id', '=', paperId).orderBy('number').execute();
}

export async function insertVersion(ex: Executor, row: PaperVersionsTable): Promise<void> {
  await ex.insertInto('paper_versions').values(row).execute();
}

export async function insertFile(ex: Executor, row: PaperFilesTable): Promise<void> {
  await ex.insertInto('paper_files').values(row).execute();
}

/** A version's files in the order the formats are listed everywhere (`formatOrder`). */
export async function listFiles(ex: Executor, versionId: string, formatOrder: readonly string[]): Promise<Omit<PaperFilesTable, 'content'>[]> {
  const rows = await ex.selectFrom('paper_files').select(['id', 'version_id', 'format', 'media_type', 'filename', 'sha256', 'size'])
    .where('version_id', '=', versionId).execute();
  const rank = (format: string) => formatOrder.indexOf(format);
  return rows.sort((a, b) => rank(a.format) - rank(b.format));
}

export async function findFile(ex: Executor, versionId: string, format: string): Promise<PaperFilesTable | null> {
  return (await ex.selectFrom('paper_files').selectAll().where('version_id', '=', versionId).where('format', '=', format).executeTakeFirst()) ?? null;
}

/** Every file of every issued version (without its bytes), for these committees or one meeting; newest paper first. */
export async function listIssuedFiles(ex: Executor, f: { committee?: string; date?: string; limit?: number } = {}) {
  let q = ex.selectFrom('paper_drafts as d').innerJoin('paper_versions as v', 'v.paper_id', 'd.id').innerJoin('paper_files as f', 'f.version_id', 'v.id')
    .select(['d.id', 'd.committee_code', 'd.date', 'v.number', 'v.issued_at', 'f.format', 'f.size']);
  if (f.committee) q = q.where('d.committee_code', '=', f.committee);
  if (f.date) q = q.where('d.date', '=', f.date);
  return q.orderBy('d.date', 'desc').orderBy('d.committee_code').orderBy('v.number', 'desc').execute();
}

/** The latest papers issued (by when their last version was issued), at most `limit`. */
export async function latestIssued(ex: Executor, limit: number) {
  return ex.selectFrom('paper_drafts as d').innerJoin('paper_versions as v', 'v.paper_id', 'd.id')
    .select((eb) => ['d.id', 'd.committee_code', 'd.date', eb.fn.max('v.number').as('latest'), eb.fn.max('v.issued_at').as('issued_at')])
    .groupBy(['d.id', 'd.committee_code', 'd.date']).orderBy('issued_at', 'desc').limit(limit).execute();
}
