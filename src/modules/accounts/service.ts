// Accounts and credentials: users, argon2id passwords, API tokens (SHA-256, shown once), and the
// audit log of sign-ins, role changes and token use.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { expressionBuilder } from 'kysely';
import { executor, inTransaction, newId, record, type ServiceContext } from '../context.js';
import type { Database, Executor } from '../database.js';
import { findOrganisation } from '../directory/repository.js';
import { joinedList, splitList } from '../../platform/db/aggregates.js';
import { DomainError, notFound, validationError } from '../../platform/errors.js';
import { Checker, type Loose } from '../../platform/validation.js';
import { londonDate } from '../../process/dates.js';
import { ROLES, ROLE_LABELS, SYSTEM_ACCOUNT, type Actor, type Role, type TokenScope } from './accounts.js';
import { credentialCache, currentEpoch } from './credential-cache.js';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Compares two hex digests in constant time. */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** argon2 (a native addon), loaded when a password is first hashed or checked. */
const argon2 = () => import('@node-rs/argon2');

export const hashPassword = async (password: string): Promise<string> => (await argon2()).hash(password);
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await (await argon2()).verify(hash, password);
  } catch {
    return false;
  }
}

/** A fixed hash checked when the email is unknown, so a wrong email costs as long as a wrong password. */
let decoyHash: Promise<string> | undefined;
export function decoy(): Promise<string> {
  decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return decoyHash;
}

export async function audit(ex: Executor, entry: { kind: string; accountId?: string | null; actorId?: string | null; detail?: string; ip?: string }, at: string): Promise<void> {
  await ex.insertInto('audit_log').values({
    id: newId(), at, kind: entry.kind, account_id: entry.accountId ?? null, actor_id: entry.actorId ?? null,
    detail: entry.detail ?? '', ip: entry.ip ?? '',
  }).execute();
}

/**
 * What a query that reaches `accounts` selects to make its actor: every request reads one (through
 * a token or a session), so the account and its committees come with the credential in one query.
 */
export const ACTOR_COLUMNS = [
  'accounts.name', 'accounts.role', 'accounts.organisation_id', 'accounts.status',
  expressionBuilder<Database, 'accounts'>().selectFrom('account_committees')
    .select(joinedList('account_committees.committee_code').as('codes'))
    .whereRef('account_committees.account_id', '=', 'accounts.id').as('committees'),
] as const;

interface ActorRow {
  name: string; role: string; organisation_id: string | null; status: string; committees: string | null;
}

/** The actor of an account read with ACTOR_COLUMNS; null when the account is disabled. */
export function actorFromRow(accountId: string, row: ActorRow): Actor | null {
  if (row.status !== 'active') return null;
  return {
    id: accountId, name: row.name, role: row.role as Role, organisationId: row.organisation_id, committees: splitList(row.committees),
  };
}

/** The actor an account acts as, with its committees; null when unknown or disabled. */
export async function loadActor(ex: Executor, accountId: string): Promise<Actor | null> {
  const row = await ex.selectFrom('accounts').select(ACTOR_COLUMNS).where('accounts.id', '=', accountId).executeTakeFirst();
  return row ? actorFromRow(accountId, row) : null;
}

export interface UserInput {
  email?: Loose; name?: Loose; role?: Loose; organisation?: Loose; committee?: Loose; password?: Loose;
}

export const MIN_PASSWORD_LENGTH = 12;

export function checkPassword(c: Checker, field: string, password: Loose): string | undefined {
  if (password === undefined || password === null || password === '') return undefined;
  if (typeof password !== 'string') { c.fail(field, 'must be text.'); return undefined; }
  if (password.length < MIN_PASSWORD_LENGTH) c.fail(field, `must be at least ${MIN_PASSWORD_LENGTH} characters.`);
  if (password.length > 200) c.fail(field, 'must be at most 200 characters.');
  return password;
}

/** Adds a user. A Party user needs an organisation; a committee member needs a committee. */
export async function addUser(ctx: ServiceContext, actor: Actor, raw: UserInput): Promise<{ id: string; email: string; role: Role }> {
  const c = new Checker();
  const email = c.text('email', raw.email, { required: true, max: 200 })?.toLowerCase() ?? '';
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) c.fail('email', 'is not an email address.');
  const name = c.text('name', raw.name, { required: true, max: 200 }) ?? '';
  const role = c.oneOf('role', raw.role, ROLES, { required: true });
  const organisation = c.text('organisation', raw.organisation, { max: 200 });
  const committees = c.list('committee', raw.committee, ctx.profile.committees.map((x) => x.code)) ?? [];
  const password = checkPassword(c, 'password', raw.password);
  if (role === 'party' && !organisation) c.fail('organisation', 'is required for a Party user.');
  if (role === 'member' && committees.length === 0) c.fail('committee', 'is required for a committee member.');
  c.done();
  return inTransaction(ctx, async (trx, tx) => {
    const org = organisation ? await findOrganisation(trx, organisation) : null;
    if (organisation && !org) throw validationError([{ field: 'organisation', message: `unknown organisation "${organisation}".` }]);
    if (await trx.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirst()) {
      throw new DomainError('ALREADY_EXISTS', `A user with the email ${email} already exists.`, { fields: [{ field: 'email', message: 'is already used.' }] });
    }
    const id = newId();
    const at = ctx.clock().toISOString();
    await trx.insertInto('accounts').values({
      id, name, email, role: role!, password_hash: password ? await hashPassword(password) : null, organisation_id: org?.id ?? null,
      status: 'active', created_at: at, last_sign_in_at: null,
    }).execute();
    for (const committee of committees) await trx.insertInto('account_committees').values({ account_id: id, committee_code: committee }).execute();
    await audit(trx, { kind: 'user-added', accountId: id, actorId: actor.id, detail: `${email} as ${role}${committees.length ? ` (${committees.join(', ')})` : ''}` }, at);
    await record(tx, {
      type: 'account.added', subject: { id, ref: email }, actor, businessDate: londonDate(ctx.clock()),
      label: `${name} added as ${ROLE_LABELS[role!].toLowerCase()}`,
      payload: { accountId: id, email, name, role: role!, organisation: org?.name ?? null, committees, invited: !password },
    });
    return { id, email, role: role! };
  });
}

export async function findAccountByEmail(ex: Executor, email: string) {
  return ex.selectFrom('accounts').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
}

export interface CreatedToken {
  id: string;
  name: string;
  scope: TokenScope;
  /** The secret itself: shown once, never stored. */
  token: string;
}

/** Creates an API token for an account (the built-in administrator when none is named). */
export async function createToken(
  ctx: ServiceContext, input: { name: string; scope?: string; accountId?: string; userEmail?: string; actor?: Actor },
): Promise<CreatedToken> {
  const c = new Checker();
  const name = c.text('name', input.name, { required: true, max: 100 }) ?? '';
  const scope = c.oneOf('scope', input.scope ?? 'write', ['read', 'write'] as const) ?? 'write';
  c.done();
  return inTransaction(ctx, async (trx, tx) => {
    let accountId = input.accountId ?? SYSTEM_ACCOUNT.id;
    if (input.userEmail) {
      const account = await findAccountByEmail(trx, input.userEmail);
      if (!account) throw notFound(`A user with the email ${input.userEmail}`);
      accountId = account.id;
    }
    const token = `sec_${randomBytes(32).toString('base64url')}`;
    const id = newId();
    const at = ctx.clock().toISOString();
    await trx.insertInto('api_tokens').values({
      id, account_id: accountId, name, token_hash: hashToken(token), scope, created_at: at, last_used_at: null, revoked_at: null,
    }).execute();
    await audit(trx, { kind: 'token-created', accountId, detail: `${name} (${scope})` }, at);
    await record(tx, {
      type: 'token.created', subject: { id: accountId, ref: input.userEmail ?? accountId }, actor: input.actor ?? SYSTEM_ACCOUNT,
      businessDate: londonDate(ctx.clock()), label: `API token "${name}" created (${scope})`,
      payload: { accountId, tokenId: id, name, scope },
    });
    return { id, name, scope, token };
  });
}

export async function revokeToken(ctx: ServiceContext, actor: Actor, tokenId: string): Promise<void> {
  await inTransaction(ctx, async (trx, tx) => {
    const row = await trx.selectFrom('api_tokens').select(['account_id', 'name']).where('id', '=', tokenId).executeTakeFirst();
    if (!row || (row.account_id !== actor.id && actor.role !== 'admin')) throw notFound(`Token ${tokenId}`);
    const at = ctx.clock().toISOString();
    const revoked = await trx.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', tokenId).where('revoked_at', 'is', null).executeTakeFirst();
    if (Number(revoked.numUpdatedRows) === 0) return;
    await audit(trx, { kind: 'token-revoked', accountId: row.account_id, actorId: actor.id, detail: row.name }, at);
    await record(tx, {
      type: 'token.revoked', subject: { id: row.account_id, ref: row.account_id }, actor, businessDate: londonDate(ctx.clock()),
      label: `API token "${row.name}" revoked`, payload: { accountId: row.account_id, tokenId, name: row.name },
    });
  });
}

/** The account a bearer token acts for, or null for an unknown or revoked token. */
export async function authenticateToken(ctx: ServiceContext, token: string, ip = ''): Promise<{ actor: Actor; scope: TokenScope } | null> {
  if (!token.startsWith('sec_') || token.length > 200) return null;
  const ex = executor(ctx);
  const digest = hashToken(token);
  // A kept copy answers while the credential epoch is unchanged (credential-cache.ts): one narrow read.
  const kept = credentialCache(ctx).tokens;
  const copy = kept.get(digest);
  const nowMs = ctx.clock().getTime();
  if (copy && nowMs - copy.lastUsed <= 60_000 && copy.epoch === await currentEpoch(ex)) return { actor: copy.actor, scope: copy.scope };
  kept.delete(digest);
  const row = await ex.selectFrom('api_tokens').innerJoin('accounts', 'accounts.id', 'api_tokens.account_id')
    .select(['api_tokens.id', 'api_tokens.scope', 'api_tokens.revoked_at', 'api_tokens.account_id', 'api_tokens.token_hash', 'api_tokens.last_used_at'])
    .select(ACTOR_COLUMNS)
    .select((eb) => eb.selectFrom('credential_epoch').select('credential_epoch.epoch').where('credential_epoch.id', '=', 1).as('epoch'))
    .where('api_tokens.token_hash', '=', digest).executeTakeFirst();
  if (!row || row.revoked_at || !sameDigest(row.token_hash, digest)) return null;
  const actor = actorFromRow(row.account_id, row);
  if (!actor) return null;
  const at = new Date(nowMs).toISOString();
  let lastUsed = row.last_used_at ? Date.parse(row.last_used_at) : 0;
  // Record use at most once a minute per token: the audit log shows token use without a write per request.
  if (nowMs - lastUsed > 60_000) {
    try {
      await ex.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', row.id).execute();
      await audit(ex, { kind: 'token-used', accountId: row.account_id, detail: row.id, ip }, at);
      lastUsed = nowMs;
    } catch {
      // A read-only database must not stop reads made with a token.
    }
  }
  const scope = row.scope as TokenScope;
  if (row.epoch) kept.set(digest, { actor, scope, lastUsed, epoch: row.epoch });
  return { actor, scope };
}
