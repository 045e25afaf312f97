// All SQL of search: writing entries of the index, reading what they are made from, and the two
// engines' queries. Reads other modules' rows (changes, problem statements, documents, the stream)
// and writes only its own table.
import { sql, type RawBuilder } from 'kysely';
import type { Dialect } from '../../platform/db/database.js';
import type { ReaderFilter } from '../../platform/events/stream.js';
import type { Executor } from '../database.js';
import { applyListFilters, type ListFilters } from '../proposals/service.js';
import { positiveWords, toFts5, toTsquery, type SearchQuery } from './query.js';
import { MARK_END, MARK_START, markPassage } from './snippets.js';

export { MARK_END, MARK_START };

export interface SearchEntry {
  key: string;
  proposalId: string;
  kind: string;
  label: string;
  body: string;
  audience: string;
  organisationId: string | null;
  committeeCode: string | null;
}

/** Text as the index keeps it: no NUL (PostgreSQL refuses it), none of our markers, no other control characters. */
export function indexable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\uE000\uE001]/g, ' ');
}

function rows(entries: readonly SearchEntry[], at: string, seen = 0) {
  return entries.map((e) => ({
    key: e.key, proposal_id: e.proposalId, kind: e.kind, label: indexable(e.label), body: indexable(e.body),
    audience: e.audience, organisation_id: e.organisationId, committee_code: e.committeeCode, indexed_at: at, seen_position: seen,
  }));
}

/** Replaces a change's own entries (all but its documents'), built from rows read when the stream ended at `seen`. */
export async function replaceChangeEntries(ex: Executor, proposalId: string, entries: readonly SearchEntry[], at: string, seen: number): Promise<void> {
  await ex.deleteFrom('search_entries').where('proposal_id', '=', proposalId).where('kind', '!=', 'document').execute();
  if (entries.length) await ex.insertInto('search_entries').values(rows(entries, at, seen)).execute();
}

/** The position up to which a change's entries reflect the stream (0 when it has none). */
export async function seenPosition(ex: Executor, proposalId: string): Promise<number> {
  const row = await ex.selectFrom('search_entries').select((eb) => eb.fn.max('seen_position').as('p'))
    .where('proposal_id', '=', proposalId).where('kind', '!=', 'document').executeTakeFirst();
  return Number(row?.p ?? 0);
}

export async function hasEntry(ex: Executor, key: string): Promise<boolean> {
  return (await ex.selectFrom('search_entries').select('id').where('key', '=', key).executeTakeFirst()) !== undefined;
}

/** Replaces one entry (a document's), or removes it. */
export async function replaceEntry(ex: Executor, key: string, entry: SearchEntry | null, at: string): Promise<void> {
  await ex.deleteFrom('search_entries').where('key', '=', key).execute();
  if (entry) await ex.insertInto('search_entries').values(rows([entry], at)).execute();
}

export async function clearIndex(ex: Executor): Promise<void> {
  await ex.deleteFrom('search_entries').execute();
}

export async function countEntries(ex: Executor): Promise<number> {
  const row = await ex.selectFrom('search_entries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

// ---- What entries are made from ----

export async function findChange(ex: Executor, id: string) {
  return ex.selectFrom('proposals')
    .select(['id', 'series', 'number', 'variant', 'prefix', 'reference', 'title', 'summary', 'solution'])
    .where('id', '=', id).executeTakeFirst();
}

export async function allChangeIds(ex: Executor): Promise<string[]> {
  return (await ex.selectFrom('proposals').select('id').orderBy('id').execute()).map((r) => r.id);
}

/** The newest problem statement version's text, or null. */
export async function latestProblemStatement(ex: Executor, proposalId: string): Promise<string | null> {
  const row = await ex.selectFrom('problem_statement_versions').select('body')
    .where('proposal_id', '=', proposalId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return row?.body ?? null;
}

/** The change's events that carry a note, with their audiences. */
export async function notesOf(ex: Executor, proposalId: string) {
  return ex.selectFrom('events').select(['id', 'label', 'payload', 'audience', 'organisation_id', 'committee_code'])
    .where('proposal_id', '=', proposalId).where('payload', 'like', '%"note":%').orderBy('position').execute();
}

export async function findDocumentRow(ex: Executor, id: string) {
  return ex.selectFrom('documents')
    .select(['id', 'proposal_id', 'title', 'kind', 'file_sha256', 'file_type', 'restricted', 'audience_committee'])
    .where('id', '=', id).executeTakeFirst();
}

export async function allDocumentIds(ex: Executor): Promise<string[]> {
  return (await ex.selectFrom('documents').select('id').orderBy('id').execute()).map((r) => r.id);
}

// ---- Queries ----

/** The same rule as the event stream's: an entry is found by readers of its audience. */
function visible(filter: ReaderFilter): RawBuilder<unknown> {
  if (filter === 'everything') return sql`1 = 1`;
  const inList = (values: readonly string[]) => sql.join(values.map((v) => sql`${v}`));
  const parts: RawBuilder<unknown>[] = [];
  if (filter.audiences.length) parts.push(sql`e.audience in (${inList(filter.audiences)})`);
  if (filter.organisation?.audiences.length) {
    parts.push(sql`(e.organisation_id = ${filter.organisation.id} and e.audience in (${inList(filter.organisation.audiences)}))`);
  }
  if (filter.committees?.codes.length && filter.committees.audiences.length) {
    parts.push(sql`(e.committee_code in (${inList(filter.committees.codes)}) and e.audience in (${inList(filter.committees.audiences)}))`);
  }
  return parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`1 = 0`;
}

/** Matching entries the reader may see, with a score (higher is better). */
function matches(dialect: Dialect, q: SearchQuery, filter: ReaderFilter): RawBuilder<unknown> {
  if (dialect === 'sqlite') {
    return sql`select e.proposal_id as proposal_id, -bm25(search_fts, 4.0, 1.0) as score
      from search_fts join search_entries e on e.id = search_fts.rowid
      where search_fts match ${toFts5(q)} and ${visible(filter)}`;
  }
  return sql`select e.proposal_id as proposal_id, ts_rank(e.tsv, q.query) as score
    from search_entries e cross join (select ${toTsquery(q)} as query) q
    where e.tsv @@ q.query and ${visible(filter)}`;
}

export interface SearchFilters extends Omit<ListFilters, 'limit' | 'offset' | 'q' | 'qNumber' | 'sort' | 'order' | 'stateOrder'> {
  /** Changes on an agenda of this committee's meetings, or with its view recorded. */
  committee?: string;
}

function filteredChanges(ex: Executor, f: SearchFilters) {
  let q = applyListFilters(ex.selectFrom('proposals as p').select(['p.id', 'p.reference', 'p.title', 'p.slug', 'p.state', 'p.number', 'p.variant']), f);
  if (f.committee) {
    const code = f.committee;
    q = q.where((eb: any) => eb.or([
      eb('p.id', 'in', eb.selectFrom('agenda_items as a').innerJoin('meetings as m', 'm.id', 'a.meeting_id').select('a.proposal_id').where('m.committee_code', '=', code)),
      eb('p.id', 'in', eb.selectFrom('committee_views').select('proposal_id').where('committee_code', '=', code)),
    ]));
  }
  return q;
}

export interface RankedChange {
  id: string;
  reference: string;
  title: string;
  slug: string;
  state: string;
  score: number;
}

/** Changes with a matching entry the reader may see, best first, and how many there are. */
export async function rankChanges(
  ex: Executor, dialect: Dialect, q: SearchQuery, filter: ReaderFilter, f: SearchFilters, page: { limit: number; offset: number },
): Promise<{ items: RankedChange[]; total: number }> {
  // Materialised first: SQLite allows bm25() only in the query that runs the MATCH, not in one folded into another.
  const ranked = sql`with m as materialized (${matches(dialect, q, filter)}),
    b as (select m.proposal_id, max(m.score) as score from m group by m.proposal_id)`;
  const joined = sql`(${filteredChanges(ex, f)}) c join b on b.proposal_id = c.id`;
  const count = await sql<{ n: number | string }>`${ranked} select count(*) as n from ${joined}`.execute(ex);
  const total = Number(count.rows[0]?.n ?? 0);
  if (!total) return { items: [], total };
  const found = await sql<RankedChange>`${ranked} select c.id, c.reference, c.title, c.slug, c.state, b.score from ${joined}
    order by b.score desc, c.number asc, c.variant asc limit ${page.limit} offset ${page.offset}`.execute(ex);
  return { items: found.rows.map((r) => ({ ...r, score: Number(r.score) })), total };
}

export interface MatchedEntry {
  proposal_id: string;
  kind: string;
  key: string;
  label: string;
  label_snippet: string;
  body_snippet: string;
  score: number;
}

/** The matching entries of the given changes the reader may see, with their snippets, best first. */
export async function matchedEntries(
  ex: Executor, dialect: Dialect, q: SearchQuery, filter: ReaderFilter, proposalIds: readonly string[],
): Promise<MatchedEntry[]> {
  if (!proposalIds.length) return [];
  const ids = sql.join(proposalIds.map((id) => sql`${id}`));
  const result = dialect === 'sqlite'
    ? await sql<MatchedEntry>`select e.proposal_id, e.kind, e.key, e.label,
        snippet(search_fts, 0, ${MARK_START}, ${MARK_END}, '…', 24) as label_snippet,
        snippet(search_fts, 1, ${MARK_START}, ${MARK_END}, '…', 24) as body_snippet,
        -bm25(search_fts, 4.0, 1.0) as score
      from search_fts join search_entries e on e.id = search_fts.rowid
      where search_fts match ${toFts5(q)} and e.proposal_id in (${ids}) and ${visible(filter)}
      order by score desc`.execute(ex)
    : await sql<MatchedEntry & { body: string }>`select e.proposal_id, e.kind, e.key, e.label, e.body, ts_rank(e.tsv, q.query) as score
      from search_entries e cross join (select ${toTsquery(q)} as query) q
      where e.tsv @@ q.query and e.proposal_id in (${ids}) and ${visible(filter)}
      order by score desc`.execute(ex).then((r) => {
      // ts_headline drops what its parser reads as markup: passages are marked here, on the text as it is.
      const words = positiveWords(q);
      return { rows: r.rows.map(({ body, ...e }) => ({ ...e, label_snippet: markPassage(e.label, words, 60), body_snippet: markPassage(body, words) })) };
    });
  return result.rows.map((r) => ({ ...r, score: Number(r.score) }));
}

/**
 * Which of the given changes pass the filters and, when there is a query, have a matching entry the
 * reader may see: the same rule as `rankChanges`, without ranking, for a saved search's watchers.
 */
export async function matchingIds(
  ex: Executor, dialect: Dialect, q: SearchQuery | null, filter: ReaderFilter, f: SearchFilters, proposalIds: readonly string[],
): Promise<string[]> {
  if (!proposalIds.length) return [];
  const ids = sql.join(proposalIds.map((id) => sql`${id}`));
  const changes = sql`(${filteredChanges(ex, f)}) c`;
  if (!q) {
    const found = await sql<{ id: string }>`select c.id from ${changes} where c.id in (${ids})`.execute(ex);
    return found.rows.map((r) => r.id);
  }
  const found = await sql<{ id: string }>`with m as materialized (${matches(dialect, q, filter)})
    select c.id from ${changes} where c.id in (${ids}) and c.id in (select m.proposal_id from m)`.execute(ex);
  return found.rows.map((r) => r.id);
}
