// /search: the search form (words, and the register's filters) and the ranked results, each change
// with the passages that matched, matches marked. Snippets are rendered part by part, so every
// character of the indexed text is escaped by preact and <mark> is the only markup we add.
// /search.csv: the same page of results as CSV.
import type { HttpServer } from '../../platform/http/server.js';
import { renderPage } from '../../platform/http/layout.js';
import { FormBody, html, one } from '../../platform/http/form.js';
import { CSV_CONTENT_TYPE } from '../../platform/http/csv.js';
import { DomainError } from '../../platform/errors.js';
import { PUBLIC } from '../accounts/accounts.js';
import type { ServiceContext } from '../context.js';
import { listAnalysts } from '../directory/repository.js';
import { watchSearchPath } from '../watch-paths.js';
import { resultsCsv } from './api.js';
import { markedParts, searchChanges, type SearchResults } from './service.js';

const FIELDS = ['q', 'stage', 'path', 'partyCategory', 'committee', 'leadAnalyst', 'raisedFrom', 'raisedTo', 'limit', 'offset'] as const;

type Query = Partial<Record<(typeof FIELDS)[number], string>>;

function queryOf(raw: Record<string, string | string[]>): Query {
  return Object.fromEntries(FIELDS.map((f) => [f, one(raw[f])]).filter(([, v]) => v !== '')) as Query;
}

function hrefWith(path: string, q: Query, changes: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...q, ...changes })) if (v) params.set(k, v);
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

function Snippet({ marked }: { marked: string }) {
  return <>{markedParts(marked).map((p) => (p.mark ? <mark>{p.text}</mark> : p.text))}</>;
}

interface PageData {
  query: Query;
  analysts: { id: string; name: string }[];
  results?: SearchResults;
  error?: string;
}

function SearchView({ ctx, data }: { ctx: ServiceContext; data: PageData }) {
  const { profile } = ctx;
  const q = data.query;
  const r = data.results;
  const title = profile.words.navigation.search ?? 'Search';
  const select = (id: keyof Query, label: string, any: string, options: { value: string; label: string }[]) => (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} name={id}>
        <option value="">{any}</option>
        {options.map((o) => <option value={o.value} selected={q[id] === o.value}>{o.label}</option>)}
      </select>
    </div>
  );
  const first = r && r.total ? r.params.offset + 1 : 0;
  const last = r ? Math.min(r.params.offset + r.params.limit, r.total) : 0;
  return (
    <>
      <h1>{title}</h1>
      <p class="lead">Search the references, titles, summaries, solutions, problem statements, timeline notes and documents of the register.</p>
      <form method="get" action="/search" class="filters" role="search" aria-label="Search the register">
        <div class="field">
          <label for="q">Search for</label>
          <input id="q" name="q" type="search" value={q.q ?? ''} aria-describedby="q-hint" />
          <p class="hint" id="q-hint">All the words; "a phrase" in quotes; -word to leave a word out; OR between words for either.</p>
        </div>
        <div class="filter-grid">
          {select('stage', 'Stage', 'Any stage', profile.states.map((s) => ({ value: s.id, label: s.label })))}
          {select('path', 'Path', 'Any path', profile.paths.map((p) => ({ value: p.value, label: p.label })))}
          {select('partyCategory', "Proposer's party category", 'Any category', profile.partyCategories.map((c) => ({ value: c.id, label: c.label })))}
          {select('committee', 'Committee', 'Any committee', profile.committees.map((c) => ({ value: c.code, label: c.name })))}
          {select('leadAnalyst', 'Lead analyst', 'Any analyst', data.analysts.map((a) => ({ value: a.id, label: a.name })))}
          <div class="field">
            <label for="raisedFrom">Raised from</label>
            <input id="raisedFrom" name="raisedFrom" type="date" value={q.raisedFrom ?? ''} />
          </div>
          <div class="field">
            <label for="raisedTo">Raised to</label>
            <input id="raisedTo" name="raisedTo" type="date" value={q.raisedTo ?? ''} />
          </div>
        </div>
        <button type="submit">Search</button> <a href="/search">Clear</a>
      </form>
      {data.error && <div class="error-summary" role="alert"><p>{data.error}</p></div>}
      {r && r.params.query && (
        <>
          <p class="count" role="status">{r.total === 0 ? 'No changes match.' : `Showing ${first}–${last} of ${r.total} ${r.total === 1 ? 'change' : 'changes'}, best match first`}</p>
          {r.items.length > 0 && (
            <ol class="search-results" start={first}>
              {r.items.map((h) => (
                <li>
                  <h2 class="result-title"><a href={h.path}>{`${h.reference}: ${h.title}`}</a></h2>
                  <p class="meta">{h.stateLabel}</p>
                  {h.matches.map((m) => (
                    <p class="snippet"><span class="meta">{`${m.heading}: `}</span><Snippet marked={m.marked} /></p>
                  ))}
                </li>
              ))}
            </ol>
          )}
          <nav class="pager" aria-label="Pages of results">
            {r.params.offset > 0 && <a rel="prev" href={hrefWith('/search', q, { offset: String(Math.max(0, r.params.offset - r.params.limit)) })}>Previous</a>}
            {' '}
            {last < r.total && <a rel="next" href={hrefWith('/search', q, { offset: String(r.params.offset + r.params.limit) })}>Next</a>}
          </nav>
          <p class="hint"><a href={hrefWith('/search.csv', q)}>These results as CSV</a>; the same as JSON: <code>{hrefWith('/api/v1/search', q)}</code>.</p>
          <p class="watch-search"><a href={watchSearchPath(q)}>Watch this search</a>: mail when a change it finds moves, or a new one matches.</p>
        </>
      )}
    </>
  );
}

export function registerSearchPages(app: HttpServer, ctx: ServiceContext): void {
  const title = () => ctx.profile.words.navigation.search ?? 'Search';

  app.get('/search', { config: { permission: 'site.read' }, schema: { querystring: FormBody, hide: true } }, async (request, reply) => {
    const query = queryOf(request.query);
    const analysts = (await listAnalysts(ctx.db.kysely)).map((a) => ({ id: a.id, name: a.name }));
    reply.header('cache-control', 'private, no-store');
    try {
      const results = await searchChanges(ctx, request.actor ?? PUBLIC, query);
      return html(reply, 200, renderPage({ title: query.q ? `${title()}: ${query.q}` : title(), section: 'search',
        children: <SearchView ctx={ctx} data={{ query, analysts, results }} /> }));
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'VALIDATION_FAILED') throw error;
      return html(reply, 400, renderPage({ title: title(), section: 'search',
        children: <SearchView ctx={ctx} data={{ query, analysts, error: error.message }} /> }));
    }
  });

  app.get('/search.csv', { config: { permission: 'site.read' }, schema: { querystring: FormBody, hide: true } }, async (request, reply) => {
    const results = await searchChanges(ctx, request.actor ?? PUBLIC, queryOf(request.query));
    return reply.header('cache-control', 'private, no-store').type(CSV_CONTENT_TYPE)
      .header('content-disposition', 'attachment; filename="search.csv"').send(resultsCsv(ctx, results));
  });
}
