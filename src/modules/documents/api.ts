// JSON routes of documents: upload a file to a change (multipart), list and read the documents a
// caller may read, and download a file byte for byte.
import { Type } from 'typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { readMultipart } from '../../platform/http/multipart.js';
import { Nullable } from '../../platform/events/changes.js';
import { PUBLIC } from '../accounts/accounts.js';
import { actorOf } from '../accounts/http.js';
import type { ServiceContext } from '../context.js';
import { ErrorSchema, RefParams } from '../proposals/schemas.js';
import { getProposal } from '../proposals/service.js';
import { VERSION_LABEL_HINT, downloadFilename, kindLabel, type ChangeDocument } from './documents.js';
import { ACCEPTED_TYPES_TEXT, FILE_TYPES } from './file-types.js';
import * as service from './service.js';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 413: ErrorSchema, 415: ErrorSchema };
const bearer = [{ bearer: [] }];

export const DocumentSchema = Type.Object({
  id: Type.String(),
  reference: Type.String({ description: 'The change, as it is called today.' }),
  kind: Type.String({ description: 'A document type id of the process profile (GET /api/v1/profile: documentTypes).' }),
  kindLabel: Type.String(),
  title: Type.String(),
  versionLabel: Type.String({ examples: ['v0.1', 'v1.0'] }),
  publishedOn: Type.String({ format: 'date' }),
  restricted: Type.Boolean({ description: 'Read only by the Secretariat and the members of audienceCommittee.' }),
  audienceCommittee: Nullable(Type.String({ description: 'The committee a restricted document was written for.' })),
  fileType: Nullable(Type.String({ description: 'pdf, docx, xlsx, odt, md or txt, told from the bytes; null for a document listed before files were kept.' })),
  mediaType: Nullable(Type.String()),
  size: Nullable(Type.Integer({ description: 'Bytes.' })),
  sha256: Nullable(Type.String({ description: 'SHA-256 of the file (lower-case hex); the download\'s ETag.' })),
  filename: Nullable(Type.String({ description: 'The name a download carries, e.g. MP090-modification-report-v1.0.pdf.' })),
  downloadUrl: Nullable(Type.String()),
});

const IdParams = Type.Object({ ref: RefParams.properties.ref, id: Type.String({ maxLength: 100 }) });

export function documentPath(reference: string, id: string): string {
  return `/api/v1/proposals/${encodeURIComponent(reference)}/documents/${encodeURIComponent(id)}`;
}

export function documentView(ctx: ServiceContext, reference: string, d: ChangeDocument) {
  const path = documentPath(reference, d.id);
  return {
    id: d.id, reference, kind: d.kind, kindLabel: kindLabel(ctx.profile, d.kind), title: d.title, versionLabel: d.versionLabel,
    publishedOn: d.publishedOn, restricted: d.restricted, audienceCommittee: d.audienceCommittee,
    fileType: d.file?.type ?? null, mediaType: d.file ? FILE_TYPES[d.file.type].mediaType : null, size: d.file?.size ?? null,
    sha256: d.file?.sha256 ?? null, filename: d.file ? downloadFilename(reference, d, d.file.type) : null,
    downloadUrl: d.file ? `${ctx.publicBaseUrl}${path}/file` : null,
  };
}

export function registerDocumentApi(app: HttpServer, ctx: ServiceContext): void {
  const tags = ['documents'];

  app.post('/api/v1/proposals/:ref/documents', {
    config: { permission: 'proposals.write' },
    preValidation: readMultipart({ maxFileBytes: () => ctx.maxUploadBytes }),
    schema: {
      tags, security: bearer, consumes: ['multipart/form-data'], params: RefParams,
      summary: 'Add a document to a change: multipart/form-data with the file in `file` and the fields below',
      description: `\`file\` (required): ${ACCEPTED_TYPES_TEXT}, at most MAX_UPLOAD_MB (20 MB unless configured); its type is told from its bytes. `
        + 'Answers 201 with the document; 413 PAYLOAD_TOO_LARGE names the limit; a refused type is a field error on `file`.',
      body: Type.Object({
        kind: Type.String({ maxLength: 100, description: 'A document type id of the process profile, e.g. modification-report.' }),
        versionLabel: Type.String({ maxLength: 20, description: VERSION_LABEL_HINT }),
        title: Type.String({ maxLength: 300 }),
        restricted: Type.Optional(Type.Boolean({ description: 'true: read only by the Secretariat (and audienceCommittee\'s members). Default false.' })),
        audienceCommittee: Type.Optional(Type.String({ maxLength: 20, description: 'For a restricted document: the committee it was written for, e.g. OPSG.' })),
        publishedOn: Type.Optional(Type.String({ maxLength: 10, description: 'YYYY-MM-DD, not in the future; default today.' })),
      }, { additionalProperties: false }),
      response: { 201: DocumentSchema, ...errors },
    },
  }, async (request, reply) => {
    const { ref } = request.params;
    const body = request.body;
    const document = await service.uploadDocument(ctx, actorOf(request), ref, { ...body, file: request.uploads?.file ?? null });
    const { reference } = await getProposal(ctx, ref);
    return reply.code(201).header('Location', documentPath(reference, document.id)).send(documentView(ctx, reference, document));
  });

  app.get('/api/v1/proposals/:ref/documents', { config: { permission: 'site.read' }, schema: {
    tags, summary: 'The documents of a change that the caller may read', params: RefParams,
    response: { 200: Type.Object({ items: Type.Array(DocumentSchema) }), 404: ErrorSchema },
  } }, async (request) => {
    const proposal = await getProposal(ctx, request.params.ref);
    return { items: (await service.listReadable(ctx, request.actor ?? PUBLIC, proposal.id)).map((d) => documentView(ctx, proposal.reference, d)) };
  });

  app.get('/api/v1/proposals/:ref/documents/:id', { config: { permission: 'site.read' }, schema: {
    tags, summary: 'One document (404 to a caller who may not read it)', params: IdParams,
    response: { 200: DocumentSchema, 404: ErrorSchema },
  } }, async (request) => {
    const { reference } = await getProposal(ctx, request.params.ref);
    return documentView(ctx, reference, await service.getDocument(ctx, request.actor ?? PUBLIC, reference, request.params.id));
  });

  app.get('/api/v1/proposals/:ref/documents/:id/file', { config: { permission: 'site.read' }, schema: {
    tags, summary: 'A document\'s file, byte for byte as added (ETag: its SHA-256)', params: IdParams,
    response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'The file.' }), 304: Type.Null(), 404: ErrorSchema },
  } }, async (request, reply) => {
    const file = await service.readDocumentFile(ctx, request.actor ?? PUBLIC, request.params.ref, request.params.id);
    const etag = `"${file.sha256}"`;
    // The bytes under an id never change; a restricted file is for its reader's browser only.
    reply.header('ETag', etag).header('Cache-Control', file.document.restricted ? 'private, no-cache' : 'public, max-age=31536000, immutable');
    if (request.headers['if-none-match']?.split(',').map((t) => t.trim()).includes(etag)) return reply.code(304).send(null);
    return reply.type(file.mediaType)
      .header('Content-Disposition', `attachment; filename="${file.filename}"`)
      .header('Repr-Digest', `sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`)
      .send(file.bytes);
  });
}
