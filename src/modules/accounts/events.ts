// Event types of accounts and organisations: read by administrators only. Signing in and out, and
// failed attempts, stay in the audit log (a security record, not a change to the register).
import { Type } from 'typebox';
import { defineEvents, type PayloadsOf } from '../../platform/events/catalog.js';
import { FieldChangesSchema, Nullable } from '../../platform/events/changes.js';
import { ROLES } from './accounts.js';

const Role = Type.Enum(ROLES);
const AccountId = Type.String();
const Email = Type.String();

export const ACCOUNT_FIELD_LABELS: Record<string, string> = {
  role: 'Role', organisation: 'Organisation', committees: 'Committees', name: 'Name', partyCategory: 'Party category',
};

export const accountEvents = defineEvents({
  'account.added': {
    subject: 'account', audience: 'administrators',
    description: 'A user account was added (with a password, or invited to choose one).',
    payload: Type.Object({
      accountId: AccountId, email: Email, name: Type.String(), role: Role, organisation: Nullable(Type.String()),
      committees: Type.Array(Type.String()), invited: Type.Boolean(),
    }),
  },
  'account.changed': {
    subject: 'account', audience: 'administrators', fieldLabels: ACCOUNT_FIELD_LABELS,
    description: 'A user\'s role, organisation or committees changed.',
    payload: Type.Object({ accountId: AccountId, email: Email, changes: FieldChangesSchema }),
  },
  'account.status-changed': {
    subject: 'account', audience: 'administrators',
    description: 'A user was disabled (ending their sessions) or enabled again.',
    payload: Type.Object({ accountId: AccountId, email: Email, status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]), sessionsEnded: Type.Integer() }),
  },
  'account.password-set': {
    subject: 'account', audience: 'administrators',
    description: 'A user set a new password through a reset or invitation link (ending every session).',
    payload: Type.Object({ accountId: AccountId, email: Email, via: Type.Union([Type.Literal('reset'), Type.Literal('invitation')]), sessionsEnded: Type.Integer() }),
  },
  'organisation.changed': {
    subject: 'organisation', audience: 'administrators', fieldLabels: ACCOUNT_FIELD_LABELS,
    description: 'An organisation\'s name or party category changed.',
    payload: Type.Object({ organisationId: Type.String(), name: Type.String(), changes: FieldChangesSchema }),
  },
  'token.created': {
    subject: 'account', audience: 'administrators',
    description: 'An API token was created for an account (only its hash is kept).',
    payload: Type.Object({ accountId: AccountId, tokenId: Type.String(), name: Type.String(), scope: Type.Union([Type.Literal('read'), Type.Literal('write')]) }),
  },
  'token.revoked': {
    subject: 'account', audience: 'administrators',
    description: 'An API token was revoked.',
    payload: Type.Object({ accountId: AccountId, tokenId: Type.String(), name: Type.String() }),
  },
});

declare module '../../platform/events/catalog.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface EventPayloads extends PayloadsOf<typeof accountEvents> {}
}
