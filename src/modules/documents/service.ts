// Use cases of documents: files kept against a change, each with its kind, version and audience.
//
// The service other modules call (consultations, Change Board votes, Authority decisions attach the
// files they generate). Each runs in the caller's transaction when there is one (inTransaction):
//
//   storeDocument(ctx, actor, ref, { kind, versionLabel, title, restricted, audienceCommittee?,
//                                     filename, bytes, publishedOn?, mediaType? }) → ChangeDocument
//     Attaches a file to the change `ref` (DP090 or MP090 alike). `kind` is a document type id of
//     the profile; `versionLabel` is v0.1 … v1.0; a restricted document is read only by the
//     Secretariat and, when `audienceCommittee` names one, that committee's members. The type is
//     told from the bytes (PDF, .docx, .xlsx, .odt, Markdown, plain text; `filename` and
//     `mediaType` only tell Markdown from plain text). The file is kept once by its SHA-256 before
//     the row and its `document.added` event are written, in one transaction. `publishedOn`
//     defaults to today (Europe/London). Refused with VALIDATION_FAILED naming each field at fault;
//     nothing is written then. No size limit: the upload limit is the uploader's (uploadDocument).
//
//   listDocumentsFor(ctx, viewer, ref) → ChangeDocument[]   the change's documents the viewer may read
//   listReadable(ctx, viewer, proposalId)                   the same, by the change's id (page sections)
//   getDocument(ctx, viewer, ref, id) → ChangeDocument      NOT_FOUND unless the viewer may read it
//   readDocumentFile(ctx, viewer, ref, id) → { document, bytes, sha256, filename, mediaType }
//   mayReadDocument(viewer, document) → boolean             the same rule, for a document in hand
//
// The event's subject is the document (its change is the event's proposal, so the change's timeline
// shows it); its audience is the document's: public, `committee` (with the committee) or `secretariat`.
//
// uploadDocument is the upload of the API and the change page: loose fields and a received file,
// refused with PAYLOAD_TOO_LARGE over ctx.maxUploadBytes, then storeDocument.
import path from 'node:path';
import type { Actor } from '../accounts/accounts.js';
import { mayRead } from '../accounts/permissions.js';
import { executor, inTransaction, newId, record, type ServiceContext } from '../context.js';
import { findProposal } from '../proposals/service.js';
import { parseBusinessDate } from '../proposals/validation.js';
import { DomainError, notFound, validationError } from '../../platform/errors.js';
import { Checker, type Loose } from '../../platform/validation.js';
import { formatDate } from '../../process/dates.js';
import {
  VERSION_LABEL, VERSION_LABEL_HINT, documentAudience, downloadFilename, kindLabel, sizeText, type ChangeDocument,
} from './documents.js';
import { ACCEPTED_TYPES_TEXT, FILE_TYPES, sniffFileType, type FileType } from './file-types.js';
import * as repo from './repository.js';

export interface StoreDocumentInput {
  kind: string;
  versionLabel: string;
  title: string;
  restricted: boolean;
  audienceCommittee?: string | null;
  /** The file's name, for information and to tell Markdown from plain text; never a path. */
  filename: string;
  bytes: Buffer;
  publishedOn?: string;
  /** The declared media type, only to tell Markdown from plain text. */
  mediaType?: string;
}

/** A file as an upload delivered it: `truncated` when it went past the limit. */
export interface ReceivedFile {
  filename: string;
  mediaType: string;
  bytes: Buffer;
  truncated: boolean;
}

export interface UploadInput {
  kind?: Loose;
  versionLabel?: Loose;
  title?: Loose;
  restricted?: Loose;
  audienceCommittee?: Loose;
  publishedOn?: Loose;
  file?: ReceivedFile | null;
}

interface ParsedDocument {
  kind: string;
  versionLabel: string;
  title: string;
  restricted: boolean;
  audienceCommittee: string | null;
  publishedOn: string;
  filename: string;
  type: FileType;
  bytes: Buffer;
}

/** Only the last part of a name, without control characters: what the uploader called it, never a path. */
// eslint-disable-next-line no-control-regex
const displayName = (name: string) => path.win32.basename(path.posix.basename(name)).replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 255);

function parseDocument(
  ctx: ServiceContext,
  raw: Omit<UploadInput, 'file'> & { file?: { filename: string; mediaType?: string; bytes: Buffer } | null },
): ParsedDocument {
  const c = new Checker();
  const kind = c.oneOf('kind', raw.kind, ctx.profile.documentTypes.map((t) => t.id), { required: true });
  const versionLabel = c.text('versionLabel', raw.versionLabel, { required: true, max: 20 });
  if (versionLabel && !VERSION_LABEL.test(versionLabel)) c.fail('versionLabel', `must be written like ${VERSION_LABEL_HINT}.`);
  const title = c.text('title', raw.title, { required: true, max: 300 });
  const restricted = c.flag('restricted', raw.restricted) ?? false;
  const committee = c.text('audienceCommittee', raw.audienceCommittee, { max: 20 }) || null;
  if (committee && !ctx.profile.committees.some((x) => x.code === committee)) {
    c.fail('audienceCommittee', `is not a committee: ${ctx.profile.committees.map((x) => x.code).join(', ')}.`);
  } else if (committee && !restricted) {
    c.fail('audienceCommittee', 'is only for a restricted document: mark it restricted, or choose no committee.');
  }
  const publishedOn = parseBusinessDate(Array.isArray(raw.publishedOn) ? raw.publishedOn[0] : raw.publishedOn, ctx.clock());
  if (typeof publishedOn !== 'string') c.fail('publishedOn', publishedOn.message);
  const file = raw.file;
  let type: FileType | null = null;
  if (!file || (file.bytes.length === 0 && !file.filename)) {
    c.fail('file', 'is required: choose a file to upload.');
  } else if (file.bytes.length === 0) {
    c.fail('file', `"${displayName(file.filename)}" is empty.`);
  } else {
    type = sniffFileType(file.bytes, { filename: file.filename, mediaType: file.mediaType });
    if (!type) c.fail('file', `is not a type of file kept here. Accepted: ${ACCEPTED_TYPES_TEXT}; its contents are checked, not its name.`);
  }
  c.done();
  return {
    kind: kind!, versionLabel: versionLabel!, title: title!, restricted, audienceCommittee: committee, publishedOn: publishedOn as string,
    filename: displayName(file!.filename), type: type!, bytes: file!.bytes,
  };
}

/** Attaches a file to a change (see the top of this file). */
export async function storeDocument(ctx: ServiceContext, actor: Actor, ref: string, input: StoreDocumentInput): Promise<ChangeDocument> {
  return store(ctx, actor, ref, parseDocument(ctx, { ...input, file: { filename: input.filename, mediaType: input.mediaType, bytes: input.bytes } }));
}

async function store(ctx: ServiceContext, actor: Actor, ref: string, parsed: ParsedDocument): Promise<ChangeDocument> {
  return inTransaction(ctx, async (trx, tx) => {
    const proposal = await findProposal(tx, trx, ref);
    if (parsed.publishedOn < proposal.raisedOn) {
      throw validationError([{ field: 'publishedOn', message: `cannot be before the change was raised (${formatDate(proposal.raisedOn)}).` }]);
    }
    const at = ctx.clock().toISOString();
    // The file first, under its hash: the row below never names a file that is not there.
    const sha256 = await ctx.files.put(parsed.bytes, trx);
    await repo.recordFile(trx, { sha256, type: parsed.type, size: parsed.bytes.length }, at);
    const document = {
      id: newId(), proposalId: proposal.id, kind: parsed.kind, title: parsed.title, versionLabel: parsed.versionLabel,
      publishedOn: parsed.publishedOn, restricted: parsed.restricted, audienceCommittee: parsed.audienceCommittee, createdAt: at,
      file: { sha256, type: parsed.type, size: parsed.bytes.length, originalFilename: parsed.filename },
    };
    await repo.insertDocument(trx, document);
    await record(tx, {
      type: 'document.added', subject: { id: document.id, ref: `${proposal.reference} ${document.kind} ${document.versionLabel}` },
      proposalId: proposal.id, actor, businessDate: document.publishedOn,
      label: `${kindLabel(ctx.profile, document.kind)} ${document.versionLabel} added: ${document.title}${document.restricted ? ' (restricted)' : ''}`,
      payload: {
        reference: proposal.reference, documentId: document.id, kind: document.kind, title: document.title, versionLabel: document.versionLabel,
        publishedOn: document.publishedOn, fileType: parsed.type, size: document.file.size, sha256, restricted: document.restricted,
        audienceCommittee: document.audienceCommittee,
      },
    });
    return document;
  });
}

/** The upload of the API and the change page: the received file within the limit, then storeDocument. */
export async function uploadDocument(ctx: ServiceContext, actor: Actor, ref: string, raw: UploadInput): Promise<ChangeDocument> {
  if (raw.file?.truncated) {
    const limit = sizeText(ctx.maxUploadBytes);
    throw new DomainError('PAYLOAD_TOO_LARGE', `The file is larger than the limit of ${limit}; nothing was saved.`,
      { fields: [{ field: 'file', message: `is larger than the limit of ${limit}.` }], limitBytes: ctx.maxUploadBytes });
  }
  return store(ctx, actor, ref, parseDocument(ctx, raw));
}

export function mayReadDocument(viewer: Actor, document: Pick<ChangeDocument, 'restricted' | 'audienceCommittee'>): boolean {
  return mayRead(viewer, { audience: documentAudience(document), organisationId: null, committeeCode: document.audienceCommittee });
}

/** The change's documents the viewer may read, oldest published first. */
export async function listDocumentsFor(ctx: ServiceContext, viewer: Actor, ref: string): Promise<ChangeDocument[]> {
  const ex = executor(ctx);
  const proposal = await findProposal(ctx, ex, ref);
  return listReadable(ctx, viewer, proposal.id);
}

/** The documents of a change (by its id) the viewer may read. */
export async function listReadable(ctx: ServiceContext, viewer: Actor, proposalId: string): Promise<ChangeDocument[]> {
  return (await repo.listDocuments(executor(ctx), proposalId)).filter((d) => mayReadDocument(viewer, d));
}

/** One document of the change; to a viewer who may not read it, it does not exist. */
export async function getDocument(ctx: ServiceContext, viewer: Actor, ref: string, id: string): Promise<ChangeDocument> {
  return (await readable(ctx, viewer, ref, id)).document;
}

async function readable(ctx: ServiceContext, viewer: Actor, ref: string, id: string) {
  const ex = executor(ctx);
  const proposal = await findProposal(ctx, ex, ref);
  const document = await repo.findDocument(ex, id);
  if (!document || document.proposalId !== proposal.id || !mayReadDocument(viewer, document)) throw notFound(`Document ${id} of ${proposal.reference}`);
  return { proposal, document };
}

/** A document's file, byte for byte as it was added, with the name and type a download carries. */
export async function readDocumentFile(ctx: ServiceContext, viewer: Actor, ref: string, id: string) {
  const { proposal, document } = await readable(ctx, viewer, ref, id);
  if (!document.file) throw notFound(`The file of document ${id} (it was listed before files were kept)`);
  const bytes = await ctx.files.get(document.file.sha256);
  if (!bytes) throw new Error(`The file ${document.file.sha256} of document ${id} is missing from the file store.`);
  return {
    document, bytes, sha256: document.file.sha256, mediaType: FILE_TYPES[document.file.type].mediaType,
    filename: downloadFilename(proposal.reference, document, document.file.type),
  };
}
