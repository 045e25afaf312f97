// Accounts, roles, sign-in (passwords and single sign-on), tokens, password reset and invitations,
// administration pages and the audit log.
import { defineModule } from '../manifest.js';
import { accountEvents } from './events.js';
import { accountMigrations } from './migrations.js';
import type { ResetTables } from './password-reset.js';
import type { AccountTables } from './tables.js';

export const accountsModule = defineModule<AccountTables & ResetTables>({
  name: 'accounts',
  web: async () => (await import('./web.js')).accountsWeb,
  migrations: accountMigrations,
  events: accountEvents,
  exportTables: [
    // Secrets never leave in an export: imported users reset their password.
    { name: 'accounts', orderBy: ['id'], omit: ['password_hash'] },
    { name: 'account_committees', orderBy: ['account_id', 'committee_code'], key: (r) => `${String(r.account_id)}/${String(r.committee_code)}` },
  ],
  privateTables: {
    api_tokens: 'Credentials (hashes of API tokens): made again on the new system.',
    sessions: 'Who is signed in now.',
    sign_in_attempts: 'Throttling of sign-ins: short-lived.',
    audit_log: 'The security record of this installation.',
    oidc_logins: 'Single sign-on in progress: minutes long.',
    password_resets: 'Single-use links (hashes): short-lived.',
    password_reset_requests: 'Rate limits of reset requests: short-lived.',
    credential_epoch: 'Tells app instances to look up kept credentials again: local to this installation.',
  },
});
