// Event types of documents. `document.added` is a file kept against a change; its audience is the
// document's own (a restricted one is read by the Secretariat and the committee it was written for),
// so the change feed and the timeline hide it from everyone else. `document.published` is what a
// document was before files were kept: a row without a file; such events stay in the stream.
import { Type } from 'typebox';
import { defineEvents, type PayloadsOf } from '../../platform/events/catalog.js';
import { Nullable } from '../../platform/events/changes.js';
import { documentAudience } from './documents.js';

const Reference = Type.String({ description: 'The change\'s reference when it happened, e.g. MP090.' });

export const documentEvents = defineEvents({
  'document.added': {
    // The document is the subject (the change is the event's proposal, so its timeline shows it):
    // numbering within the change would leave gaps where a restricted document is hidden.
    subject: 'document',
    audience: (p: { restricted: boolean; audienceCommittee: string | null }) => documentAudience(p),
    committee: (p: { audienceCommittee: string | null }) => p.audienceCommittee,
    description: 'A document (its file kept by SHA-256) was added to a change. A restricted one is read only by the Secretariat and the members of the committee it was written for.',
    payload: Type.Object({
      reference: Reference,
      documentId: Type.String(),
      kind: Type.String({ description: 'A document type id of the process profile, e.g. "modification-report".' }),
      title: Type.String(),
      versionLabel: Type.String({ description: 'e.g. "v1.0"' }),
      publishedOn: Type.String({ description: 'The day it was published (YYYY-MM-DD).' }),
      fileType: Type.String({ description: 'pdf, docx, xlsx, odt, md or txt: told from the bytes.' }),
      size: Type.Integer({ description: 'Bytes.' }),
      sha256: Type.String({ description: 'SHA-256 of the file, lower-case hex.' }),
      restricted: Type.Boolean(),
      audienceCommittee: Nullable(Type.String({ description: 'The committee a restricted document was written for.' })),
    }),
  },
  'document.published': {
    subject: 'proposal', audience: 'public', retired: 'Documents are added with their file since 2026-12: document.added.',
    description: 'A document was listed against the change, before files were kept (documents are now added with their file: document.added).',
    payload: Type.Object({
      reference: Reference, documentId: Type.String(), kind: Type.String(), title: Type.String(), versionLabel: Type.String(), publishedOn: Type.String(),
    }),
  },
});

declare module '../../platform/events/catalog.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface EventPayloads extends PayloadsOf<typeof documentEvents> {}
}
