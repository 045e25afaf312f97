import type { ModuleMigration } from '../../platform/db/migrate.js';
import { isSealed, seal } from '../../platform/crypto/secret-box.js';

export const webhookMigrations: ModuleMigration[] = [{
  name: '2026-12-04-01-webhooks',
  async up(db) {
    await db.schema.createTable('webhook_endpoints')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('event_types', 'text', (c) => c.notNull())
      .addColumn('secret', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('from_position', 'integer', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createTable('webhook_deliveries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('endpoint_id', 'text', (c) => c.notNull())
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('event_position', 'integer', (c) => c.notNull())
      .addColumn('event_type', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('claimed_by', 'text')
      .addColumn('claimed_until', 'text')
      .addColumn('last_status_code', 'integer')
      .addColumn('last_error', 'text')
      .addColumn('delivered_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('webhook_deliveries_once', ['endpoint_id', 'event_id'])
      .execute();
    await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute();
    await db.schema.createTable('webhook_attempts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('delivery_id', 'text', (c) => c.notNull())
      .addColumn('endpoint_id', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .addColumn('status_code', 'integer')
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('response_excerpt', 'text')
      .addColumn('error', 'text')
      .execute();
    await db.schema.createIndex('webhook_attempts_delivery').on('webhook_attempts').columns(['delivery_id', 'started_at']).execute();
    await db.schema.createIndex('webhook_attempts_endpoint').on('webhook_attempts').columns(['endpoint_id', 'started_at']).execute();
  },
}, {
  // Secrets sealed at rest (AES-256-GCM under the installation's key), and the one a rotation
  // replaced, still signing beside the new one until its grace period ends.
  name: '2026-12-05-01-webhook-secrets-sealed',
  async up(db, _dialect, _profile, secrets) {
    await db.schema.alterTable('webhook_endpoints').addColumn('previous_secret', 'text').execute();
    await db.schema.alterTable('webhook_endpoints').addColumn('previous_secret_until', 'text').execute();
    const rows = await db.selectFrom('webhook_endpoints').select(['id', 'secret']).where('secret', 'is not', null).execute() as { id: string; secret: string }[];
    const plain = rows.filter((r) => !isSealed(r.secret));
    if (!plain.length) return;
    if (!secrets.key) throw new Error('Sealing the webhook secrets needs the secret key (SECRETARIAT_SECRET_KEY or its key file).');
    for (const r of plain) await db.updateTable('webhook_endpoints').set({ secret: seal(secrets.key, r.secret) }).where('id', '=', r.id).execute();
  },
}];
