import type { ModuleMigration } from '../../platform/db/migrate.js';
import { fileStoreMigrations } from '../../platform/files/migrations.js';
import { currentVersionLabel } from './documents.js';

/**
 * A `documents` row of an export made before documents kept files (format version 2): the columns
 * added since, as the migration above gives them, and the version written as the register writes it.
 */
export function upgradeDocumentRow(row: Record<string, unknown>, version: number): Record<string, unknown> {
  if (version >= 3) return row;
  return {
    file_sha256: null, file_type: null, file_size: null, original_filename: '', restricted: 0, audience_committee: null,
    ...row, version_label: currentVersionLabel(typeof row.version_label === 'string' ? row.version_label : ''),
  };
}

export const documentMigrations: ModuleMigration[] = [{
  // The table was first made by the register's own migration (2026-11-30-03-proposals), when a
  // document was only a row. Its making moved here with the table: a database made since finds it
  // here, in the same place in the order; one made before already has it.
  name: '2026-11-30-03-proposals-documents',
  async up(db) {
    await db.schema.createTable('documents').ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('version_label', 'text', (c) => c.notNull())
      .addColumn('published_on', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('documents_proposal').ifNotExists().on('documents').column('proposal_id').execute();
  },
},
...fileStoreMigrations,
{
  name: '2026-12-03-03-documents-files',
  async up(db) {
    // Documents listed before files were kept stay, without a file, public, and with their version
    // written as the register writes it now (v1.0).
    await db.schema.alterTable('documents').addColumn('file_sha256', 'text').execute();
    await db.schema.alterTable('documents').addColumn('file_type', 'text').execute();
    await db.schema.alterTable('documents').addColumn('file_size', 'integer').execute();
    await db.schema.alterTable('documents').addColumn('original_filename', 'text', (c) => c.notNull().defaultTo('')).execute();
    await db.schema.alterTable('documents').addColumn('restricted', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('documents').addColumn('audience_committee', 'text').execute();
    const rows = await db.selectFrom('documents').select(['id', 'version_label']).execute() as { id: string; version_label: string }[];
    for (const row of rows) {
      const label = currentVersionLabel(row.version_label);
      if (label !== row.version_label) await db.updateTable('documents').set({ version_label: label }).where('id', '=', row.id).execute();
    }
    await db.schema.createTable('document_files')
      .addColumn('sha256', 'text', (c) => c.primaryKey())
      .addColumn('file_type', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  },
}];
