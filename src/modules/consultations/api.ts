// JSON routes of consultations under /api/v1: opening one on a change, a change's consultations,
// one consultation (what the caller may see of it), the caller's organisation's response, closing.
import { Type } from 'typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { ErrorSchema, writeErrors } from '../../platform/http/schemas.js';
import { Nullable } from '../../platform/events/changes.js';
import { PUBLIC } from '../accounts/accounts.js';
import { actorOf } from '../accounts/http.js';
import type { ServiceContext } from '../context.js';
import { documentPath } from '../documents/api.js';
import { RefParams } from '../proposals/schemas.js';
import { publicPath } from '../proposals/views.js';
import { MAX_ANSWER_LENGTH, MAX_QUESTIONS, MAX_QUESTION_LENGTH, consultationPath } from './consultations.js';
import * as service from './service.js';

const bearer = [{ bearer: [] }];
const dateString = (description?: string) => Type.String({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });
const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

const VersionSchema = Type.Object({
  version: Type.Integer(), answers: Type.Array(Type.String()), confidential: Type.Boolean(), submittedBy: Type.String(), submittedAt: Type.String(),
});
const ResponseSchema = Type.Object({
  organisationId: Type.String(),
  organisation: Type.String(),
  answers: Type.Array(Type.Object({ question: Type.String(), answer: Type.String() })),
  confidential: Type.Boolean({ description: 'Seen only by the Secretariat and the organisation\'s own users; never collated.' }),
  version: Type.Integer({ description: '1 for the first submission, one more for each edit.' }),
  submittedAt: Type.String(),
  submittedBy: Nullable(Type.String({ description: 'Null unless the caller is the Secretariat or of the organisation.' })),
  versions: Nullable(Type.Array(VersionSchema, { description: 'Every version, the first first; null unless the caller is the Secretariat or of the organisation.' })),
});
const ConsultationSchema = Type.Object({
  id: Type.String(),
  reference: Type.String({ description: 'The change, e.g. MP094.' }),
  changeUrl: Type.String(),
  kind: Type.String(), kindLabel: Type.String(), title: Type.String(),
  questions: Type.Array(Type.String()),
  opensOn: Type.String({ format: 'date' }), closesOn: Type.String({ format: 'date', description: 'The last day responses are taken.' }),
  open: Type.Boolean({ description: 'True until it is closed (by the Secretariat, or after its closing day).' }),
  closedOn: Nullable(Type.String({ format: 'date' })),
  takesResponses: Type.Boolean(),
  url: Type.String({ description: 'Absolute address of its page.' }),
  documents: Type.Array(Type.Object({ id: Type.String(), downloadUrl: Type.String() }), { description: 'The collated responses attached to the change at the close.' }),
  collation: Nullable(Type.Object({
    html: Type.String({ description: 'Address of the collated responses as HTML, frozen at the close.' }),
    sha256: Type.String({ description: 'SHA-256 (hex) of that HTML\'s bytes.' }),
  }, { description: 'Once closed: the collated responses as frozen HTML (the Word and PDF are in documents).' })),
  responses: Type.Array(ResponseSchema, { description: 'The responses the caller may read: all to the Secretariat; one\'s own; the others only once closed, and never a confidential one.' }),
  mine: Nullable(ResponseSchema),
  refusal: Nullable(Type.Object({ code: Type.String(), message: Type.String() }, { description: 'To a Party user: why they may not respond now.' })),
  respondents: Nullable(Type.Array(Type.Object({
    id: Type.String(), name: Type.String(), partyCategory: Nullable(Type.String()), responded: Type.Boolean(), submittedAt: Nullable(Type.String()),
  }), { description: 'The Secretariat only: each organisation that may respond and whether it has.' })),
});

type Detail = service.ConsultationDetail;

function responseView(d: Pick<Detail, 'consultation'>, r: service.ResponseDetail) {
  return {
    organisationId: r.organisationId, organisation: r.organisation,
    answers: d.consultation.questions.map((question, i) => ({ question, answer: r.answers[i] ?? '' })),
    confidential: r.confidential, version: r.version, submittedAt: r.submittedAt,
    submittedBy: r.versions ? r.submittedBy : null, versions: r.versions,
  };
}

export function consultationView(ctx: ServiceContext, d: Detail) {
  const c = d.consultation;
  return {
    id: c.id, reference: d.change.reference, changeUrl: `${ctx.publicBaseUrl}${publicPath(d.change)}`, kind: c.kind, kindLabel: d.kind.label,
    title: c.title, questions: c.questions, opensOn: c.opensOn, closesOn: c.closesOn, open: c.open, closedOn: c.closedOn,
    takesResponses: d.takesResponses, url: `${ctx.publicBaseUrl}${consultationPath(c.id)}`,
    documents: c.documentIds.map((id) => ({ id, downloadUrl: `${ctx.publicBaseUrl}${documentPath(d.change.reference, id)}/file` })),
    collation: c.collationSha256 === null ? null : { html: `${ctx.publicBaseUrl}${consultationPath(c.id)}/collation.html`, sha256: c.collationSha256 },
    responses: d.responses.map((r) => responseView(d, r)), mine: d.mine && responseView(d, d.mine), refusal: d.refusal, respondents: d.respondents,
  };
}

export function registerConsultationApi(app: HttpServer, ctx: ServiceContext): void {
  const tags = ['consultations'];

  app.post('/api/v1/proposals/:ref/consultations', { config: { permission: 'consultations.manage' }, schema: { tags, security: bearer,
    summary: 'Open a consultation on the change (the kind\'s lifecycle action is taken with it); it closes by default after the profile\'s Working Days',
    params: RefParams,
    body: Type.Object({
      kind: Type.String({ maxLength: 100, description: 'A consultation kind of the profile: refinement, modification-report.' }),
      title: Type.Optional(Type.String({ maxLength: 300, description: 'Default: "<kind> on <reference>".' })),
      questions: Type.Array(Type.String({ maxLength: MAX_QUESTION_LENGTH }), { maxItems: MAX_QUESTIONS }),
      opens: Type.Optional(dateString('The first day responses are taken: today (default) or earlier.')),
      closes: Type.Optional(dateString('The last day responses are taken: after it opens, not in the past. Default: the kind\'s length in Working Days.')),
    }, { additionalProperties: false }),
    response: { 201: ConsultationSchema, ...writeErrors } } },
  async (request, reply) => {
    const d = await service.openConsultation(ctx, actorOf(request), request.params.ref, request.body);
    reply.header('Location', `/api/v1/consultations/${encodeURIComponent(d.consultation.id)}`);
    return reply.code(201).send(consultationView(ctx, d));
  });

  app.get('/api/v1/proposals/:ref/consultations', { config: { permission: 'site.read' }, schema: { tags,
    summary: 'The consultations on a change, each as the caller may see it', params: RefParams,
    response: { 200: Type.Object({ items: Type.Array(ConsultationSchema) }), 404: ErrorSchema } } },
  async (request) => ({ items: (await service.listConsultationsOf(ctx, request.actor ?? PUBLIC, request.params.ref)).map((d) => consultationView(ctx, d)) }));

  app.get('/api/v1/consultations/:id', { config: { permission: 'site.read' }, schema: { tags,
    summary: 'One consultation as the caller may see it (closed first if its closing day has passed)', params: IdParams,
    response: { 200: ConsultationSchema, 404: ErrorSchema } } },
  async (request) => consultationView(ctx, await service.getConsultation(ctx, request.actor ?? PUBLIC, request.params.id)));

  app.put('/api/v1/consultations/:id/responses/mine', { config: { permission: 'consultations.respond' }, schema: { tags, security: bearer,
    summary: 'Submit or replace the caller\'s organisation\'s response (one per organisation; each edit is a new version, all kept); refused after the close',
    params: IdParams,
    body: Type.Object({
      answers: Type.Array(Type.String({ maxLength: MAX_ANSWER_LENGTH }), { maxItems: MAX_QUESTIONS, description: 'One answer per question, in order; "" for one not answered.' }),
      confidential: Type.Optional(Type.Boolean({ description: 'Only the Secretariat reads a confidential response; it is never published (default false).' })),
    }, { additionalProperties: false }),
    response: { 200: ResponseSchema, ...writeErrors } } },
  async (request) => {
    const id = request.params.id;
    const saved = await service.respond(ctx, actorOf(request), id, request.body);
    const consultation = (await service.getConsultation(ctx, actorOf(request), id)).consultation;
    return responseView({ consultation }, saved);
  });

  app.post('/api/v1/consultations/:id/close', { config: { permission: 'consultations.manage' },
    preValidation: async (request) => { request.body ??= {}; },
    schema: { tags, security: bearer,
      summary: 'Close the consultation now: the kind\'s lifecycle action, and the published responses collated into a document attached to the change',
      params: IdParams, body: Type.Object({}, { additionalProperties: false }),
      response: { 200: ConsultationSchema, ...writeErrors } } },
  async (request) => consultationView(ctx, await service.closeConsultation(ctx, actorOf(request), request.params.id)));
}
