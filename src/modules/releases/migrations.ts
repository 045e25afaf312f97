import type { ModuleMigration } from '../../platform/db/migrate.js';
import { linkFreeTextTargets } from './free-text-targets.js';

export const releaseMigrations: ModuleMigration[] = [{
  // After the register's 2026-12-03-01, which adds proposals.target_release_id.
  name: '2026-12-03-02-releases',
  async up(db, dialect, profile) {
    await db.schema.createTable('releases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_key', 'text', (c) => c.notNull().unique())
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('implemented_on', 'text')
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('releases_date').on('releases').column('date').execute();
    await linkFreeTextTargets(db, dialect, profile);
  },
}];
