// Search's use cases: keeping the index (a subscriber of the event stream rebuilds the entries of
// the change an event concerns, and a document's entry when one is added; `reindex` rebuilds all)
// and answering a search for a reader, with only what that reader may see.
//
// The index is derived data. Each event names the change it concerns, and the handler rewrites
// that change's entries from what the database holds now, so handling an event twice, or out of
// date, gives the same index: idempotent, as the dispatcher's at-least-once delivery needs.
import type { Actor } from '../accounts/accounts.js';
import { readerFilter } from '../accounts/permissions.js';
import { executor, type ServiceContext } from '../context.js';
import type { Executor } from '../database.js';
import { documentAudience } from '../documents/documents.js';
import { parseListQuery, type ListQuery } from '../proposals/service.js';
import { publicPath } from '../proposals/views.js';
import { formatReference } from '../proposals/proposals.js';
import { dispatchOnce, moveSubscriberTo, type Subscriber } from '../../platform/events/dispatch.js';
import { lastPosition, type StoredEvent } from '../../platform/events/stream.js';
import { DomainError } from '../../platform/errors.js';
import { fromFlag, serialise } from '../../platform/db/database.js';
import { Checker, type Loose } from '../../platform/validation.js';
import { findState } from '../../process/workflow.js';
import type { ProcessProfile } from '../../process/profile.js';
import { parseQuery, QUERY_LIMITS, type SearchQuery } from './query.js';
import * as repo from './repository.js';

export const SEARCH_SUBSCRIBER = 'search';

export const SEARCH_PAGE = { default: 20, max: 100 };
/** The most matching texts shown under one change. */
const MATCHES_PER_CHANGE = 3;

export type EntryKind = 'reference' | 'title' | 'summary' | 'solution' | 'problem-statement' | 'note' | 'document';

export const KIND_LABELS: Record<EntryKind, string> = {
  reference: 'Reference', title: 'Title', summary: 'Summary', solution: 'Solution',
  'problem-statement': 'Problem statement', note: 'Note', document: 'Document',
};

// ---- Keeping the index ----

/** Every reference the change is known by: DP094 and MP094 for a change of the profile's series. */
function referencesOf(profile: ProcessProfile, p: { series: string; number: number | string; variant: string; prefix: string; reference: string }): string[] {
  const refs = new Set([p.reference]);
  if (p.series === profile.references.series && profile.references.prefixes.includes(p.prefix)) {
    for (const prefix of profile.references.prefixes) refs.add(formatReference(profile.references, prefix, Number(p.number), p.variant));
  }
  return [...refs];
}

async function changeEntries(ctx: ServiceContext, ex: Executor, proposalId: string): Promise<repo.SearchEntry[]> {
  const p = await repo.findChange(ex, proposalId);
  if (!p) return [];
  const open = { proposalId, audience: 'public', organisationId: null, committeeCode: null };
  const entry = (kind: EntryKind, label: string, body: string) => ({ ...open, key: `change:${proposalId}:${kind}`, kind, label, body });
  const entries: repo.SearchEntry[] = [
    entry('reference', referencesOf(ctx.profile, p).join(' '), ''),
    entry('title', p.title, ''),
  ];
  if (p.summary.trim()) entries.push(entry('summary', '', p.summary));
  if (p.solution.trim()) entries.push(entry('solution', '', p.solution));
  const statement = await repo.latestProblemStatement(ex, proposalId);
  if (statement?.trim()) entries.push(entry('problem-statement', '', statement));
  for (const e of await repo.notesOf(ex, proposalId)) {
    const note = (JSON.parse(e.payload) as { note?: unknown }).note;
    if (typeof note !== 'string' || !note.trim()) continue;
    entries.push({
      key: `note:${e.id}`, proposalId, kind: 'note', label: e.label, body: note,
      audience: e.audience, organisationId: e.organisation_id, committeeCode: e.committee_code,
    });
  }
  return entries;
}

/**
 * Rewrites the entries of one change (not its documents') from what the database holds. The
 * stream's last position is read first: an event is committed with its rows, so the rows read
 * after it reflect every event up to that position, and the subscriber may skip those.
 */
export async function indexChange(ctx: ServiceContext, proposalId: string, unlessSeen?: number): Promise<void> {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    // One writer of a change's entries at a time: the subscriber, and a watcher's match asking first.
    await serialise(trx, ctx.db.dialect, `search-index:${proposalId}`);
    if (unlessSeen !== undefined && await repo.seenPosition(trx, proposalId) >= unlessSeen) return;
    const seen = await lastPosition(trx);
    await repo.replaceChangeEntries(trx, ctx.db.dialect, proposalId, await changeEntries(ctx, trx, proposalId), ctx.clock().toISOString(), seen);
  });
}

/**
 * Rewrites one document's entry: its title and the text of its file, with the document's audience.
 * `onlyIfMissing`: leave an entry already there (a watcher's match asking before the subscriber);
 * `docs: false`: leave the change's combined search documents to the caller (a whole reindex).
 */
export async function indexDocument(ctx: ServiceContext, documentId: string, options: { docs?: boolean; onlyIfMissing?: boolean } = {}): Promise<void> {
  const d = await repo.findDocumentRow(ctx.db.kysely, documentId);
  const key = `document:${documentId}`;
  let entry: repo.SearchEntry | null = null;
  if (d) {
    const bytes = d.file_sha256 ? await ctx.files.get(d.file_sha256) : null;
    // The text extractor (unpdf) loads with the first document indexed, not with every command.
    const text = bytes ? await (await import('./extract.js')).extractDocumentText(bytes, d.file_type) : '';
    const restricted = fromFlag(d.restricted);
    entry = {
      key, proposalId: d.proposal_id, kind: 'document', label: d.title, body: text,
      audience: documentAudience({ restricted, audienceCommittee: d.audience_committee }),
      organisationId: null, committeeCode: restricted ? d.audience_committee : null,
    };
  }
  // In one transaction: a search never sees the change without its documents between the steps.
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await serialise(trx, ctx.db.dialect, `search-index:${key}`);
    if (options.onlyIfMissing && await repo.hasEntry(trx, key)) return;
    await repo.replaceEntry(trx, ctx.db.dialect, key, entry, ctx.clock().toISOString(), { docs: options.docs ?? true });
  });
}

/** What the subscriber does with one event. */
export async function indexEvent(ctx: ServiceContext, event: StoredEvent): Promise<void> {
  const ex = ctx.db.kysely;
  const documentId = event.type === 'document.added' ? event.payload.documentId : undefined;
  // A document's file never changes: once its entry is there, a repeat has nothing to do.
  if (typeof documentId === 'string' && !await repo.hasEntry(ex, `document:${documentId}`)) await indexDocument(ctx, documentId, { onlyIfMissing: true });
  if (event.proposalId && await repo.seenPosition(ex, event.proposalId) < event.position) await indexChange(ctx, event.proposalId, event.position);
}

export function searchSubscriber(): Subscriber<ServiceContext> {
  return {
    name: SEARCH_SUBSCRIBER,
    description: 'Keeps the search index: rewrites the entries of the change each event concerns, and a document\'s text when one is added.',
    from: 'beginning',
    handle: (event, ctx) => indexEvent(ctx, event),
  };
}

/** Brings the index up to the stream's end in this process (tests, the CLI). Returns the events handled. */
export async function catchUpSearch(ctx: ServiceContext): Promise<number> {
  let handled = 0;
  for (let round = 0; round < 1000; round += 1) {
    const turn = await dispatchOnce({ db: ctx.db, clock: ctx.clock, subscribers: [searchSubscriber()], context: ctx }, { only: [SEARCH_SUBSCRIBER] });
    handled += turn.handled;
    if (turn.handled + turn.parked + turn.failed === 0) break;
  }
  return handled;
}

/**
 * Rebuilds the whole index from the database (`secretariat search reindex`): every change's entries
 * and every document's; the subscriber then goes on from the stream's end as it was before the rebuild
 * (so `reindex` after an upgrade spares it replaying the whole stream).
 */
export async function reindexSearch(ctx: ServiceContext): Promise<{ changes: number; documents: number; entries: number }> {
  const ex = ctx.db.kysely;
  // Read before the rows: everything up to it is in the rebuilt index, so the subscriber goes on from there.
  const end = await lastPosition(ex);
  await repo.clearIndex(ex);
  // Documents first, their changes' search documents left for the changes' own rewrite to write once.
  const documents = await repo.allDocumentIds(ex);
  for (const id of documents) await indexDocument(ctx, id, { docs: false });
  const changes = await repo.allChangeIds(ex);
  for (const id of changes) await indexChange(ctx, id);
  await repo.analyseIndex(ex, ctx.db.dialect);
  await moveSubscriberTo(ctx.db, searchSubscriber(), end, ctx.clock());
  await catchUpSearch(ctx);
  return { changes: changes.length, documents: documents.length, entries: await repo.countEntries(ex) };
}

// ---- Searching ----

export interface SearchRequest extends Omit<ListQuery, 'q' | 'sort' | 'order'> {
  q?: Loose;
  committee?: Loose;
  raisedFrom?: Loose;
  raisedTo?: Loose;
}

export interface SearchParams {
  text: string;
  query: SearchQuery | null;
  filters: repo.SearchFilters;
  limit: number;
  offset: number;
}

/** Checks a search's input, every field at once: 400 VALIDATION_FAILED naming each bad one. */
export function parseSearchRequest(profile: ProcessProfile, raw: SearchRequest): SearchParams {
  const c = new Checker();
  const text = c.text('q', raw.q, { max: QUERY_LIMITS.maxLength }) ?? '';
  let query: SearchQuery | null = null;
  if (text.length <= QUERY_LIMITS.maxLength) {
    const parsed = parseQuery(text);
    if (parsed.ok) query = parsed.query;
    else c.fail('q', parsed.message);
  }
  const committee = c.oneOf('committee', raw.committee, profile.committees.map((m) => m.code));
  const raisedFrom = c.date('raisedFrom', raw.raisedFrom);
  const raisedTo = c.date('raisedTo', raw.raisedTo);
  if (raisedFrom && raisedTo && raisedFrom > raisedTo) c.fail('raisedTo', 'must not be before raisedFrom.');
  const limit = c.integer('limit', raw.limit, 1, SEARCH_PAGE.max) ?? SEARCH_PAGE.default;
  const offset = c.integer('offset', raw.offset, 0, 10_000) ?? 0;
  let listed: ReturnType<typeof parseListQuery> | undefined;
  try {
    listed = parseListQuery(profile, { stage: raw.stage, path: raw.path, partyCategory: raw.partyCategory, leadAnalyst: raw.leadAnalyst });
  } catch (error) {
    if (!(error instanceof DomainError) || !error.details.fields) throw error;
    c.errors.push(...error.details.fields);
  }
  c.done();
  return {
    text, query, limit, offset,
    filters: {
      state: listed?.state, path: listed?.path, partyCategory: listed?.partyCategory, leadAnalyst: listed?.leadAnalyst,
      committee, raisedFrom, raisedTo,
    },
  };
}

export interface SearchMatch {
  kind: EntryKind;
  /** What matched, in words: "Summary", "Document: Modification Report". */
  heading: string;
  /** Plain text, with MARK_START … MARK_END around each highlighted stretch. */
  marked: string;
}

export interface SearchHit {
  reference: string;
  title: string;
  path: string;
  state: string;
  stateLabel: string;
  score: number;
  matches: SearchMatch[];
}

export interface SearchResults {
  params: SearchParams;
  total: number;
  items: SearchHit[];
}

const hasMark = (text: string) => text.includes(repo.MARK_START);

function toMatch(e: repo.MatchedEntry): SearchMatch {
  const kind = (e.kind in KIND_LABELS ? e.kind : 'note') as EntryKind;
  const named = kind === 'document' || kind === 'note';
  const heading = named ? `${KIND_LABELS[kind]}: ${e.label}` : KIND_LABELS[kind];
  const body = e.body_snippet ?? '';
  const label = e.label_snippet ?? '';
  const marked = hasMark(body) || !label ? body : named && !hasMark(label) ? body : label;
  return { kind, heading, marked };
}

/** Ranked changes whose texts match, as the viewer may see them, with what matched in each. */
export async function searchChanges(ctx: ServiceContext, viewer: Actor, raw: SearchRequest): Promise<SearchResults> {
  const params = parseSearchRequest(ctx.profile, raw);
  if (!params.query) return { params, total: 0, items: [] };
  const ex = executor(ctx);
  const filter = readerFilter(viewer);
  const ranked = await repo.rankChanges(ex, ctx.db.dialect, params.query, filter, params.filters, params);
  const entries = await repo.matchedEntries(ex, params.query, filter, ranked.items.map((r) => r.id), MATCHES_PER_CHANGE);
  const byChange = new Map<string, repo.MatchedEntry[]>();
  for (const e of entries) byChange.set(e.proposal_id, [...(byChange.get(e.proposal_id) ?? []), e]);
  const items = ranked.items.map((r) => ({
    reference: r.reference, title: r.title, path: publicPath(r), state: r.state, stateLabel: findState(ctx.profile, r.state).label,
    score: r.score,
    matches: (byChange.get(r.id) ?? []).map(toMatch),
  }));
  return { params, total: ranked.total, items };
}

/**
 * Which of the given changes a search finds for the viewer: the query and filters read as the
 * search page and GET /api/v1/search read them (`parseSearchRequest`), matched by the same index
 * and audiences. With `upTo`, the index is first brought in step with that event (as its
 * subscriber would, and idempotently), so a caller that handles the same event (notifications'
 * watchers of a search) never matches against text from before it. Filters alone, with no words,
 * match every change that passes them.
 */
export async function changesMatching(
  ctx: ServiceContext, viewer: Actor, raw: SearchRequest, proposalIds: readonly string[], upTo?: StoredEvent,
): Promise<Set<string>> {
  if (!proposalIds.length) return new Set();
  const params = parseSearchRequest(ctx.profile, raw);
  if (upTo) await indexEvent(ctx, upTo);
  const ex = executor(ctx);
  return new Set(await repo.matchingIds(ex, ctx.db.dialect, params.query, readerFilter(viewer), params.filters, proposalIds));
}

/** A marked snippet as parts, for a page to render (each part's text is escaped by preact) or JSON. */
export function markedParts(marked: string): { text: string; mark: boolean }[] {
  const parts: { text: string; mark: boolean }[] = [];
  let inside = false;
  let current = '';
  for (const ch of marked) {
    if (ch === repo.MARK_START || ch === repo.MARK_END) {
      if (current) parts.push({ text: current, mark: inside });
      current = '';
      inside = ch === repo.MARK_START;
      continue;
    }
    current += ch;
  }
  if (current) parts.push({ text: current, mark: inside });
  return parts;
}

/** The snippet without markers. */
export const plainSnippet = (marked: string) => marked.split(repo.MARK_START).join('').split(repo.MARK_END).join('');

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

/** The snippet as HTML: every character of the text escaped, and our <mark> the only markup. */
export function snippetHtml(marked: string): string {
  return markedParts(marked).map((p) => (p.mark ? `<mark>${escapeHtml(p.text)}</mark>` : escapeHtml(p.text))).join('');
}
