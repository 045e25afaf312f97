import type { ModuleMigration } from '../../platform/db/migrate.js';

export const directoryMigrations: ModuleMigration[] = [{
  name: '2026-11-30-01-directory',
  async up(db) {
    await db.schema.createTable('organisations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('party_category', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createTable('people')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('organisation_id', 'text', (c) => c.references('organisations.id'))
      .addColumn('is_analyst', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('people_name_organisation').on('people').columns(['name', 'organisation_id']).execute();
  },
}];
