import type { ModuleMigration } from '../../platform/db/migrate.js';
import { SYSTEM_ACCOUNT } from './accounts.js';

export const accountMigrations: ModuleMigration[] = [{
  name: '2026-11-30-02-accounts',
  async up(db) {
    await db.schema.createTable('accounts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.unique())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createTable('api_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_used_at', 'text')
      .addColumn('revoked_at', 'text')
      .execute();
    await db.insertInto('accounts').values({
      id: SYSTEM_ACCOUNT.id, name: SYSTEM_ACCOUNT.name, email: null, role: 'admin',
      created_at: '2026-11-30T00:00:00.000Z',
    }).execute();
  },
}];
