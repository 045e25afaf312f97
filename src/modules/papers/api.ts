// JSON routes of papers: preview in any format, edit the standing text, issue (freeze), and
// download a frozen file byte for byte.
import { Type } from 'typebox';
import { MAX_DB_INTEGER } from '../../platform/validation.js';
import type { HttpServer } from '../../platform/http/server.js';
import { actorOf } from '../accounts/http.js';
import type { ServiceContext } from '../context.js';
import { parseIfMatch } from '../../platform/http/conditional.js';
import { ErrorSchema, RefParams } from '../proposals/schemas.js';
import { PAPER_FORMATS, dispositionOf } from './formats.js';
import { paperCsp } from './published.js';
import * as service from './service.js';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 412: ErrorSchema };
const bearer = [{ bearer: [] }];
const DateString = Type.String({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const PaperKey = { committee: Type.String({ maxLength: 20, examples: ['OPSG'] }), date: DateString };

const FileSchema = Type.Object({ format: Type.String(), filename: Type.String(), mediaType: Type.String(), sha256: Type.String(), size: Type.Integer() });
const VersionSchema = Type.Object({
  number: Type.Integer(), issuedAt: Type.String(), issuedBy: Type.String(),
  changes: Type.Array(Type.Object({
    kind: Type.String({ enum: ['added', 'removed'] }), line: Type.String(),
    change: Type.Union([Type.String(), Type.Null()], { description: 'The change the line belongs to (its reference on the paper); null for the paper\'s own text.' }),
  }), { description: 'Markdown lines changed since the previous version.' }),
  files: Type.Array(FileSchema),
});
const PaperSchema = Type.Object({
  id: Type.String(), committee: Type.String(), date: Type.String(), author: Type.String(), team: Type.String(), version: Type.Integer(),
  versions: Type.Array(VersionSchema),
});

/** A file's bytes (or a document's text), sent as they are. */
const FileBody = (description: string) => Type.Unsafe<Buffer | string>({ type: 'string', format: 'binary', description });

export function registerPaperApi(app: HttpServer, ctx: ServiceContext): void {
  const tags = ['papers'];

  app.get('/api/v1/papers/preview', { config: { permission: 'papers.preview' }, schema: { tags, summary: 'The paper as it would be issued now (not frozen)',
    querystring: Type.Object({ ...PaperKey, format: Type.Optional(Type.String({ enum: [...PAPER_FORMATS], default: 'html' })) }, { additionalProperties: false }),
    response: { 200: FileBody('The document in the requested format.'), 400: ErrorSchema, 404: ErrorSchema } } },
  async (request, reply) => {
    const preview = await service.previewPaper(ctx, request.query);
    if (preview.format === 'html') reply.header('Content-Security-Policy', paperCsp(reply, preview.body));
    return reply.type(preview.mediaType).header('Content-Disposition', dispositionOf(preview.format, preview.filename)).send(preview.body);
  });

  app.get('/api/v1/papers', { config: { permission: 'site.read' }, schema: { tags, summary: 'Papers with a draft or an issued version',
    response: { 200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), committee: Type.String(), date: Type.String(), author: Type.String() })) }) } } },
  async () => ({ items: await service.listPapers(ctx) }));

  app.put('/api/v1/papers/text', { config: { permission: 'papers.write' }, schema: { tags, summary: 'Edit the purpose, recommendation, author and team before issuing', security: bearer,
    body: Type.Object({ ...PaperKey, author: Type.Optional(Type.String({ maxLength: 200 })), team: Type.Optional(Type.String({ maxLength: 200 })),
      purpose: Type.Optional(Type.String({ maxLength: 10000, description: 'Paragraphs separated by a blank line; empty for the standard text.' })),
      recommendation: Type.Optional(Type.String({ maxLength: 5000 })) }, { additionalProperties: false }),
    headers: Type.Object({ 'if-match': Type.Optional(Type.String({ description: 'Optional: the paper\'s version (from GET /api/v1/papers/{id} or the last PUT); refuse if the text changed since.' })) }),
    response: { 200: Type.Object({ id: Type.String(), version: Type.Integer() }), ...errors } } },
  async (request, reply) => {
    const body = request.body;
    const draft = await service.saveDraftText(ctx, actorOf(request), { ...body, expectedVersion: parseIfMatch(request.headers['if-match'], false) });
    reply.header('ETag', `"${Number(draft.version)}"`);
    return { id: draft.id, version: Number(draft.version) };
  });

  app.put('/api/v1/papers/impacts', { config: { permission: 'papers.write' }, schema: { tags,
    summary: "The anticipated impacts of all the changes a paper presents, saved together (changes left out keep theirs)", security: bearer,
    body: Type.Object({ ...PaperKey,
      impacts: Type.Array(Type.Object({
        reference: Type.String({ maxLength: 20, description: 'The reference the paper prints, e.g. DP094.' }),
        text: Type.String({ maxLength: 5000, description: "Empty, or the committee's standard sentence, for none written." }),
      }, { additionalProperties: false }), { maxItems: 500 }) }, { additionalProperties: false }),
    headers: Type.Object({ 'if-match': Type.Optional(Type.String({ description: 'Optional: the paper\'s version (from GET /api/v1/papers/{id} or the last PUT); refuse if the paper changed since.' })) }),
    response: { 200: Type.Object({ id: Type.String(), version: Type.Integer() }), ...errors } } },
  async (request, reply) => {
    const draft = await service.saveAllAnticipatedImpacts(ctx, actorOf(request), { ...request.body, expectedVersion: parseIfMatch(request.headers['if-match'], false) });
    reply.header('ETag', `"${Number(draft.version)}"`);
    return { id: draft.id, version: Number(draft.version) };
  });

  app.put('/api/v1/proposals/:ref/anticipated-impacts', { config: { permission: 'papers.write' }, schema: { tags,
    summary: "The Secretariat's anticipated impacts of a change in a committee's area, shown in that committee's papers", security: bearer, params: RefParams,
    body: Type.Object({ committee: Type.String({ maxLength: 20 }), text: Type.String({ maxLength: 5000, description: 'Empty to fall back to the standard sentence.' }) }, { additionalProperties: false }),
    response: { 204: Type.Null(), ...errors } } },
  async (request, reply) => {
    await service.saveAnticipatedImpacts(ctx, actorOf(request), request.params.ref, request.body);
    return reply.code(204).send(null);
  });

  app.post('/api/v1/papers', { config: { permission: 'papers.write' }, schema: { tags, summary: 'Issue the paper: freeze every format; again for the next version', security: bearer,
    body: Type.Object(PaperKey, { additionalProperties: false }),
    response: { 201: Type.Object({ id: Type.String(), version: VersionSchema }), ...errors } } },
  async (request, reply) => {
    const issued = await service.issuePaper(ctx, actorOf(request), request.body);
    reply.header('Location', `/api/v1/papers/${issued.paperId}`);
    return reply.code(201).send({ id: issued.paperId, version: issued.version });
  });

  app.get('/api/v1/papers/:id', { config: { permission: 'site.read' }, schema: { tags, summary: 'A paper and its issued versions', params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
    response: { 200: PaperSchema, 404: ErrorSchema } } },
  async (request) => {
    const paper = await service.getPaper(ctx, request.params.id);
    // Files in the same order as when issued (md, html, docx, pdf), not the database's.
    return paper;
  });

  app.get('/api/v1/papers/:id/versions/:n/:format', { config: { permission: 'site.read' }, schema: { tags, summary: 'A frozen file, byte for byte as issued',
    params: Type.Object({ id: Type.String({ maxLength: 100 }), n: Type.Integer({ minimum: 1, maximum: MAX_DB_INTEGER }), format: Type.String({ enum: [...PAPER_FORMATS] }) }),
    response: { 200: FileBody('The file.'), 400: ErrorSchema, 404: ErrorSchema } } },
  async (request, reply) => {
    const { id, n, format } = request.params;
    const file = await service.downloadIssued(ctx, id, n, format);
    // The frozen HTML keeps its own style sheet: the policy allows exactly that one, by its hash.
    if (file.format === 'html') reply.header('Content-Security-Policy', paperCsp(reply, file.bytes));
    return reply.type(file.mediaType)
      .header('Content-Disposition', dispositionOf(file.format, file.filename))
      .header('ETag', `"${file.sha256}"`)
      .header('Repr-Digest', `sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`)
      .header('Cache-Control', 'public, max-age=31536000, immutable')
      .send(file.bytes);
  });
}
