// Documents: files kept against a change (by SHA-256, beside the SQLite file or in PostgreSQL),
// each with its kind, version and audience; the change page's "Documents"; the upload form and API.
import { defineModule } from '../manifest.js';
import { documentEvents } from './events.js';
import { documentMigrations, upgradeDocumentRow } from './migrations.js';
import type { DocumentTables } from './tables.js';

export const documentsModule = defineModule<DocumentTables>({
  name: 'documents',
  web: async () => (await import('./web.js')).documentsWeb,
  migrations: documentMigrations,
  events: documentEvents,
  exportTables: [
    // Each kept file once, its bytes carried in the export (base64) and put back into the file store on import.
    { name: 'document_files', orderBy: ['sha256'], key: (r) => String(r.sha256), files: { hashColumn: 'sha256', contentColumn: 'content' } },
    { name: 'documents', orderBy: ['proposal_id', 'published_on', 'id'], upgrade: upgradeDocumentRow },
  ],
  privateTables: {
    file_blobs: 'The bytes of kept files on PostgreSQL (beside a SQLite file they are files on disk); an export carries them with document_files.',
  },
});
