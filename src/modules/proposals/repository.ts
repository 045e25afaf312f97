// All SQL of the register: proposals, their slugs and problem statement versions.
import { sql, type SelectQueryBuilder } from 'kysely';
import type { Database, Executor } from '../database.js';
import { compiledOnce } from '../../platform/db/compiled-once.js';
import { fromFlag } from '../../platform/db/database.js';
import type { ProposalsTable } from './tables.js';
import type { ProblemStatementVersion, Proposal } from './proposals.js';

export interface ListFilters {
  state?: string[];
  path?: string;
  partyCategory?: string;
  leadAnalyst?: string;
  /** Raised on or after / on or before (YYYY-MM-DD). */
  raisedFrom?: string;
  raisedTo?: string;
  q?: string;
  /** Set when q reads as a reference of the DP/MP family, so the number matches under either prefix. */
  qNumber?: number;
  sort?: SortKey;
  /** The profile's states in process order, for sorting by stage. */
  stateOrder?: string[];
  order?: 'asc' | 'desc';
  limit: number;
  offset: number;
}

export const SORT_KEYS = ['reference', 'title', 'raised', 'updated', 'state'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

const sortColumns: Record<SortKey, string> = {
  reference: 'p.number',
  title: 'p.title',
  raised: 'p.raised_on',
  updated: 'p.updated_at',
  state: 'p.state',
};

function baseQuery(ex: Executor) {
  return ex.selectFrom('proposals as p')
    .leftJoin('people as proposer', 'proposer.id', 'p.proposer_id')
    .leftJoin('organisations as org', 'org.id', 'p.organisation_id')
    .leftJoin('people as analyst', 'analyst.id', 'p.lead_analyst_id');
}

function selectProposal(ex: Executor) {
  return baseQuery(ex).selectAll('p').select([
    'proposer.name as proposer_name',
    'org.name as organisation_name',
    'org.party_category as organisation_category',
    'analyst.name as analyst_name',
  ]);
}

type ProposalRow = ProposalsTable & {
  proposer_name: string | null;
  organisation_name: string | null;
  organisation_category: string | null;
  analyst_name: string | null;
};

function toProposal(r: ProposalRow): Proposal {
  return {
    id: r.id,
    series: r.series,
    number: Number(r.number),
    variant: r.variant,
    prefix: r.prefix,
    reference: r.reference,
    title: r.title,
    slug: r.slug,
    state: r.state,
    heldFromState: r.held_from_state,
    proposer: r.proposer_id ? { id: r.proposer_id, name: r.proposer_name ?? '' } : null,
    organisation: r.organisation_id
      ? { id: r.organisation_id, name: r.organisation_name ?? '', partyCategory: r.organisation_category }
      : null,
    leadAnalyst: r.lead_analyst_id ? { id: r.lead_analyst_id, name: r.analyst_name ?? '' } : null,
    raisedOn: r.raised_on,
    path: r.path,
    fastTrack: fromFlag(r.fast_track),
    urgent: fromFlag(r.urgent),
    targetRelease: r.target_release_id ? { id: r.target_release_id, name: r.target_release ?? '' } : null,
    implementationDate: r.implementation_date,
    latestUpdate: r.latest_update,
    summary: r.summary,
    solution: r.solution,
    impactedCategories: JSON.parse(r.impacted_categories) as string[],
    documentsAffected: JSON.parse(r.documents_affected) as string[],
    version: Number(r.version),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function findProposalById(ex: Executor, id: string): Promise<Proposal | null> {
  const row = await selectProposal(ex).where('p.id', '=', id).executeTakeFirst();
  return row ? toProposal(row) : null;
}

/** By number within a series: DP092 and MP092 are the same change. */
export async function findProposalByNumber(ex: Executor, series: string, number: number, variant: string): Promise<Proposal | null> {
  const row = await selectProposal(ex)
    .where('p.series', '=', series).where('p.number', '=', number).where('p.variant', '=', variant)
    .executeTakeFirst();
  return row ? toProposal(row) : null;
}

export async function findProposalByReference(ex: Executor, reference: string): Promise<Proposal | null> {
  const row = await selectProposal(ex).where('p.reference', '=', reference).executeTakeFirst();
  return row ? toProposal(row) : null;
}

/** The proposal a slug names now or named before; the caller redirects old slugs. */
export async function findProposalBySlug(ex: Executor, slug: string): Promise<Proposal | null> {
  const row = await selectProposal(ex)
    .where((eb) => eb.or([
      eb('p.slug', '=', slug),
      eb('p.id', '=', eb.selectFrom('proposal_slugs').select('proposal_id').where('slug', '=', slug)),
    ]))
    .executeTakeFirst();
  return row ? toProposal(row) : null;
}

/** The register's filters on a query of `proposals as p` (search combines them with its own). */
export function applyListFilters<O>(query: SelectQueryBuilder<any, any, O>, f: Omit<ListFilters, 'limit' | 'offset'>) {
  let q = query;
  if (f.raisedFrom) q = q.where('p.raised_on', '>=', f.raisedFrom);
  if (f.raisedTo) q = q.where('p.raised_on', '<=', f.raisedTo);
  if (f.state?.length) q = q.where('p.state', 'in', f.state);
  if (f.path) q = q.where('p.path', '=', f.path);
  // Filters on joined tables are subqueries on the proposal's own columns, so counting needs no join
  // and the planner can start from the proposals' indexes.
  if (f.partyCategory) {
    const category = f.partyCategory;
    q = q.where('p.organisation_id', 'in', (eb: any) => eb.selectFrom('organisations').select('id').where('party_category', '=', category));
  }
  if (f.leadAnalyst) {
    const who = f.leadAnalyst;
    q = q.where('p.lead_analyst_id', 'in', (eb: any) => eb.selectFrom('people').select('id')
      .where((w: any) => w.or([w('id', '=', who), w(sql`lower(name)`, '=', who.toLowerCase())])));
  }
  if (f.q) {
    const needle = `%${f.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb: any) => eb.or([
      eb(sql`lower(p.title)`, 'like', sql`${needle} escape '\\'`),
      eb(sql`lower(p.reference)`, 'like', sql`${needle} escape '\\'`),
      // "MP094" also finds DP094: the caller passes the number when the text is a reference of the family.
      ...(f.qNumber !== undefined ? [eb('p.number', '=', f.qNumber)] : []),
    ]));
  }
  return q;
}

export async function listProposals(ex: Executor, filters: ListFilters): Promise<{ items: Proposal[]; total: number }> {
  // Count over proposals alone: a join on every row costs more than the page.
  const countRow = await applyListFilters(ex.selectFrom('proposals as p').select((eb) => eb.fn.countAll().as('n')), filters).executeTakeFirst();
  const total = Number((countRow as { n: number | string } | undefined)?.n ?? 0);
  const column = sortColumns[filters.sort ?? 'reference'];
  const order = filters.order ?? (filters.sort === 'raised' || filters.sort === 'updated' ? 'desc' : 'asc');
  // Stages sort in the order of the process, not alphabetically by id.
  const key = filters.sort === 'state' && filters.stateOrder?.length
    ? sql`case p.state ${sql.join(filters.stateOrder.map((id, i) => sql`when ${id} then ${i}`), sql` `)} else ${filters.stateOrder.length} end`
    : sql.ref(column);
  let query = applyListFilters(selectProposal(ex), filters).orderBy(key, order);
  if (column !== 'p.number') query = query.orderBy('p.number', 'asc');
  query = query.orderBy('p.variant', 'asc').limit(filters.limit).offset(filters.offset);
  const rows = await query.execute();
  return { items: rows.map((r) => toProposal(r as ProposalRow)), total };
}

/** The changes in a state, with what a deadline names of them. */
export async function inState(ex: Executor, state: string): Promise<Pick<Proposal, 'id' | 'reference' | 'title' | 'slug'>[]> {
  return ex.selectFrom('proposals').select(['id', 'reference', 'title', 'slug']).where('state', '=', state).orderBy('number').execute();
}

export async function findByIds(ex: Executor, ids: string[]): Promise<Pick<Proposal, 'id' | 'reference' | 'title' | 'slug'>[]> {
  if (ids.length === 0) return [];
  return ex.selectFrom('proposals').select(['id', 'reference', 'title', 'slug']).where('id', 'in', ids).orderBy('number').execute();
}

/**
 * The business date of each change's latest lifecycle step among these actions (from its events),
 * for the given changes, or for any change with such a step on or after `since`.
 */
export async function lastActionDates(
  ex: Executor, actions: string[], filter: { proposalIds?: string[]; since?: string },
): Promise<Map<string, string>> {
  if (actions.length === 0 || filter.proposalIds?.length === 0) return new Map();
  let q = ex.selectFrom('events').select((eb) => ['proposal_id', eb.fn.max('business_date').as('date')])
    .where('type', '=', 'proposal.action-taken').where('action', 'in', actions);
  if (filter.proposalIds) q = q.where('proposal_id', 'in', filter.proposalIds);
  if (filter.since) q = q.where('business_date', '>=', filter.since);
  const rows = await q.groupBy('proposal_id').execute();
  return new Map(rows.map((r) => [r.proposal_id as string, r.date]));
}

export async function insertProposal(ex: Executor, row: ProposalsTable): Promise<void> {
  await ex.insertInto('proposals').values(row).execute();
}

/** Updates only if the stored version is the expected one; false means someone else won. */
export async function updateProposal(
  ex: Executor, id: string, expectedVersion: number, patch: Partial<ProposalsTable>,
): Promise<boolean> {
  const result = await ex.updateTable('proposals')
    .set({ ...patch, version: expectedVersion + 1 })
    .where('id', '=', id).where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function nextNumber(ex: Executor, series: string): Promise<number> {
  const row = await ex.selectFrom('proposals').select((eb) => eb.fn.max('number').as('n'))
    .where('series', '=', series).executeTakeFirst();
  return Number(row?.n ?? 0) + 1;
}

/** Whether a slug names another change now or named one before (a change may return to its own old slug). */
export async function slugTaken(ex: Executor, slug: string, exceptProposalId: string | null): Promise<boolean> {
  const current = await ex.selectFrom('proposals').select('id').where('slug', '=', slug).executeTakeFirst();
  const old = await ex.selectFrom('proposal_slugs').select('proposal_id as id').where('slug', '=', slug).executeTakeFirst();
  return [current, old].some((row) => row && row.id !== exceptProposalId);
}

/** Keeps the old slug as a redirect to the change and frees the new one if it was an old slug of the same change. */
export async function moveSlug(ex: Executor, proposalId: string, from: string, to: string, at: string): Promise<void> {
  await ex.deleteFrom('proposal_slugs').where('slug', '=', to).where('proposal_id', '=', proposalId).execute();
  await ex.insertInto('proposal_slugs').values({ slug: from, proposal_id: proposalId, created_at: at }).execute();
}

export async function listProblemStatementVersions(ex: Executor, proposalId: string): Promise<ProblemStatementVersion[]> {
  const rows = await ex.selectFrom('problem_statement_versions').selectAll()
    .where('proposal_id', '=', proposalId).orderBy('seq', 'asc').execute();
  return rows.map((r) => ({
    id: r.id, seq: Number(r.seq), label: r.label, status: r.status, body: r.body,
    businessDate: r.business_date, createdAt: r.created_at, createdBy: r.created_by,
  }));
}

export async function insertProblemStatementVersion(
  ex: Executor, proposalId: string, v: Omit<ProblemStatementVersion, 'seq'> & { seq: number },
): Promise<void> {
  await ex.insertInto('problem_statement_versions').values({
    id: v.id, proposal_id: proposalId, seq: v.seq, label: v.label, status: v.status, body: v.body,
    business_date: v.businessDate, created_at: v.createdAt, created_by: v.createdBy,
  }).execute();
}

export type { Database };

/** What a change's rendered answers depend on, read in one narrow query (see proposals/read-cache.ts). */
export interface ChangeStamp {
  id: string;
  slug: string;
  reference: string;
  version: number;
  /** The last event about the change (views, documents, decisions … besides its own). */
  lastEvent: number;
  /** The last event that renamed what its register entry shows (an organisation). */
  directory: number;
  /** The last position of the whole stream, when asked for (a signed-in reader's page is kept by it). */
  position?: number;
}

function stampQuery(ex: Executor) {
  return ex.selectFrom('proposals as p').select((eb) => [
    'p.id', 'p.slug', 'p.reference', 'p.version',
    eb.selectFrom('events as e').select((e) => e.fn.max('e.position').as('m')).whereRef('e.proposal_id', '=', 'p.id').as('last_event'),
    eb.selectFrom('events as d').select((e) => e.fn.max('d.position').as('m')).where('d.type', '=', 'organisation.changed').as('directory'),
  ]);
}

// Read on every kept answer: built once, run with new values (platform/db/compiled-once.ts).
const bySlug = <Q extends ReturnType<typeof stampQuery>>(q: Q, slug: string) => q
  // One id, from the change's slug or an old one: each lookup uses its own unique index.
  .where('p.id', '=', (eb) => eb.fn.coalesce(
    eb.selectFrom('proposals as s').select('s.id').where('s.slug', '=', slug),
    eb.selectFrom('proposal_slugs').select('proposal_id').where('slug', '=', slug),
  ));
const stampBySlug = compiledOnce((ex: Executor, slug: string) => bySlug(stampQuery(ex), slug));
// The same with the stream's last position, in the same round trip (a signed-in reader's page is kept by it).
const stampBySlugAt = compiledOnce((ex: Executor, slug: string) => bySlug(stampQuery(ex), slug)
  .select((eb) => eb.selectFrom('events as l').select((e) => e.fn.max('l.position').as('m')).as('position')));
const stampByReference = compiledOnce((ex: Executor, reference: string) => stampQuery(ex).where('p.reference', '=', reference));
const stampByNumber = compiledOnce((ex: Executor, series: string, number: number, variant: string) => stampQuery(ex)
  .where('p.series', '=', series).where('p.number', '=', number).where('p.variant', '=', variant));

type StampWhere = { series: string; number: number; variant: string } | { reference: string } | { slug: string; withPosition?: boolean };

export async function findStamp(ex: Executor, where: StampWhere): Promise<ChangeStamp | null> {
  const { rows } = 'slug' in where ? await (where.withPosition ? stampBySlugAt : stampBySlug)(ex, where.slug)
    : 'reference' in where ? await stampByReference(ex, where.reference)
      : await stampByNumber(ex, where.series, where.number, where.variant);
  const r = rows[0];
  return r ? {
    id: r.id, slug: r.slug, reference: r.reference, version: Number(r.version),
    lastEvent: Number(r.last_event ?? 0), directory: Number(r.directory ?? 0),
    ...('position' in r ? { position: Number(r.position ?? 0) } : {}),
  } : null;
}
