// JSON routes of the register under /api/v1. Each handler parses, calls one service function and
// shapes the answer; the rules live in the service and the process profile.
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { etag, parseIfMatch } from '../../platform/http/conditional.js';
import { sendCached } from '../../platform/http/response-cache.js';
import { lastPosition } from '../../platform/events/stream.js';
import { PUBLIC } from '../accounts/accounts.js';
import { readerFilter } from '../accounts/permissions.js';
import { executor } from '../context.js';
import { actorOf } from '../accounts/http.js';
import type { ServiceContext } from '../context.js';
import * as service from './service.js';
import {
  ErrorSchema, ProblemStatementBody, ProblemStatementVersionSchema, ProposalListSchema, ProposalSchema,
  RefParams, actionBodySchema, editBodySchema, listQuerySchema, raiseBodySchema,
} from './schemas.js';
import { detailView, publicPath, summaryView } from './views.js';
import { registerOpenDataRoutes, sendRegisterCsv } from './open-data.js';
import { EventRef, eventView, plainJson } from '../../platform/events/view.js';

const errors = {
  400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 412: ErrorSchema, 428: ErrorSchema,
  503: ErrorSchema,
};
const bearer = [{ bearer: [] }];

export function registerProposalApi(app: HttpServer, ctx: ServiceContext): void {
  const tags = ['proposals'];
  registerOpenDataRoutes(app, ctx);

  async function sendDetail(reply: FastifyReply, ref: string, status = 200) {
    const detail = await service.getProposalDetail(ctx, ref, { withEvents: false });
    reply.header('ETag', etag(detail.proposal.version));
    return reply.code(status).send(detailView(ctx, detail));
  }

  const JSON_TYPE = 'application/json; charset=utf-8';
  // The route's own serializer, which writes JSON text (Fastify types it loosely).

  app.get('/api/v1/proposals', { config: { permission: 'site.read' },
    schema: { tags, summary: 'List and filter the register', querystring: listQuerySchema(ctx.profile),
      response: { 200: ProposalListSchema, 400: ErrorSchema } },
  }, async (request, reply) => {
    if (request.query.format === 'csv') return sendRegisterCsv(ctx, app, request, reply, request.query);
    // Any write anywhere may change a list: its key is the last event of the stream, and the query.
    const key = `api-list:${await lastPosition(executor(ctx))}:${request.url.split('?')[1] ?? ''}`;
    return sendCached(app.responseCache, request, reply, key, JSON_TYPE, async () => {
      const result = await service.listProposals(ctx, request.query);
      return reply.serialize({ ...result, items: result.items.map((p) => summaryView(ctx, p)) }) as string;
    });
  });

  app.get('/api/v1/proposals/:ref', { config: { permission: 'site.read' },
    schema: { tags, summary: 'One change (DP092 and MP092 give the same)', params: RefParams,
      response: { 200: ProposalSchema, 404: ErrorSchema } },
  }, async (request, reply) => {
    const s = await service.stampOf(ctx, request.params.ref);
    // The ETag is the register entry's version (what If-Match names); the cache key adds what else the answer shows.
    return sendCached(app.responseCache, request, reply, `api-detail:${s.id}:${s.version}:${s.lastEvent}:${s.directory}`, JSON_TYPE,
      async () => reply.serialize(detailView(ctx, await service.getProposalDetail(ctx, s.reference, { withEvents: false }))) as string, { etag: etag(s.version) });
  });

  app.post('/api/v1/proposals', { config: { permission: 'proposals.write' },
        schema: { tags, summary: 'Raise a Draft Proposal', security: bearer, body: raiseBodySchema(ctx.profile),
      response: { 201: ProposalSchema, ...errors } },
  }, async (request, reply) => {
    const created = await service.raiseProposal(ctx, actorOf(request), request.body);
    reply.header('Location', `/api/v1/proposals/${created.reference}`);
    return sendDetail(reply, created.reference, 201);
  });

  app.patch('/api/v1/proposals/:ref', { config: { permission: 'proposals.write' },
        schema: { tags, summary: 'Edit register fields (needs If-Match)', security: bearer, params: RefParams,
      headers: Type.Object({ 'if-match': Type.Optional(Type.String({ description: 'The ETag from your last GET.' })) }),
      body: editBodySchema(ctx.profile), response: { 200: ProposalSchema, ...errors } },
  }, async (request, reply) => {
    const { ref } = request.params;
    const expected = parseIfMatch(request.headers['if-match'], true)
      // If-Match: * means "whatever the current version is".
      ?? (await service.getProposal(ctx, ref)).version;
    const updated = await service.editProposal(ctx, actorOf(request), ref, expected, request.body);
    return sendDetail(reply, updated.reference);
  });

  app.post('/api/v1/proposals/:ref/actions', { config: { permission: 'proposals.write' },
        schema: { tags, summary: 'Take a lifecycle action', security: bearer, params: RefParams,
      headers: Type.Object({ 'if-match': Type.Optional(Type.String({ description: 'Optional: refuse if the change moved on.' })) }),
      body: actionBodySchema(ctx.profile), response: { 200: ProposalSchema, ...errors } },
  }, async (request, reply) => {
    const { ref } = request.params;
    const { action, businessDate, note, ...inputs } = request.body;
    const updated = await service.actOnProposal(ctx, actorOf(request), ref, {
      action, businessDate, note, inputs, expectedVersion: parseIfMatch(request.headers['if-match'], false),
    });
    return sendDetail(reply, updated.reference);
  });

  app.get('/api/v1/proposals/:ref/events', { config: { permission: 'site.read' },
    serializerCompiler: plainJson,
    schema: { tags, summary: 'The timeline: the events about the change that you may read, in business-date order', params: RefParams,
      response: { 200: Type.Object({ items: Type.Array(EventRef) }), 404: ErrorSchema } },
  }, async (request, reply) => {
    const s = await service.stampOf(ctx, request.params.ref);
    const reader = JSON.stringify(readerFilter(request.actor ?? PUBLIC));
    return sendCached(app.responseCache, request, reply, `api-events:${s.id}:${s.lastEvent}:${reader}`, JSON_TYPE, async () => {
      const events = await service.listEventsOf(ctx, s.reference, request.actor);
      return JSON.stringify({ items: events.map(eventView) });
    });
  });

  app.get('/api/v1/proposals/:ref/problem-statement', { config: { permission: 'site.read' },
    schema: { tags, summary: 'Every version of the problem statement (the ETag is the change\'s, for If-Match on PUT)', params: RefParams,
      response: { 200: Type.Object({ items: Type.Array(ProblemStatementVersionSchema) }), 404: ErrorSchema } },
  }, async (request, reply) => {
    const detail = await service.getProposalDetail(ctx, request.params.ref);
    reply.header('ETag', etag(detail.proposal.version));
    return { items: detail.problemStatements };
  });

  app.put('/api/v1/proposals/:ref/problem-statement', { config: { permission: 'proposals.write' },
        schema: { tags, summary: 'Save a new draft version of the problem statement', security: bearer, params: RefParams,
      headers: Type.Object({ 'if-match': Type.Optional(Type.String({ description: 'Optional: refuse if the change moved on.' })) }),
      body: ProblemStatementBody, response: { 200: ProblemStatementVersionSchema, ...errors } },
  }, async (request) => {
    const { ref } = request.params;
    const body = request.body;
    // No ETag here: the service does not say which version of the change it wrote, and reading it
    // again could hand out a version holding someone else's later write.
    return service.saveProblemStatement(ctx, actorOf(request), ref, {
      ...body, expectedVersion: parseIfMatch(request.headers['if-match'], false),
    });
  });

  app.get('/api/v1/profile', { config: { permission: 'site.read' },
    schema: { tags: ['process'], summary: 'The process profile: states, actions, bodies, paths',
      response: { 200: Type.Object({}, { additionalProperties: true }) } },
  }, async () => ctx.profile);

  app.get('/proposals/:ref', { config: { permission: 'site.read' }, schema: { hide: true, params: RefParams } }, async (request, reply) => {
    const proposal = await service.getProposal(ctx, request.params.ref);
    return reply.redirect(publicPath(proposal), 302);
  });
}
