// GET /api/v1/search: ranked changes whose texts match, with highlighted snippets, as JSON or CSV
// (?format=csv). The CSV writer is shared (platform/http/csv.ts); snippets in it are plain text.
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { ErrorSchema } from '../../platform/http/schemas.js';
import { CSV_CONTENT_TYPE, toCsv } from '../../platform/http/csv.js';
import type { ProcessProfile } from '../../process/profile.js';
import { PUBLIC } from '../accounts/accounts.js';
import type { ServiceContext } from '../context.js';
import { QUERY_LIMITS } from './query.js';
import { plainSnippet, searchChanges, snippetHtml, SEARCH_PAGE, type SearchResults } from './service.js';

const tags = ['search'];

export function searchQuerySchema(profile: ProcessProfile) {
  const text = (description: string, maxLength = 200) => Type.Optional(Type.String({ maxLength, description }));
  return Type.Object({
    q: text('What to look for: words (all of them), "a phrase", -left-out, this OR that.', QUERY_LIMITS.maxLength),
    stage: text(`State id, or several separated by commas: ${profile.states.map((s) => s.id).join(', ')}.`, 2000),
    path: Type.Optional(Type.String({ enum: profile.paths.map((p) => p.value) })),
    partyCategory: Type.Optional(Type.String({ enum: profile.partyCategories.map((p) => p.id), description: "The proposer's party category." })),
    committee: Type.Optional(Type.String({ enum: profile.committees.map((c) => c.code), description: 'Changes on an agenda of this committee, or with its view recorded.' })),
    leadAnalyst: text('Lead analyst id or name.'),
    raisedFrom: text('Raised on or after this day (YYYY-MM-DD).', 10),
    raisedTo: text('Raised on or before this day (YYYY-MM-DD).', 10),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: SEARCH_PAGE.max, default: SEARCH_PAGE.default })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000, default: 0 })),
    format: Type.Optional(Type.String({ enum: ['json', 'csv'], description: 'csv: the same page of results as CSV.' })),
  }, { additionalProperties: false });
}

const MatchSchema = Type.Object({
  kind: Type.String({ enum: ['reference', 'title', 'summary', 'solution', 'problem-statement', 'note', 'document'] }),
  heading: Type.String({ description: 'What matched: "Summary", "Document: Modification Report", "Note: Edited".' }),
  snippet: Type.String({ description: 'The matching passage, plain text.' }),
  snippetHtml: Type.String({ description: 'The same passage as HTML: the text escaped, matches in <mark>, no other markup.' }),
});

export const SearchResultsSchema = Type.Object({
  q: Type.String({ description: 'The query as it was read.' }),
  total: Type.Integer({ description: 'Changes that match.' }),
  limit: Type.Integer(),
  offset: Type.Integer(),
  items: Type.Array(Type.Object({
    reference: Type.String(), title: Type.String(), url: Type.String(), state: Type.String(), stateLabel: Type.String(),
    score: Type.Number({ description: 'Relevance: higher is better (comparable within one answer only).' }),
    matches: Type.Array(MatchSchema),
  })),
});

export function resultsView(ctx: ServiceContext, r: SearchResults) {
  return {
    q: r.params.text, total: r.total, limit: r.params.limit, offset: r.params.offset,
    items: r.items.map((h) => ({
      reference: h.reference, title: h.title, url: `${ctx.publicBaseUrl}${h.path}`, state: h.state, stateLabel: h.stateLabel, score: h.score,
      matches: h.matches.map((m) => ({ kind: m.kind, heading: m.heading, snippet: plainSnippet(m.marked), snippetHtml: snippetHtml(m.marked) })),
    })),
  };
}

/** The page of results as CSV: one row per change, its best match's passage as plain text. */
export function resultsCsv(ctx: ServiceContext, r: SearchResults): string {
  return toCsv(['reference', 'title', 'url', 'stage', 'score', 'matched', 'snippet'], r.items.map((h) => [
    h.reference, h.title, `${ctx.publicBaseUrl}${h.path}`, h.stateLabel, h.score.toFixed(6),
    h.matches.map((m) => m.heading).join('; '), h.matches[0] ? plainSnippet(h.matches[0].marked) : '',
  ]));
}

export function registerSearchApi(app: HttpServer, ctx: ServiceContext): void {
  app.get('/api/v1/search', { config: { permission: 'site.read' }, schema: { tags,
    summary: 'Search the register: references, titles, summaries, solutions, problem statements, notes and documents you may read, best first',
    querystring: searchQuerySchema(ctx.profile),
    response: { 200: SearchResultsSchema, 400: ErrorSchema } } },
  async (request, reply) => {
    const { format, ...query } = request.query;
    const results = await searchChanges(ctx, request.actor ?? PUBLIC, query);
    // Results depend on who asks (restricted documents and notes): never kept by shared caches.
    reply.header('cache-control', 'private, no-store');
    if (format === 'csv') {
      // Text, not the JSON schema's shape: sent through the untyped reply, as it is.
      return (reply as FastifyReply).type(CSV_CONTENT_TYPE).header('content-disposition', 'attachment; filename="search.csv"').send(resultsCsv(ctx, results));
    }
    return resultsView(ctx, results);
  });
}
