// Sign-in with email and password, and server-side sessions kept in the database so several app
// instances agree. Failed attempts slow the account down, then lock it for a while; the counts are
// in the database too.
import { randomBytes } from 'node:crypto';
import { executor, inTransaction, newId, type ServiceContext } from '../context.js';
import { DomainError } from '../../platform/errors.js';
import type { Executor } from '../database.js';
import type { Actor } from './accounts.js';
import { credentialCache, currentEpoch } from './credential-cache.js';
import { ACTOR_COLUMNS, actorFromRow, audit, decoy, findAccountByEmail, hashToken, loadActor, verifyPassword } from './service.js';

export const SESSION_POLICY = {
  /** A session not used for this long ends. */
  idleMinutes: 30,
  /** A session ends this long after sign-in, however active. */
  absoluteHours: 12,
  /** Failed attempts on one email inside the window before each further attempt must wait. */
  slowAfter: 3,
  /** Failed attempts inside the window that lock the email. */
  lockAfter: 5,
  windowMinutes: 15,
  lockMinutes: 15,
  /** Failures from one address inside the window, over any emails, that stop it trying. */
  perAddressLimit: 30,
};

const minutes = (n: number) => n * 60_000;

export interface SignInResult {
  /** The cookie value: shown to the browser only, stored as a hash. */
  sessionToken: string;
  actor: Actor;
  expiresAt: string;
}

/** Refuses while an email or address has failed too often; says how long to wait. */
async function throttle(ctx: ServiceContext, email: string, ip: string, now: number): Promise<void> {
  const ex = executor(ctx);
  const since = new Date(now - minutes(SESSION_POLICY.windowMinutes)).toISOString();
  const recent = await ex.selectFrom('sign_in_attempts').select(['at', 'success']).where('email', '=', email).where('at', '>', since)
    .orderBy('at', 'desc').execute();
  const lastSuccess = recent.findIndex((r) => Number(r.success) === 1);
  const failures = (lastSuccess === -1 ? recent : recent.slice(0, lastSuccess));
  if (failures.length >= SESSION_POLICY.lockAfter) {
    const unlock = Date.parse(failures[SESSION_POLICY.lockAfter - 1].at) + minutes(SESSION_POLICY.lockMinutes);
    if (unlock > now) {
      throw new DomainError('LOCKED', 'Too many failed sign-ins: this account is locked for a while. Try again later or reset the password.',
        { retryAfterSeconds: Math.ceil((unlock - now) / 1000) });
    }
  } else if (failures.length >= SESSION_POLICY.slowAfter) {
    const wait = 2 ** (failures.length - SESSION_POLICY.slowAfter) * 1000;
    const ready = Date.parse(failures[0].at) + wait;
    if (ready > now) {
      throw new DomainError('RATE_LIMITED', 'Several sign-ins have failed: wait a moment before trying again.',
        { retryAfterSeconds: Math.ceil((ready - now) / 1000) });
    }
  }
  const fromAddress = await ex.selectFrom('sign_in_attempts').select((eb) => eb.fn.countAll().as('n'))
    .where('ip', '=', ip).where('at', '>', since).where('success', '=', 0).executeTakeFirst();
  if (Number(fromAddress?.n ?? 0) >= SESSION_POLICY.perAddressLimit) {
    throw new DomainError('RATE_LIMITED', 'Too many failed sign-ins from your network: wait a few minutes.', { retryAfterSeconds: 60 * SESSION_POLICY.windowMinutes });
  }
}

/**
 * Starts a session for an account that has just proved who it is (password or single sign-on), in
 * the caller's transaction: a new random id each time, stored only as its hash.
 */
export async function startSession(trx: Executor, accountId: string, now: number): Promise<{ sessionToken: string; expiresAt: string }> {
  const at = new Date(now).toISOString();
  const sessionToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now + SESSION_POLICY.absoluteHours * 3_600_000).toISOString();
  await trx.insertInto('sessions').values({
    id_hash: hashToken(sessionToken), account_id: accountId, created_at: at, last_seen_at: at, expires_at: expiresAt, ended_at: null,
  }).execute();
  await trx.updateTable('accounts').set({ last_sign_in_at: at }).where('id', '=', accountId).execute();
  return { sessionToken, expiresAt };
}

export async function signIn(ctx: ServiceContext, input: { email?: string; password?: string; ip?: string }): Promise<SignInResult> {
  const email = (input.email ?? '').trim().toLowerCase().slice(0, 200);
  const password = input.password ?? '';
  const ip = input.ip ?? '';
  if (!email || !password) {
    throw new DomainError('VALIDATION_FAILED', 'Enter your email and password.', {
      fields: [...(!email ? [{ field: 'email', message: 'Enter your email address.' }] : []), ...(!password ? [{ field: 'password', message: 'Enter your password.' }] : [])],
    });
  }
  const now = ctx.clock().getTime();
  const at = new Date(now).toISOString();
  try {
    await throttle(ctx, email, ip, now);
  } catch (error) {
    await audit(executor(ctx), { kind: 'sign-in-locked', detail: email, ip }, at);
    throw error;
  }
  const account = await findAccountByEmail(executor(ctx), email);
  const ok = account?.password_hash
    ? await verifyPassword(account.password_hash, password)
    : (await verifyPassword(await decoy(), password), false);
  const actor = ok && account ? await loadActor(executor(ctx), account.id) : null;
  return inTransaction(ctx, async (trx) => {
    await trx.insertInto('sign_in_attempts').values({ id: newId(), email, ip, at, success: actor ? 1 : 0 }).execute();
    if (!actor || !account) {
      await audit(trx, { kind: 'sign-in-failed', accountId: account?.id ?? null, detail: email, ip }, at);
      return null;
    }
    const { sessionToken, expiresAt } = await startSession(trx, account.id, now);
    await audit(trx, { kind: 'sign-in', accountId: account.id, ip }, at);
    return { sessionToken, actor, expiresAt };
  }).then((result) => {
    if (!result) throw new DomainError('UNAUTHENTICATED', 'The email or password is not right.', { fields: [{ field: 'password', message: 'The email or password is not right.' }] });
    return result;
  });
}

/** The actor of a live session; refreshes its idle timer at most once a minute. */
export async function resolveSession(ctx: ServiceContext, sessionToken: string): Promise<Actor | null> {
  if (!sessionToken || sessionToken.length > 100) return null;
  const ex = executor(ctx);
  const idHash = hashToken(sessionToken);
  const now = ctx.clock().getTime();
  // A kept copy answers while the credential epoch is unchanged (credential-cache.ts); one seen
  // over a minute ago is looked up again, which refreshes the idle timer as before.
  const kept = credentialCache(ctx).sessions;
  const copy = kept.get(idHash);
  if (copy && now - copy.lastSeen <= 60_000 && copy.expires > now && copy.epoch === await currentEpoch(ex)) return copy.actor;
  kept.delete(idHash);
  const session = await ex.selectFrom('sessions').innerJoin('accounts', 'accounts.id', 'sessions.account_id')
    .select(['sessions.account_id', 'sessions.last_seen_at', 'sessions.expires_at', 'sessions.ended_at'])
    .select(ACTOR_COLUMNS)
    .select((eb) => eb.selectFrom('credential_epoch').select('credential_epoch.epoch').where('credential_epoch.id', '=', 1).as('epoch'))
    .where('sessions.id_hash', '=', idHash).executeTakeFirst();
  if (!session || session.ended_at) return null;
  const expires = Date.parse(session.expires_at);
  let lastSeen = Date.parse(session.last_seen_at);
  if (expires <= now || lastSeen + minutes(SESSION_POLICY.idleMinutes) <= now) return null;
  const actor = actorFromRow(session.account_id, session);
  if (!actor) return null;
  if (now - lastSeen > 60_000) {
    try {
      await ex.updateTable('sessions').set({ last_seen_at: new Date(now).toISOString() }).where('id_hash', '=', idHash).execute();
      lastSeen = now;
    } catch {
      // Reading must keep working on a read-only database.
    }
  }
  if (session.epoch) kept.set(idHash, { actor, lastSeen, expires, epoch: session.epoch });
  return actor;
}

export async function signOut(ctx: ServiceContext, sessionToken: string, ip = ''): Promise<void> {
  if (!sessionToken) return;
  await inTransaction(ctx, async (trx) => {
    const idHash = hashToken(sessionToken);
    const session = await trx.selectFrom('sessions').select(['account_id', 'ended_at']).where('id_hash', '=', idHash).executeTakeFirst();
    if (!session || session.ended_at) return;
    const at = ctx.clock().toISOString();
    await trx.updateTable('sessions').set({ ended_at: at }).where('id_hash', '=', idHash).execute();
    await audit(trx, { kind: 'sign-out', accountId: session.account_id, ip }, at);
  });
}
