// All SQL of search: writing entries of the index, reading what they are made from, and the two
// engines' queries. Reads other modules' rows (changes, problem statements, documents, the stream)
// and writes only its own table.
import { sql, type RawBuilder } from 'kysely';
import type { Dialect } from '../../platform/db/database.js';
import { PLAN_EACH_RUN } from '../../platform/db/pg-statements.js';
import type { ReaderFilter } from '../../platform/events/stream.js';
import { AUDIENCES } from '../accounts/permissions.js';
import type { Executor } from '../database.js';
import { applyListFilters, type ListFilters } from '../proposals/service.js';
import { PG_CONFIG, positiveWords, toFts5, toRankTsquery, toTsquery, type SearchQuery } from './query.js';
import { countHits, MARK_END, MARK_START, markPassage, wordFinder } from './snippets.js';

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

const audiencesWhere = (scoped: 'organisationUsers' | 'committeeMembers') =>
  sql.join(Object.entries(AUDIENCES).filter(([, a]) => a[scoped]).map(([name]) => sql`${name}`));

/**
 * A document's organisation and committee: an entry's own only where its audience is read by one
 * organisation's users or one committee's members; otherwise they decide nothing about who finds
 * it, and the audience's texts of a change make one document.
 */
const docOrganisation = sql`case when e.audience in (${audiencesWhere('organisationUsers')}) then e.organisation_id end`;
const docCommittee = sql`case when e.audience in (${audiencesWhere('committeeMembers')}) then e.committee_code end`;

/**
 * Writes the documents of the changes `proposals` selects (they have none): per change, its entries
 * of one audience joined into one text (labels apart from bodies, each in the entries' order), with
 * the change's number and variant.
 */
export async function writeDocs(ex: Executor, dialect: Dialect, proposals: RawBuilder<unknown>): Promise<void> {
  const keys = sql`select distinct e.proposal_id, e.audience, ${docOrganisation} as organisation_id, ${docCommittee} as committee_code,
    coalesce(p.number, 0) as number, coalesce(p.variant, '') as variant
    from search_entries e left join proposals p on p.id = e.proposal_id where e.proposal_id in (${proposals})`;
  // The entries' own filter on the changes as well as the join's: it lets the planner read them by
  // the index (PostgreSQL hashed every entry of the index for each change without it).
  const same = sql`e.proposal_id = d.proposal_id and e.audience = d.audience
    and ${docOrganisation} is not distinct from d.organisation_id and ${docCommittee} is not distinct from d.committee_code`;
  if (dialect === 'sqlite') {
    await sql`insert into search_docs (proposal_id, audience, organisation_id, committee_code, number, variant)
      select * from (${keys}) order by proposal_id`.execute(ex);
    const joined = (column: 'label' | 'body') => sql`coalesce(group_concat(nullif(e.${sql.ref(column)}, ''), char(10) order by e.id), '')`;
    await sql`insert into search_docs_text (id, label, body)
      select d.id, ${joined('label')}, ${joined('body')} from search_docs d join search_entries e on ${same}
      where d.proposal_id in (${proposals}) and e.proposal_id in (${proposals}) group by d.id`.execute(ex);
    return;
  }
  const joined = (column: 'label' | 'body') => sql`coalesce(string_agg(nullif(e.${sql.ref(column)}, ''), E'\n' order by e.id), '')`;
  const config = sql.lit(PG_CONFIG);
  await sql`insert into search_docs (proposal_id, audience, organisation_id, committee_code, number, variant, tsv)
    select d.proposal_id, d.audience, d.organisation_id, d.committee_code, d.number, d.variant,
      setweight(to_tsvector(${config}::regconfig, ${joined('label')}), 'A') || setweight(to_tsvector(${config}::regconfig, ${joined('body')}), 'B')
    from (${keys}) d
    join search_entries e on ${same}
    where e.proposal_id in (${proposals})
    group by d.proposal_id, d.audience, d.organisation_id, d.committee_code, d.number, d.variant`.execute(ex);
}

/** Writes a change's documents again from its entries (deleting an entry has deleted them: a trigger). */
async function rewriteDocs(ex: Executor, dialect: Dialect, proposalId: string): Promise<void> {
  await ex.deleteFrom('search_docs').where('proposal_id', '=', proposalId).execute();
  await writeDocs(ex, dialect, sql`${proposalId}`);
}

/** Replaces a change's own entries (all but its documents'), built from rows read when the stream ended at `seen`. */
export async function replaceChangeEntries(ex: Executor, dialect: Dialect, proposalId: string, entries: readonly SearchEntry[], at: string, seen: number): Promise<void> {
  await ex.deleteFrom('search_entries').where('proposal_id', '=', proposalId).where('kind', '!=', 'document').execute();
  if (entries.length) await ex.insertInto('search_entries').values(rows(entries, at, seen)).execute();
  await rewriteDocs(ex, dialect, proposalId);
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

/**
 * Replaces one entry (a document's), or removes it. `docs: false` leaves its change's documents to
 * be written by the caller (a rebuild writes each change's once, after its entries).
 */
export async function replaceEntry(ex: Executor, dialect: Dialect, key: string, entry: SearchEntry | null, at: string, options = { docs: true }): Promise<void> {
  const gone = await ex.deleteFrom('search_entries').where('key', '=', key).returning('proposal_id').execute();
  if (entry) await ex.insertInto('search_entries').values(rows([entry], at)).execute();
  if (!options.docs) return;
  for (const proposalId of new Set([...gone.map((r) => r.proposal_id), ...(entry ? [entry.proposalId] : [])])) await rewriteDocs(ex, dialect, proposalId);
}

export async function clearIndex(ex: Executor): Promise<void> {
  await ex.deleteFrom('search_docs').execute();
  await ex.deleteFrom('search_entries').execute();
}

/** The planner's statistics of the index brought up to date (after a rebuild, they describe an empty one). */
export async function analyseIndex(ex: Executor, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') await sql`analyze search_entries, search_docs`.execute(ex);
  else for (const table of ['search_entries', 'search_docs']) await sql`analyze ${sql.table(table)}`.execute(ex);
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

/** Whether a reader finds at most one document per change: one audience open to them, none through an organisation or committee. */
function oneDocPerChange(filter: ReaderFilter): boolean {
  return filter !== 'everything' && filter.audiences.length === 1
    && !filter.organisation?.audiences.length && !(filter.committees?.codes.length && filter.committees.audiences.length);
}

export interface SearchFilters extends Omit<ListFilters, 'limit' | 'offset' | 'q' | 'qNumber' | 'sort' | 'order' | 'stateOrder'> {
  /** Changes on an agenda of this committee's meetings, or with its view recorded. */
  committee?: string;
}

const hasFilters = (f: SearchFilters) => Object.values(f).some((v) => v !== undefined && !(Array.isArray(v) && !v.length));

function filteredChanges(ex: Executor, f: SearchFilters) {
  let q = applyListFilters(ex.selectFrom('proposals as p').select('p.id'), f);
  if (f.committee) {
    const code = f.committee;
    q = q.where((eb: any) => eb.or([
      eb('p.id', 'in', eb.selectFrom('agenda_items as a').innerJoin('meetings as m', 'm.id', 'a.meeting_id').select('a.proposal_id').where('m.committee_code', '=', code)),
      eb('p.id', 'in', eb.selectFrom('committee_views').select('proposal_id').where('committee_code', '=', code)),
    ]));
  }
  return q;
}

/**
 * The changes' documents (`e`) that match, that the reader may see and whose change passes the
 * filters, as a FROM … WHERE clause, with the engine's score (higher is better). A change has one
 * document per audience of its texts, so a word in every change's text is ranked once per change,
 * not once per entry. On SQLite the score is bm25 with the labels weighted four times the bodies
 * (and, being an FTS5 function, only in the query that runs the MATCH).
 */
function matching(ex: Executor, dialect: Dialect, q: SearchQuery, filter: ReaderFilter, f: SearchFilters) {
  const changes = hasFilters(f) ? sql` and e.proposal_id in (${filteredChanges(ex, f)})` : sql``;
  if (dialect === 'sqlite') {
    return {
      from: sql`search_docs_fts join search_docs e on e.id = search_docs_fts.rowid
        where search_docs_fts match ${toFts5(q)} and ${visible(filter)}${changes}`,
      score: sql`-bm25(search_docs_fts, 4.0, 1.0)`,
    };
  }
  // Planned for each search's words: how many documents hold them decides between the index and a scan.
  return {
    from: sql`search_docs e ${sql.raw(PLAN_EACH_RUN)} cross join (select ${toTsquery(q)} as query, ${toRankTsquery(q)} as ranked) q
      where e.tsv @@ q.query and ${visible(filter)}${changes}`,
    score: sql`ts_rank(e.tsv, q.ranked)`,
  };
}

export interface RankedChange {
  id: string;
  reference: string;
  title: string;
  slug: string;
  state: string;
  score: number;
}

/**
 * Changes with a matching document the reader may see, best first (a change scores as its best
 * document; ties in the order of the changes' numbers), and how many there are. The documents are
 * read best first, only as many as the page needs: a change's first document is its best, so the
 * changes in order of first appearance are the changes in order of score. A reader with several
 * documents per change may need more rows than changes; the read widens until the page is full.
 */
export async function rankChanges(
  ex: Executor, dialect: Dialect, q: SearchQuery, filter: ReaderFilter, f: SearchFilters, page: { limit: number; offset: number },
): Promise<{ items: RankedChange[]; total: number }> {
  const { from, score } = matching(ex, dialect, q, filter, f);
  const wanted = page.offset + page.limit;
  const oneDoc = oneDocPerChange(filter);
  // On PostgreSQL, a reader with one document per change has them counted in the same pass as they
  // are ranked (a second query would test every document against the query again). The window runs
  // over the scores, not the documents, so it holds a few numbers per match. SQLite's bm25 can only
  // be called in the query that matches, and counting there costs a fraction of ranking.
  const counted = dialect === 'postgres' && oneDoc;
  const best = new Map<string, number>();
  let total: number | undefined;
  for (let rows = wanted; ; rows *= 4) {
    const found = counted
      ? await sql<{ proposal_id: string; score: number | string; total: number | string }>`select s.proposal_id, s.score, count(*) over () as total
        from (select e.proposal_id, e.number, e.variant, ${score} as score from ${from} offset 0) s
        order by s.score desc, s.number asc, s.variant asc limit ${rows}`.execute(ex)
      : await sql<{ proposal_id: string; score: number | string; total?: undefined }>`select e.proposal_id, ${score} as score from ${from}
        order by score desc, e.number asc, e.variant asc limit ${rows}`.execute(ex);
    best.clear();
    for (const r of found.rows) if (!best.has(r.proposal_id)) best.set(r.proposal_id, Number(r.score));
    if (counted) total = Number(found.rows[0]?.total ?? 0);
    if (best.size >= wanted || found.rows.length < rows) break;
  }
  const pageIds = [...best.keys()].slice(page.offset, wanted);
  if (total === undefined) {
    total = best.size;
    if (total >= wanted) {
      const count = oneDoc ? sql`count(*)` : sql`count(distinct e.proposal_id)`;
      total = Number((await sql<{ n: number | string }>`select ${count} as n from ${from}`.execute(ex)).rows[0]?.n ?? 0);
    }
  }
  if (!pageIds.length) return { items: [], total };
  const rows = await ex.selectFrom('proposals').select(['id', 'reference', 'title', 'slug', 'state']).where('id', 'in', pageIds).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const items = pageIds.flatMap((id) => {
    const r = byId.get(id);
    return r ? [{ id, reference: r.reference, title: r.title, slug: r.slug, state: r.state, score: best.get(id)! }] : [];
  });
  return { items, total };
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

/**
 * The entries of the given changes the reader may see that hold a word looked for, best first (a
 * word in the label counts four times, as in the ranking), at most `perChange` of each change, with
 * their snippets. Read for the page shown only; the words are found and marked in the text as it
 * is, the same on both engines.
 */
export async function matchedEntries(
  ex: Executor, q: SearchQuery, filter: ReaderFilter, proposalIds: readonly string[], perChange = Infinity,
): Promise<MatchedEntry[]> {
  if (!proposalIds.length) return [];
  const ids = sql.join(proposalIds.map((id) => sql`${id}`));
  const found = await sql<{ proposal_id: string; kind: string; key: string; label: string; body: string }>`
    select e.proposal_id, e.kind, e.key, e.label, e.body from search_entries e
    where e.proposal_id in (${ids}) and ${visible(filter)} order by e.id`.execute(ex);
  const words = positiveWords(q);
  const finder = wordFinder(words);
  const scored = found.rows.map((e) => ({ e, score: 4 * countHits(e.label, finder) + countHits(e.body, finder) }))
    .filter((s) => s.score > 0).sort((a, b) => b.score - a.score);
  const taken = new Map<string, number>();
  const out: MatchedEntry[] = [];
  // Passages only for the entries shown.
  for (const { e: { body, ...e }, score } of scored) {
    const n = taken.get(e.proposal_id) ?? 0;
    if (n >= perChange) continue;
    taken.set(e.proposal_id, n + 1);
    out.push({ ...e, score, label_snippet: markPassage(e.label, finder, 60), body_snippet: markPassage(body, finder) });
  }
  return out;
}

/**
 * Which of the given changes pass the filters and, when there is a query, have a matching document
 * the reader may see: the same rule as `rankChanges`, without ranking, for a saved search's watchers.
 */
export async function matchingIds(
  ex: Executor, dialect: Dialect, q: SearchQuery | null, filter: ReaderFilter, f: SearchFilters, proposalIds: readonly string[],
): Promise<string[]> {
  if (!proposalIds.length) return [];
  const ids = sql.join(proposalIds.map((id) => sql`${id}`));
  if (!q) {
    const found = await sql<{ id: string }>`select c.id from (${filteredChanges(ex, f)}) c where c.id in (${ids})`.execute(ex);
    return found.rows.map((r) => r.id);
  }
  const { from } = matching(ex, dialect, q, filter, f);
  const found = await sql<{ id: string }>`select distinct e.proposal_id as id from ${from} and e.proposal_id in (${ids})`.execute(ex);
  return found.rows.map((r) => r.id);
}
