// The register list page: filters, sortable table and pagination, all plain GET links and forms.
import type { ServiceContext } from '../context.js';
import { watchSearchPath } from '../watch-paths.js';
import type { Person, Organisation } from '../directory/repository.js';
import { formatDate } from '../../process/dates.js';
import { findState } from '../../process/workflow.js';
import type { Proposal } from './proposals.js';
import { publicPath } from './views.js';
import { REGISTER_DOWNLOAD_PATH, REGISTER_SCHEMA_PATH } from './open-data.js';

export interface ListPageData {
  items: Proposal[];
  total: number;
  limit: number;
  offset: number;
  query: Record<string, string>;
  analysts: Person[];
  organisations: Organisation[];
  error?: string;
}

/** The register's address for a query; empty values are left out. */
export function listHref(query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
  const text = params.toString();
  return text ? `/modifications/?${text}` : '/modifications/';
}

/** The API's CSV of every change these filters match (the page's filters are the API's). */
function csvHref(query: Record<string, string>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v && k !== 'offset' && k !== 'limit') params.set(k, v);
  params.set('format', 'csv');
  return `/api/v1/proposals?${params.toString()}`;
}

function hrefWith(query: Record<string, string>, changes: Record<string, string | undefined>): string {
  return listHref({ ...query, ...changes });
}

export function ListView({ ctx, data }: { ctx: ServiceContext; data: ListPageData }) {
  const { profile } = ctx;
  const q = data.query;
  const first = data.total === 0 ? 0 : data.offset + 1;
  const last = Math.min(data.offset + data.limit, data.total);
  const sortKey = q.sort || 'reference';
  const defaultOrder = (key: string) => (key === 'raised' || key === 'updated' ? 'desc' : 'asc');
  const sortOrder = q.order || defaultOrder(sortKey);
  const sortLabels: Record<string, string> = { reference: 'Reference', title: 'Title', state: 'Stage', raised: 'Raised', updated: 'Last updated' };
  /**
   * A column header whose link sorts by its column. The header says how the table is sorted now
   * (aria-sort); the link's name says what following it does.
   */
  const SortHeader = ({ sortBy }: { sortBy: string }) => {
    const active = sortKey === sortBy;
    const next = active ? (sortOrder === 'asc' ? 'desc' : 'asc') : defaultOrder(sortBy);
    return (
      <th scope="col" aria-sort={active ? (sortOrder === 'asc' ? 'ascending' : 'descending') : undefined}>
        <a href={hrefWith(q, { sort: sortBy, order: next, offset: undefined })}>
          {sortLabels[sortBy]}
          {active && <span aria-hidden="true">{sortOrder === 'asc' ? ' ▲' : ' ▼'}</span>}
          <span class="visually-hidden">{` (sort ${next === 'asc' ? 'ascending' : 'descending'})`}</span>
        </a>
      </th>
    );
  };
  return (
    <>
      <h1>Change register</h1>
      <p class="lead">Draft Proposals and Modification Proposals to the {profile.name}.</p>
      <form method="get" action="/modifications/" class="filters" role="search" aria-label="Filter the register">
        <div class="filter-grid">
          <div class="field">
            <label for="q">Title or reference</label>
            <input id="q" name="q" type="search" value={q.q ?? ''} />
          </div>
          <div class="field">
            <label for="stage">Stage</label>
            <select id="stage" name="stage">
              <option value="">Any stage</option>
              {profile.states.map((s) => <option value={s.id} selected={q.stage === s.id}>{s.label}</option>)}
            </select>
          </div>
          <div class="field">
            <label for="path">Path</label>
            <select id="path" name="path">
              <option value="">Any path</option>
              {profile.paths.map((p) => <option value={p.value} selected={q.path === p.value}>{p.label}</option>)}
            </select>
          </div>
          <div class="field">
            <label for="partyCategory">Proposer's party category</label>
            <select id="partyCategory" name="partyCategory">
              <option value="">Any category</option>
              {profile.partyCategories.map((c) => <option value={c.id} selected={q.partyCategory === c.id}>{c.label}</option>)}
            </select>
          </div>
          <div class="field">
            <label for="leadAnalyst">Lead analyst</label>
            <select id="leadAnalyst" name="leadAnalyst">
              <option value="">Any analyst</option>
              {data.analysts.map((a) => <option value={a.id} selected={q.leadAnalyst === a.id}>{a.name}</option>)}
            </select>
          </div>
        </div>
        {/* The sort and page size in force go along with the filters; values the register refused do not. */}
        {q.sort && sortLabels[q.sort] && <input type="hidden" name="sort" value={q.sort} />}
        {(q.order === 'asc' || q.order === 'desc') && <input type="hidden" name="order" value={q.order} />}
        {q.limit && /^\d{1,3}$/.test(q.limit) && <input type="hidden" name="limit" value={q.limit} />}
        <button type="submit">Apply filters</button> <a href="/modifications/">Clear</a>
      </form>
      {data.error && <div class="error-summary" role="alert"><p>{data.error}</p></div>}
      <p class="count" role="status">{data.total === 0 ? 'No changes match.' : `Showing ${first}–${last} of ${data.total} ${data.total === 1 ? 'change' : 'changes'}`}</p>
      <p class="downloads">Download {data.total > 0 && <><a href={csvHref(q)}>{data.total === 1 ? 'this change' : `these ${data.total} changes`} as CSV</a>, or </>}
        <a href={REGISTER_DOWNLOAD_PATH}>the whole register as JSON</a> (<a href={REGISTER_SCHEMA_PATH}>its JSON Schema</a>).</p>
      <p class="watch-search"><a href={watchSearchPath(q)}>Watch this search</a>: mail when a change it finds moves, or a new one matches.</p>
      {data.items.length > 0 && (
        <table class="register">
          <caption class="visually-hidden">
            {`Changes, sorted by ${(sortLabels[sortKey] ?? sortKey).toLowerCase()}, ${sortOrder === 'asc' ? 'ascending' : 'descending'}`}
          </caption>
          <thead>
            <tr>
              <SortHeader sortBy="reference" />
              <SortHeader sortBy="title" />
              <SortHeader sortBy="state" />
              <th scope="col">Path</th>
              <th scope="col">Proposer</th>
              <th scope="col">Lead analyst</th>
              <SortHeader sortBy="raised" />
            </tr>
          </thead>
          <tbody>
            {data.items.map((p) => (
              <tr>
                <td><a href={publicPath(p)}>{p.reference}</a></td>
                <td>{p.title}</td>
                <td>{findState(profile, p.state).label}</td>
                <td>{p.path ? `Path ${p.path}` : '—'}</td>
                <td>{p.proposer ? `${p.proposer.name}${p.organisation ? `, ${p.organisation.name}` : ''}` : (p.organisation?.name ?? '—')}</td>
                <td>{p.leadAnalyst?.name ?? '—'}</td>
                <td>{formatDate(p.raisedOn)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(data.offset > 0 || last < data.total) && (
        <nav class="pagination" aria-label="Pages">
          {data.offset > 0 && <a rel="prev" href={hrefWith(q, { offset: String(Math.max(0, data.offset - data.limit)) })}>Previous page</a>}
          {last < data.total && <a rel="next" href={hrefWith(q, { offset: String(data.offset + data.limit) })}>Next page</a>}
        </nav>
      )}
    </>
  );
}
