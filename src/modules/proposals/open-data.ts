// The register as open data: the list as CSV (`GET /api/v1/proposals?format=csv`, every change the
// filters match), the whole register as one JSON download with a published JSON Schema, and a
// cursor into the change feed, so a consumer takes the download once and follows the feed after.
// Only the public register: no field here is one the public may not read.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { CSV_CONTENT_TYPE, toCsv } from '../../platform/http/csv.js';
import { sendCached } from '../../platform/http/response-cache.js';
import { encodeCursor } from '../../platform/events/cursor.js';
import { lastPosition } from '../../platform/events/stream.js';
import { londonDate } from '../../process/dates.js';
import { executor, type ServiceContext } from '../context.js';
import type { Proposal } from './proposals.js';
import { ProposalSummarySchema } from './schemas.js';
import * as service from './service.js';
import type { ListQuery } from './validation.js';
import { summaryView } from './views.js';

export const REGISTER_DOWNLOAD_PATH = '/api/v1/register.json';
export const REGISTER_SCHEMA_PATH = '/api/v1/register.schema.json';

/** The columns of the CSV, in order, each with how it reads a change. */
const COLUMNS: [string, (p: ReturnType<typeof summaryView>) => unknown][] = [
  ['Reference', (p) => p.reference],
  ['Title', (p) => p.title],
  ['Stage', (p) => p.stateLabel],
  ['Stage id', (p) => p.state],
  ['Path', (p) => p.path],
  ['Raised on', (p) => p.raisedOn],
  ['Proposer', (p) => p.proposer?.name],
  ['Party', (p) => p.organisation?.name],
  ['Party category', (p) => p.organisation?.partyCategory],
  ['Lead analyst', (p) => p.leadAnalyst?.name],
  ['Urgent', (p) => p.urgent],
  ['Fast-Track', (p) => p.fastTrack],
  ['Target release', (p) => p.targetRelease?.name],
  ['Implementation date', (p) => p.implementationDate],
  ['Who is impacted', (p) => p.impactedCategories],
  ['Code documents affected', (p) => p.documentsAffected],
  ['What is the issue?', (p) => p.summary],
  ['What is the solution?', (p) => p.solution],
  ['Latest update', (p) => p.latestUpdate],
  ['Last changed', (p) => p.updatedAt],
  ['Address', (p) => p.url],
];

/** The changes as CSV, one row each, in the order given. */
export function registerCsv(ctx: ServiceContext, proposals: readonly Proposal[]): string {
  return toCsv(COLUMNS.map(([name]) => name), proposals.map((p) => {
    const view = summaryView(ctx, p);
    return COLUMNS.map(([, read]) => read(view));
  }));
}

/** The JSON Schema of the download: the API's own schema of a change, so the two never differ. */
export function registerSchema(ctx: ServiceContext) {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${ctx.publicBaseUrl}${REGISTER_SCHEMA_PATH}`,
    title: `${ctx.profile.name}: the change register`,
    description: 'Every change in the register with its public fields, as GET /api/v1/register.json gives it.',
    type: 'object',
    required: ['code', 'date', 'changesAfter', 'count', 'changes'],
    properties: {
      $schema: { type: 'string', description: 'The address of this schema.' },
      code: { type: 'string', description: 'The code whose register this is.' },
      date: { type: 'string', format: 'date', description: 'The business date (Europe/London) of the download.' },
      changesAfter: { type: 'string', description: 'A cursor for GET /api/v1/changes?after=…: the events after this download.' },
      count: { type: 'integer', minimum: 0 },
      changes: { type: 'array', items: JSON.parse(JSON.stringify(ProposalSummarySchema)) as unknown },
    },
    additionalProperties: false,
  };
}

const DownloadSchema = Type.Object({
  $schema: Type.String(), code: Type.String(), date: Type.String({ format: 'date' }),
  changesAfter: Type.String({ description: 'A cursor for GET /api/v1/changes?after=…: what happened after this download.' }),
  count: Type.Integer(), changes: Type.Array(ProposalSummarySchema),
});

/** "sec-register-2027-01-11.csv": the code, what it is and the day. */
export function downloadName(ctx: ServiceContext, extension: 'csv' | 'json'): string {
  return `${ctx.profile.id}-register-${londonDate(ctx.clock())}.${extension}`;
}

/** Sends the CSV of every change the list's filters match, kept until the next event. */
export async function sendRegisterCsv(ctx: ServiceContext, app: HttpServer, request: FastifyRequest, reply: FastifyReply, query: ListQuery) {
  const key = `csv-list:${await lastPosition(executor(ctx))}:${request.url.split('?')[1] ?? ''}`;
  reply.header('Content-Disposition', `attachment; filename="${downloadName(ctx, 'csv')}"`);
  return sendCached(app.responseCache, request, reply, key, CSV_CONTENT_TYPE, async () =>
    registerCsv(ctx, await service.listAllProposals(ctx, query)));
}

export function registerOpenDataRoutes(app: HttpServer, ctx: ServiceContext): void {
  const tags = ['proposals'];
  app.get(REGISTER_DOWNLOAD_PATH, { config: { permission: 'site.read' },
    schema: { tags, summary: 'The whole register as one JSON document, with a cursor into the change feed for what follows',
      response: { 200: DownloadSchema } } }, async (request, reply) => {
    // The position is read before the changes: the cursor is never ahead of what the download holds.
    const position = await lastPosition(executor(ctx));
    reply.header('Content-Disposition', `inline; filename="${downloadName(ctx, 'json')}"`);
    return sendCached(app.responseCache, request, reply, `register-json:${position}:${londonDate(ctx.clock())}`, 'application/json; charset=utf-8', async () => {
      const changes = (await service.listAllProposals(ctx, {})).map((p) => summaryView(ctx, p));
      return JSON.stringify({
        $schema: `${ctx.publicBaseUrl}${REGISTER_SCHEMA_PATH}`, code: ctx.profile.name, date: londonDate(ctx.clock()),
        changesAfter: encodeCursor(position), count: changes.length, changes,
      });
    });
  });

  app.get(REGISTER_SCHEMA_PATH, { config: { permission: 'site.read' },
    schema: { tags, summary: 'The JSON Schema (2020-12) of the register download' } }, async (_request, reply) => {
    reply.type('application/schema+json; charset=utf-8');
    return JSON.stringify(registerSchema(ctx), null, 2);
  });
}
