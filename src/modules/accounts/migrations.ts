import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { ModuleMigration } from '../../platform/db/migrate.js';
import { SYSTEM_ACCOUNT } from './accounts.js';

/**
 * What can take a right away: a token revoked or deleted, a session ended, an account's status,
 * role, organisation or committees. A token or session made also moves the epoch: a database
 * restored from a backup under a running instance then never holds the epoch that instance kept a
 * credential made since the backup with.
 */
const EPOCH_TRIGGERS = [
  ['api_tokens_epoch_insert', 'INSERT ON api_tokens'],
  ['sessions_epoch_insert', 'INSERT ON sessions'],
  ['api_tokens_epoch_update', 'UPDATE OF revoked_at, account_id, scope, token_hash ON api_tokens'],
  ['api_tokens_epoch_delete', 'DELETE ON api_tokens'],
  ['sessions_epoch_update', 'UPDATE OF ended_at, expires_at, account_id ON sessions'],
  ['sessions_epoch_delete', 'DELETE ON sessions'],
  ['accounts_epoch_update', 'UPDATE OF status, role, organisation_id, name ON accounts'],
  ['accounts_epoch_delete', 'DELETE ON accounts'],
  ['account_committees_epoch_insert', 'INSERT ON account_committees'],
  ['account_committees_epoch_delete', 'DELETE ON account_committees'],
  ['account_committees_epoch_update', 'UPDATE ON account_committees'],
] as const;

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
}, {
  name: '2026-11-30-08-sign-in',
  async up(db) {
    await db.schema.alterTable('accounts').addColumn('password_hash', 'text').execute();
    await db.schema.alterTable('accounts').addColumn('organisation_id', 'text', (c) => c.references('organisations.id')).execute();
    await db.schema.alterTable('accounts').addColumn('status', 'text', (c) => c.notNull().defaultTo('active')).execute();
    await db.schema.alterTable('accounts').addColumn('last_sign_in_at', 'text').execute();
    await db.schema.createTable('account_committees')
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('committee_code', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('account_committees_pk', ['account_id', 'committee_code'])
      .execute();
    await db.schema.createTable('sessions')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_seen_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('ended_at', 'text')
      .execute();
    await db.schema.createIndex('sessions_account').on('sessions').column('account_id').execute();
    await db.schema.createTable('sign_in_attempts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('ip', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('success', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sign_in_attempts_email_at').on('sign_in_attempts').columns(['email', 'at']).execute();
    await db.schema.createIndex('sign_in_attempts_ip_at').on('sign_in_attempts').columns(['ip', 'at']).execute();
    await db.schema.createTable('audit_log')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text')
      .addColumn('actor_id', 'text')
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('ip', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
  },
}, {
  name: '2026-11-30-12-oidc',
  async up(db) {
    // Single sign-on flows in progress: whichever app instance gets the provider's answer finishes it.
    await db.schema.createTable('oidc_logins')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('verifier', 'text', (c) => c.notNull())
      .addColumn('nonce', 'text', (c) => c.notNull())
      .addColumn('next', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .execute();
    await db.schema.createIndex('oidc_logins_created_at').on('oidc_logins').column('created_at').execute();
  },
}, {
  name: '2026-11-30-10-password-reset',
  async up(db) {
    // Single-use links to set a password (reset or invitation), stored as the token's SHA-256.
    await db.schema.createTable('password_resets')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .execute();
    await db.schema.createIndex('password_resets_account').on('password_resets').column('account_id').execute();
    // Every reset request, known email or not, for the per-email and per-address limits.
    await db.schema.createTable('password_reset_requests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('ip', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('password_reset_requests_email_at').on('password_reset_requests').columns(['email', 'at']).execute();
    await db.schema.createIndex('password_reset_requests_ip_at').on('password_reset_requests').columns(['ip', 'at']).execute();
  },
}, {
  name: '2026-12-09-01-credential-epoch',
  async up(db, dialect) {
    // One row whose value changes with every write that can take a right away: instances keep who a
    // token or session stands for only while it holds the value they read (credential-cache.ts).
    // Triggers change it, so every writer does (the server, the CLI, an import, SQL typed by hand),
    // in the writer's own transaction: seen exactly when the write is.
    await db.schema.createTable('credential_epoch')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('epoch', 'text', (c) => c.notNull())
      .execute();
    await db.insertInto('credential_epoch').values({ id: 1, epoch: randomUUID() }).execute();
    if (dialect === 'postgres') {
      await sql.raw(`CREATE FUNCTION credential_epoch_bump() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN UPDATE credential_epoch SET epoch = gen_random_uuid()::text WHERE id = 1; RETURN NULL; END $$`).execute(db);
    }
    for (const [name, when] of EPOCH_TRIGGERS) {
      if (dialect === 'sqlite') {
        await sql.raw(`CREATE TRIGGER ${name} AFTER ${when} FOR EACH ROW BEGIN
          UPDATE credential_epoch SET epoch = lower(hex(randomblob(16))) WHERE id = 1; END`).execute(db);
      } else {
        await sql.raw(`CREATE TRIGGER ${name} AFTER ${when} FOR EACH STATEMENT EXECUTE FUNCTION credential_epoch_bump()`).execute(db);
      }
    }
  },
}];
