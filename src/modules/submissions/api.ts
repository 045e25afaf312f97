// JSON routes of submissions under /api/v1. Every read goes through the service, which shows only
// what canSee allows: a submission the caller may not see answers 404, exactly like one that does
// not exist.
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { actorOf } from '../accounts/http.js';
import type { ServiceContext } from '../context.js';
import { parseIfMatch } from '../../platform/http/conditional.js';
import { ErrorSchema } from '../proposals/schemas.js';
import { publicPath } from '../proposals/views.js';
import { londonDate } from '../../process/dates.js';
import * as service from './service.js';
import { STATUS_LABELS, STEP_LABELS, SUBMISSION_STATUSES, dueMark, toProblemStatement, type Submission, type SubmissionEvent } from './submissions.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 412: ErrorSchema };
const bearer = [{ bearer: [] }];
const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
const IfMatch = Type.Object({ 'if-match': Type.Optional(Type.String({ description: 'Optional: the ETag from your last GET; refused with 412 if the submission moved on.' })) });
const Named = Type.Object({ id: Type.String(), name: Type.String() });

const SubmissionSchema = Type.Object({
  id: Type.String(),
  url: Type.String({ description: 'Absolute address of its page (visible only to its Party and the Secretariat).' }),
  organisation: Type.Object({ id: Type.String(), name: Type.String(), partyCategory: Nullable(Type.String()) }),
  author: Named,
  title: Type.String(),
  summary: Type.String(),
  sections: Type.Array(Type.Object({ heading: Type.String(), text: Type.String() })),
  problemStatement: Type.String({ description: 'The sections as Markdown, one "## " heading each: what becomes draft v0.1 when raised.' }),
  status: Type.String({ enum: [...SUBMISSION_STATUSES] }),
  statusLabel: Type.String(),
  submittedBy: Nullable(Named),
  submittedOn: Nullable(Type.String({ format: 'date' })),
  dueOn: Nullable(Type.String({ format: 'date', description: 'The critical-friend reply is due on this business date.' })),
  due: Nullable(Type.String({ enum: ['overdue', 'due-today'], description: 'While a reply is awaited: overdue, or due today.' })),
  proposal: Nullable(Type.Object({ reference: Type.String(), url: Type.String() }, { description: 'The Draft Proposal it was raised as.' })),
  version: Type.Integer({ description: 'Increases with every change; the ETag carries it.' }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const EventSchema = Type.Object({
  seq: Type.Integer(), step: Type.String(), label: Type.String(), fromStatus: Nullable(Type.String()), toStatus: Type.String(),
  actor: Named, businessDate: Type.String({ format: 'date' }), recordedAt: Type.String(), comments: Type.String(),
  dueOn: Nullable(Type.String()), proposalReference: Nullable(Type.String()),
});

const DetailSchema = Type.Object({
  ...SubmissionSchema.properties,
  events: Type.Array(EventSchema),
  allowed: Type.Array(Type.String({ enum: ['save', 'submit', 'return', 'raise'] }), { description: 'What you may do with it now.' }),
});

function contentBody(ctx: ServiceContext) {
  return Type.Object({
    title: Type.String({ minLength: 1, maxLength: 300 }),
    summary: Type.Optional(Type.String({ maxLength: 2000, description: '"What is the issue?" in brief; needed to submit.' })),
    sections: Type.Optional(Type.Record(Type.String(), Type.String({ maxLength: 20000 }), {
      description: `Text of each problem-statement section by its heading: ${ctx.profile.problemStatementSections.map((s) => `"${s}"`).join(', ')}. Errors name a section as sections.N, counting from 0 in that order.`,
    })),
    submit: Type.Optional(Type.Boolean({ description: 'Send it to the Secretariat now (default: keep it as a draft).' })),
  }, { additionalProperties: false });
}

export function submissionView(ctx: ServiceContext, s: Submission) {
  return {
    id: s.id,
    url: `${ctx.publicBaseUrl}/submissions/${s.id}`,
    organisation: s.organisation,
    author: s.author,
    title: s.title,
    summary: s.summary,
    sections: s.sections,
    problemStatement: toProblemStatement(s.sections),
    status: s.status,
    statusLabel: STATUS_LABELS[s.status],
    submittedBy: s.submittedBy,
    submittedOn: s.submittedOn,
    dueOn: s.dueOn,
    due: dueMark(s, londonDate(ctx.clock())),
    proposal: s.proposal && { reference: s.proposal.reference, url: `${ctx.publicBaseUrl}${publicPath(s.proposal)}` },
    version: s.version,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

function eventView(e: SubmissionEvent) {
  return {
    seq: e.seq, step: e.step, label: STEP_LABELS[e.step], fromStatus: e.fromStatus, toStatus: e.toStatus,
    actor: { id: e.actorId, name: e.actorName }, businessDate: e.businessDate, recordedAt: e.recordedAt,
    comments: e.comments, dueOn: e.dueOn, proposalReference: e.proposalReference,
  };
}

export function registerSubmissionApi(app: HttpServer, ctx: ServiceContext): void {
  const tags = ['submissions'];

  async function sendDetail(reply: FastifyReply, actor: Parameters<typeof service.getSubmission>[1], id: string, status = 200) {
    const detail = await service.getSubmission(ctx, actor, id);
    reply.header('ETag', `"${detail.submission.version}"`);
    return reply.code(status).send({ ...submissionView(ctx, detail.submission), events: detail.events.map(eventView), allowed: detail.allowed });
  }

  app.get('/api/v1/submissions', { config: { permission: 'submissions.read' },
    schema: { tags, summary: "Submissions you may see: a Party user its organisation's, the Secretariat those sent to it; oldest reply due first",
      response: { 200: Type.Object({ items: Type.Array(SubmissionSchema) }), 401: ErrorSchema, 403: ErrorSchema } },
  }, async (request) => ({ items: (await service.listSubmissions(ctx, actorOf(request))).map((s) => submissionView(ctx, s)) }));

  app.post('/api/v1/submissions', { config: { permission: 'submissions.write' },
    schema: { tags, summary: 'Start a submission (Party users): a draft, or sent at once with "submit": true', security: bearer,
      body: contentBody(ctx), response: { 201: DetailSchema, ...errors } },
  }, async (request, reply) => {
    const { submit, ...content } = request.body;
    const created = await service.createSubmission(ctx, actorOf(request), content, { submit });
    reply.header('Location', `/api/v1/submissions/${created.id}`);
    return sendDetail(reply, actorOf(request), created.id, 201);
  });

  app.get('/api/v1/submissions/:id', { config: { permission: 'submissions.read' },
    schema: { tags, summary: 'One submission with its history (404 unless you may see it)', params: IdParams,
      response: { 200: DetailSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema } },
  }, async (request, reply) => sendDetail(reply, actorOf(request), request.params.id));

  app.put('/api/v1/submissions/:id', { config: { permission: 'submissions.write' },
    schema: { tags, summary: 'Replace the text of a draft or returned submission (Party users); "submit": true sends it too', security: bearer,
      params: IdParams, headers: IfMatch, body: contentBody(ctx), response: { 200: DetailSchema, ...errors } },
  }, async (request, reply) => {
    const { submit, ...content } = request.body;
    const id = request.params.id;
    await service.saveSubmission(ctx, actorOf(request), id, content, { submit, expectedVersion: parseIfMatch(request.headers['if-match'], false) });
    return sendDetail(reply, actorOf(request), id);
  });

  app.post('/api/v1/submissions/:id/submit', { config: { permission: 'submissions.write' },
    schema: { tags, summary: 'Send it to the Secretariat (Party users); the critical-friend reply is due in Working Days', security: bearer,
      params: IdParams, headers: IfMatch, response: { 200: DetailSchema, ...errors } },
  }, async (request, reply) => {
    const id = request.params.id;
    await service.submitSubmission(ctx, actorOf(request), id, { expectedVersion: parseIfMatch(request.headers['if-match'], false) });
    return sendDetail(reply, actorOf(request), id);
  });

  app.post('/api/v1/submissions/:id/return', { config: { permission: 'submissions.review' },
    schema: { tags, summary: 'Return it to the Party with comments (Secretariat)', security: bearer, params: IdParams, headers: IfMatch,
      body: Type.Object({ comments: Type.String({ minLength: 1, maxLength: 20000 }) }, { additionalProperties: false }),
      response: { 200: DetailSchema, ...errors } },
  }, async (request, reply) => {
    const id = request.params.id;
    const { comments } = request.body;
    await service.returnSubmission(ctx, actorOf(request), id, { comments, expectedVersion: parseIfMatch(request.headers['if-match'], false) });
    return sendDetail(reply, actorOf(request), id);
  });

  app.post('/api/v1/submissions/:id/raise', { config: { permission: 'submissions.review' },
    // The body is optional: no body means no lead analyst and no comments.
    preValidation: async (request) => { request.body ??= {}; },
    schema: { tags, summary: 'Raise it as a Draft Proposal (Secretariat): the number is assigned and its problem statement becomes draft v0.1',
      security: bearer, params: IdParams, headers: IfMatch,
      body: Type.Object({
        leadAnalyst: Type.Optional(Nullable(Type.String({ maxLength: 200, description: 'A Secretariat analyst (name or id).' }))),
        comments: Type.Optional(Type.String({ maxLength: 20000, description: 'For the Party, kept in the submission\'s history.' })),
      }, { additionalProperties: false }),
      response: { 200: DetailSchema, ...errors } },
  }, async (request, reply) => {
    const id = request.params.id;
    const body = request.body;
    await service.raiseSubmission(ctx, actorOf(request), id, { ...body, expectedVersion: parseIfMatch(request.headers['if-match'], false) });
    return sendDetail(reply, actorOf(request), id);
  });
}
