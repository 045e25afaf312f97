// What administrators do to accounts and organisations, and what a signed-in user reads about
// their own account: list and change users (role, organisation, committees), disable and enable
// them, keep organisations, read the audit log, list one's own API tokens. Each command is one
// transaction and writes its audit row with the values before and after.
import { sql } from 'kysely';
import { executor, inTransaction, record, type ServiceContext } from '../context.js';
import type { Executor } from '../database.js';
import { findOrganisation, getOrganisation, updateOrganisation, type Organisation } from '../directory/repository.js';
import {
  addOrganisation as addToDirectory, categoryText, checkOrganisation, listAllOrganisations, refuseDuplicate, type OrganisationInput,
} from '../directory/service.js';
import { DomainError, notFound, validationError } from '../../platform/errors.js';
import { serialise } from '../../platform/db/database.js';
import { Checker, type Loose } from '../../platform/validation.js';
import { diff } from '../../platform/events/changes.js';
import { londonDate } from '../../process/dates.js';
import { ROLES, SYSTEM_ACCOUNT, type Actor, type Role } from './accounts.js';
import { audit } from './service.js';

export interface UserSummary {
  id: string;
  name: string;
  email: string | null;
  role: Role;
  organisationId: string | null;
  organisation: string | null;
  committees: string[];
  status: 'active' | 'disabled';
  /** False until a password is set (an invited user who has not followed their link yet). */
  hasPassword: boolean;
  createdAt: string;
  lastSignInAt: string | null;
}

type AccountRow = {
  id: string; name: string; email: string | null; role: string; organisation_id: string | null; status: 'active' | 'disabled';
  created_at: string; last_sign_in_at: string | null; organisation: string | null; has_password: number | string;
};

function accountsQuery(ex: Executor) {
  return ex.selectFrom('accounts').leftJoin('organisations', 'organisations.id', 'accounts.organisation_id')
    .select(['accounts.id', 'accounts.name', 'accounts.email', 'accounts.role', 'accounts.organisation_id', 'accounts.status',
      'accounts.created_at', 'accounts.last_sign_in_at', 'organisations.name as organisation',
      // Whether a password is set, never the hash itself.
      sql<number>`case when accounts.password_hash is null then 0 else 1 end`.as('has_password')])
    // The built-in administrator is the command line's: it cannot sign in and is not managed here.
    .where('accounts.id', '<>', SYSTEM_ACCOUNT.id);
}

function toSummary(r: AccountRow, committees: string[]): UserSummary {
  return {
    id: r.id, name: r.name, email: r.email, role: r.role as Role, organisationId: r.organisation_id, organisation: r.organisation,
    committees, status: r.status, hasPassword: Number(r.has_password) === 1, createdAt: r.created_at, lastSignInAt: r.last_sign_in_at,
  };
}

/** Every user (but the built-in administrator), by name, with their organisation and committees: two queries. */
export async function listUsers(ctx: ServiceContext): Promise<UserSummary[]> {
  const ex = executor(ctx);
  const rows = await accountsQuery(ex).orderBy('accounts.name').orderBy('accounts.email').execute();
  const seats = await ex.selectFrom('account_committees').select(['account_id', 'committee_code']).orderBy('committee_code').execute();
  const byAccount = new Map<string, string[]>();
  for (const s of seats) byAccount.set(s.account_id, [...(byAccount.get(s.account_id) ?? []), s.committee_code]);
  return rows.map((r) => toSummary(r, byAccount.get(r.id) ?? []));
}

/** One user; NOT_FOUND for an unknown id and for the built-in administrator. */
export async function getUser(ctx: ServiceContext, accountId: string): Promise<UserSummary> {
  return loadUser(executor(ctx), accountId);
}

async function loadUser(ex: Executor, accountId: string): Promise<UserSummary> {
  const row = await accountsQuery(ex).where('accounts.id', '=', accountId).executeTakeFirst();
  if (!row) throw notFound('The user');
  const seats = await ex.selectFrom('account_committees').select('committee_code').where('account_id', '=', accountId)
    .orderBy('committee_code').execute();
  return toSummary(row, seats.map((s) => s.committee_code));
}

/** Refuses a change that would leave no active administrator who can sign in. */
async function keepAnAdministrator(ex: Executor, ctx: ServiceContext, user: UserSummary, actor: Actor): Promise<void> {
  await serialise(ex, ctx.db.dialect, 'accounts:administrators');
  const others = await ex.selectFrom('accounts').select('id')
    .where('role', '=', 'admin').where('status', '=', 'active')
    .where('id', '<>', user.id).where('id', '<>', SYSTEM_ACCOUNT.id)
    .limit(1).executeTakeFirst();
  if (!others) {
    const who = user.id === actor.id ? 'You are' : `${user.name} is`;
    throw new DomainError('ACTION_NOT_ALLOWED', `${who} the last active administrator: make another user an administrator first.`,
      { reason: 'last-admin' });
  }
}

export interface UserChanges {
  role?: Loose;
  organisation?: Loose;
  committee?: Loose;
}

const listText = (items: string[]) => (items.length ? items.join(', ') : '—');

/**
 * Changes a user's role, organisation and committees, as a whole (an absent organisation or
 * committee list clears it). A Party user needs an organisation, a committee member a committee.
 * Writes one 'role-changed' audit row naming each value before → after; nothing when nothing changed.
 */
export async function changeUser(ctx: ServiceContext, actor: Actor, accountId: string, raw: UserChanges): Promise<UserSummary> {
  const c = new Checker();
  const role = c.oneOf('role', raw.role, ROLES, { required: true });
  const organisation = c.text('organisation', raw.organisation ?? '', { max: 200 });
  const committees = c.list('committee', raw.committee ?? null, ctx.profile.committees.map((x) => x.code)) ?? [];
  if (role === 'party' && !organisation) c.fail('organisation', 'is required for a Party user.');
  if (role === 'member' && committees.length === 0) c.fail('committee', 'is required for a committee member.');
  c.done();
  return inTransaction(ctx, async (trx, tx) => {
    const before = await loadUser(trx, accountId);
    const org = organisation ? await findOrganisation(trx, organisation) : null;
    if (organisation && !org) throw validationError([{ field: 'organisation', message: `unknown organisation "${organisation}".` }]);
    const after = { role: role!, organisationId: org?.id ?? null, organisation: org?.name ?? null, committees: [...committees].sort() };
    const changes: string[] = [];
    if (before.role !== after.role) changes.push(`role: ${before.role} → ${after.role}`);
    if (before.organisationId !== after.organisationId) changes.push(`organisation: ${before.organisation ?? '—'} → ${after.organisation ?? '—'}`);
    if (listText(before.committees) !== listText(after.committees)) changes.push(`committees: ${listText(before.committees)} → ${listText(after.committees)}`);
    if (changes.length === 0) return before;
    if (before.role === 'admin' && after.role !== 'admin' && before.status === 'active') await keepAnAdministrator(trx, ctx, before, actor);
    await trx.updateTable('accounts').set({ role: after.role, organisation_id: after.organisationId }).where('id', '=', accountId).execute();
    await trx.deleteFrom('account_committees').where('account_id', '=', accountId).execute();
    for (const code of after.committees) await trx.insertInto('account_committees').values({ account_id: accountId, committee_code: code }).execute();
    await audit(trx, { kind: 'role-changed', accountId, actorId: actor.id, detail: `${before.email ?? before.name}: ${changes.join('; ')}` }, ctx.clock().toISOString());
    await record(tx, {
      type: 'account.changed', subject: { id: accountId, ref: before.email ?? before.name }, actor, businessDate: londonDate(ctx.clock()),
      label: `${before.name}'s account changed: ${changes.map((c) => c.split(':')[0]).join(', ')}`,
      payload: { accountId, email: before.email ?? '', changes: diff(
        { role: before.role, organisation: before.organisation, committees: before.committees },
        { role: after.role, organisation: after.organisation, committees: after.committees }) },
    });
    return { ...before, ...after };
  });
}

/**
 * Disables or enables a user. Disabling ends their sessions at once; their API tokens stop working
 * while the account is disabled (the actor of a disabled account is never loaded). The last active
 * administrator cannot be disabled.
 */
export async function setUserStatus(ctx: ServiceContext, actor: Actor, accountId: string, status: Loose): Promise<UserSummary> {
  const c = new Checker();
  const next = c.oneOf('status', status, ['active', 'disabled'] as const, { required: true });
  c.done();
  return inTransaction(ctx, async (trx, tx) => {
    const before = await loadUser(trx, accountId);
    if (before.status === next) return before;
    if (next === 'disabled' && before.role === 'admin') await keepAnAdministrator(trx, ctx, before, actor);
    const at = ctx.clock().toISOString();
    await trx.updateTable('accounts').set({ status: next! }).where('id', '=', accountId).execute();
    let ended = 0;
    if (next === 'disabled') {
      const result = await trx.updateTable('sessions').set({ ended_at: at }).where('account_id', '=', accountId).where('ended_at', 'is', null)
        .executeTakeFirst();
      ended = Number(result.numUpdatedRows ?? 0);
    }
    await audit(trx, {
      kind: next === 'disabled' ? 'user-disabled' : 'user-enabled', accountId, actorId: actor.id,
      detail: `${before.email ?? before.name}: ${before.status} → ${next}${next === 'disabled' ? ` (${ended} session${ended === 1 ? '' : 's'} ended)` : ''}`,
    }, at);
    await record(tx, {
      type: 'account.status-changed', subject: { id: accountId, ref: before.email ?? before.name }, actor, businessDate: londonDate(ctx.clock()),
      label: `${before.name}'s account ${next === 'disabled' ? 'disabled' : 'enabled'}`,
      payload: { accountId, email: before.email ?? '', status: next!, sessionsEnded: ended },
    });
    return { ...before, status: next! };
  });
}

// Organisations ---------------------------------------------------------------------------------

export type { OrganisationInput };
export { listAllOrganisations };

export async function getOrganisationById(ctx: ServiceContext, id: string): Promise<Organisation> {
  const org = await getOrganisation(executor(ctx), id);
  if (!org) throw notFound('The organisation');
  return org;
}

/** Adds an organisation (the directory's one use case for it), with an audit row in the same transaction. */
export async function addOrganisation(ctx: ServiceContext, actor: Actor, raw: OrganisationInput): Promise<Organisation> {
  return inTransaction(ctx, async (trx, tx) => {
    const org = await addToDirectory(tx, actor, raw);
    await audit(trx, { kind: 'organisation-added', actorId: actor.id, detail: `${org.name} (${categoryText(ctx, org.partyCategory)})` }, ctx.clock().toISOString());
    return org;
  });
}

/** Renames an organisation or changes its party category; one audit row with before → after. */
export async function changeOrganisation(ctx: ServiceContext, actor: Actor, id: string, raw: OrganisationInput): Promise<Organisation> {
  const input = checkOrganisation(ctx, raw);
  return inTransaction(ctx, async (trx, tx) => {
    await serialise(trx, ctx.db.dialect, 'organisations');
    const before = await getOrganisation(trx, id);
    if (!before) throw notFound('The organisation');
    const changes: string[] = [];
    if (before.name !== input.name) changes.push(`name: ${before.name} → ${input.name}`);
    if (before.partyCategory !== input.partyCategory) changes.push(`party category: ${categoryText(ctx, before.partyCategory)} → ${categoryText(ctx, input.partyCategory)}`);
    if (changes.length === 0) return before;
    await refuseDuplicate(trx, input.name, id);
    const after: Organisation = { id, ...input };
    await updateOrganisation(trx, after);
    await audit(trx, { kind: 'organisation-changed', actorId: actor.id, detail: `${before.name}: ${changes.join('; ')}` }, ctx.clock().toISOString());
    await record(tx, {
      type: 'organisation.changed', subject: { id, ref: after.name }, actor, businessDate: londonDate(ctx.clock()),
      label: `Organisation ${before.name} changed: ${changes.map((c) => c.split(':')[0]).join(', ')}`,
      payload: { organisationId: id, name: after.name, changes: diff(
        { name: before.name, partyCategory: before.partyCategory }, { name: after.name, partyCategory: after.partyCategory }) },
    });
    return after;
  });
}

// The audit log ---------------------------------------------------------------------------------

export interface AuditEntry {
  id: string;
  at: string;
  kind: string;
  /** The account the entry is about. */
  account: { name: string; email: string | null } | null;
  /** Who did it, when someone else did (an administrator). */
  actor: { name: string; email: string | null } | null;
  detail: string;
  ip: string;
}

export interface AuditQuery {
  kind?: Loose;
  email?: Loose;
  offset?: Loose;
  limit?: Loose;
}

export interface AuditPage {
  items: AuditEntry[];
  total: number;
  offset: number;
  limit: number;
  kind: string;
  email: string;
  /** Every kind the log holds, for the filter. */
  kinds: string[];
}

/**
 * The audit log, newest first, a page at a time. `kind` keeps one kind of entry; `email` keeps the
 * entries about that user and those they did (whatever its case).
 */
export async function listAudit(ctx: ServiceContext, raw: AuditQuery = {}): Promise<AuditPage> {
  const c = new Checker();
  const kind = c.text('kind', raw.kind, { max: 100 }) ?? '';
  const email = (c.text('email', raw.email, { max: 200 }) ?? '').toLowerCase();
  const offset = c.integer('offset', raw.offset, 0, 10_000_000) ?? 0;
  const limit = c.integer('limit', raw.limit, 1, 200) ?? 50;
  c.done();
  const ex = executor(ctx);
  let q = ex.selectFrom('audit_log')
    .leftJoin('accounts as subject', 'subject.id', 'audit_log.account_id')
    .leftJoin('accounts as doer', 'doer.id', 'audit_log.actor_id');
  if (kind) q = q.where('audit_log.kind', '=', kind);
  if (email) q = q.where((eb) => eb.or([eb('subject.email', '=', email), eb('doer.email', '=', email)]));
  const counted = await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  const rows = await q.select([
    'audit_log.id', 'audit_log.at', 'audit_log.kind', 'audit_log.detail', 'audit_log.ip',
    'subject.name as subjectName', 'subject.email as subjectEmail', 'doer.name as doerName', 'doer.email as doerEmail',
  ]).orderBy('audit_log.at', 'desc').orderBy('audit_log.id', 'desc').limit(limit).offset(offset).execute();
  const kinds = await ex.selectFrom('audit_log').select('kind').distinct().orderBy('kind').execute();
  return {
    items: rows.map((r) => ({
      id: r.id, at: r.at, kind: r.kind, detail: r.detail, ip: r.ip,
      account: r.subjectName !== null ? { name: r.subjectName, email: r.subjectEmail } : null,
      actor: r.doerName !== null ? { name: r.doerName, email: r.doerEmail } : null,
    })),
    total: Number(counted?.n ?? 0), offset, limit, kind, email, kinds: kinds.map((k) => k.kind),
  };
}

// One's own account ------------------------------------------------------------------------------

export interface TokenSummary {
  id: string;
  name: string;
  scope: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** An account's API tokens, newest first; never their secrets (only hashes are stored). */
export async function listTokens(ctx: ServiceContext, accountId: string): Promise<TokenSummary[]> {
  const rows = await executor(ctx).selectFrom('api_tokens').select(['id', 'name', 'scope', 'created_at', 'last_used_at', 'revoked_at'])
    .where('account_id', '=', accountId).orderBy('created_at', 'desc').orderBy('name').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, scope: r.scope, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at }));
}
