import type { ModuleMigration } from '../../platform/db/migrate.js';

export const notificationMigrations: ModuleMigration[] = [{
  name: '2026-12-06-01-notifications',
  async up(db) {
    await db.schema.createTable('watches')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('delivery', 'text', (c) => c.notNull())
      .addColumn('since_position', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('watches_one_per_target', ['account_id', 'kind', 'target'])
      .execute();
    await db.schema.createIndex('watches_target').on('watches').columns(['kind', 'target']).execute();
    await db.schema.createTable('watch_deliveries')
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('event_position', 'integer', (c) => c.notNull())
      .addColumn('watch_id', 'text', (c) => c.notNull())
      .addColumn('delivery', 'text', (c) => c.notNull())
      .addColumn('mail_id', 'text')
      .addColumn('digest_day', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('watch_deliveries_pk', ['account_id', 'event_position'])
      .execute();
    await db.schema.createIndex('watch_deliveries_waiting').on('watch_deliveries').columns(['delivery', 'digest_day']).execute();
    await db.schema.createTable('unsubscribe_tokens')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('watch_id', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createTable('digest_runs')
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('digest_runs_pk', ['account_id', 'day'])
      .execute();
  },
}];
