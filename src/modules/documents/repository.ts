// All SQL of documents: their rows and the list of files kept.
import { fromFlag, toFlag } from '../../platform/db/database.js';
import type { Executor } from '../database.js';
import type { ChangeDocument } from './documents.js';
import type { FileType } from './file-types.js';
import type { DocumentsTable } from './tables.js';

function toDocument(r: DocumentsTable): ChangeDocument {
  return {
    id: r.id, proposalId: r.proposal_id, kind: r.kind, title: r.title, versionLabel: r.version_label, publishedOn: r.published_on,
    restricted: fromFlag(r.restricted), audienceCommittee: r.audience_committee, createdAt: r.created_at,
    file: r.file_sha256 && r.file_type
      ? { sha256: r.file_sha256, type: r.file_type as FileType, size: Number(r.file_size ?? 0), originalFilename: r.original_filename }
      : null,
  };
}

/** A change's documents, oldest published first. */
export async function listDocuments(ex: Executor, proposalId: string): Promise<ChangeDocument[]> {
  const rows = await ex.selectFrom('documents').selectAll().where('proposal_id', '=', proposalId)
    .orderBy('published_on', 'asc').orderBy('created_at', 'asc').orderBy('id', 'asc').execute();
  return rows.map(toDocument);
}

export async function findDocument(ex: Executor, id: string): Promise<ChangeDocument | null> {
  const row = await ex.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toDocument(row) : null;
}

export async function insertDocument(ex: Executor, d: ChangeDocument & { file: NonNullable<ChangeDocument['file']> }): Promise<void> {
  await ex.insertInto('documents').values({
    id: d.id, proposal_id: d.proposalId, kind: d.kind, title: d.title, version_label: d.versionLabel, published_on: d.publishedOn,
    created_at: d.createdAt, file_sha256: d.file.sha256, file_type: d.file.type, file_size: d.file.size,
    original_filename: d.file.originalFilename, restricted: toFlag(d.restricted), audience_committee: d.audienceCommittee,
  }).execute();
}

/** Lists a kept file once, however many documents share its bytes. */
export async function recordFile(ex: Executor, file: { sha256: string; type: FileType; size: number }, at: string): Promise<void> {
  await ex.insertInto('document_files').values({ sha256: file.sha256, file_type: file.type, size: file.size, created_at: at })
    .onConflict((oc) => oc.column('sha256').doNothing()).execute();
}
