// Password reset and invitations by email. Both hand out a single-use link: a random token shown
// only in the mail and stored as its SHA-256, good for an hour (reset) or a week (invitation).
// Asking for a reset answers the same whether or not the account exists, and is rate-limited per
// email and per address in the database. The mail goes through the outbox in the same transaction.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { executor, inTransaction, newId, record, type ServiceContext } from '../context.js';
import type { Database, Executor } from '../database.js';
import { serialise } from '../../platform/db/database.js';
import { DomainError } from '../../platform/errors.js';
import { Checker, type Loose } from '../../platform/validation.js';
import { formatDateTime, londonDate } from '../../process/dates.js';
import { enqueueMail } from '../mail/outbox.js';
import { PUBLIC, ROLE_LABELS, type Actor, type Role } from './accounts.js';
import { can } from './permissions.js';
import { addUser, audit, checkPassword, hashPassword, hashToken, type UserInput } from './service.js';

export const RESET_POLICY = {
  /** How long a reset link works. */
  resetMinutes: 60,
  /** How long an invitation link works. */
  inviteDays: 7,
  /** Reset requests for one email in the window before more are refused. */
  perEmail: 3,
  /** Reset requests from one address in the window, over any emails. */
  perAddress: 10,
  windowMinutes: 60,
};

export type LinkPurpose = 'reset' | 'invite';

export interface PasswordResetsTable {
  id: string;
  account_id: string;
  /** SHA-256 of the token in the link; the token itself is only in the mail. */
  token_hash: string;
  purpose: LinkPurpose;
  created_at: string;
  expires_at: string;
  /** Set when the link is used, or when another link of the account is: a link works once. */
  used_at: string | null;
}

export interface PasswordResetRequestsTable {
  id: string;
  /** Lower-cased email as typed, whether or not an account has it. */
  email: string;
  ip: string;
  at: string;
}

export type ResetTables = { password_resets: PasswordResetsTable; password_reset_requests: PasswordResetRequestsTable };
const withResets = (ex: Executor) => (ex as Kysely<Database>).withTables<ResetTables>();

const minutes = (n: number) => n * 60_000;

/** The link a mail carries. */
export function setPasswordLink(ctx: ServiceContext, token: string): string {
  return `${ctx.publicBaseUrl}/password/reset?token=${encodeURIComponent(token)}`;
}

/** Makes a link for an account and returns its token (the only place the token exists). */
async function issueLink(ex: Executor, accountId: string, purpose: LinkPurpose, at: Date): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(at.getTime() + (purpose === 'reset' ? minutes(RESET_POLICY.resetMinutes) : RESET_POLICY.inviteDays * 24 * 3_600_000)).toISOString();
  await withResets(ex).insertInto('password_resets').values({
    id: newId(), account_id: accountId, token_hash: hashToken(token), purpose, created_at: at.toISOString(), expires_at: expiresAt, used_at: null,
  }).execute();
  return { token, expiresAt };
}

function normaliseEmail(c: Checker, raw: Loose): string {
  const email = c.text('email', raw, { required: true, max: 200 })?.toLowerCase() ?? '';
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) c.fail('email', 'is not an email address.');
  return email;
}

/**
 * Asks for a reset link. Whether or not an active account has this email, the caller sees the same
 * outcome; only an account that exists gets a mail. Too many requests for one email, or from one
 * address, within the hour are refused (RATE_LIMITED), for every email alike.
 */
export async function requestPasswordReset(ctx: ServiceContext, input: { email?: Loose; ip?: string }): Promise<void> {
  const c = new Checker();
  const email = normaliseEmail(c, input.email);
  c.done();
  const ip = input.ip ?? '';
  const now = ctx.clock();
  const at = now.toISOString();
  const since = new Date(now.getTime() - minutes(RESET_POLICY.windowMinutes)).toISOString();
  await inTransaction(ctx, async (trx, tx) => {
    // Two requests for one email at once must not both slip under the limit.
    await serialise(trx, ctx.db.dialect, `password-reset:${email}`);
    const db = withResets(trx);
    const limited = async (column: 'email' | 'ip', value: string, limit: number, message: string) => {
      const recent = await db.selectFrom('password_reset_requests').select('at').where(column, '=', value).where('at', '>', since)
        .orderBy('at', 'asc').execute();
      if (recent.length < limit) return;
      const retry = Math.max(1, Math.ceil((Date.parse(recent[recent.length - limit].at) + minutes(RESET_POLICY.windowMinutes) - now.getTime()) / 1000));
      throw new DomainError('RATE_LIMITED', message, { retryAfterSeconds: retry });
    };
    await limited('email', email, RESET_POLICY.perEmail, 'A reset link has been asked for this email several times in the last hour: wait before asking again, and check your inbox (and spam folder) for the links already sent.');
    if (ip) await limited('ip', ip, RESET_POLICY.perAddress, 'Too many reset links have been asked for from your network in the last hour: wait before asking again.');
    await db.insertInto('password_reset_requests').values({ id: newId(), email, ip, at }).execute();
    const account = await trx.selectFrom('accounts').select(['id', 'name', 'email', 'status']).where('email', '=', email).executeTakeFirst();
    if (!account || account.status !== 'active' || !account.email) {
      await audit(trx, { kind: 'password-reset-requested', detail: `${email} (no active account)`, ip }, at);
      return;
    }
    const link = await issueLink(trx, account.id, 'reset', now);
    await enqueueMail(tx, PUBLIC, 'password-reset', {
      to: account.email,
      subject: 'Reset your Secretariat password',
      text: [
        `Hello ${account.name},`,
        '',
        `Someone, hopefully you, asked to reset the password of your Secretariat account (${account.email}).`,
        `To choose a new password, open this link within ${RESET_POLICY.resetMinutes} minutes:`,
        '',
        setPasswordLink(ctx, link.token),
        '',
        'The link works once. If you did not ask for it, ignore this message: your password stays as it is.',
      ].join('\n'),
      sensitive: true,
    });
    await audit(trx, { kind: 'password-reset-requested', accountId: account.id, detail: email, ip }, at);
  });
}

export type LinkProblem = 'unknown' | 'used' | 'expired';

const LINK_MESSAGES: Record<LinkProblem, string> = {
  unknown: 'This link is not one we sent, or it was copied incompletely. Ask for a new one below.',
  used: 'This link has already been used (or a newer one was used after it). Each link works once: ask for a new one below if you need to.',
  expired: 'This link has expired. Ask for a new one below.',
};

/** A link that cannot be used, and why. The pages show it as its own page; nothing has changed. */
export class LinkError extends DomainError {
  constructor(public readonly problem: LinkProblem) {
    super('NOT_FOUND', LINK_MESSAGES[problem], { problem });
  }
}

export interface ValidLink {
  id: string;
  purpose: LinkPurpose;
  accountId: string;
  name: string;
  email: string;
  expiresAt: string;
}

/** The account a link is for, or a LinkError saying why it cannot be used. */
export async function checkLink(ctx: ServiceContext, token: Loose, ex: Executor = executor(ctx)): Promise<ValidLink> {
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new LinkError('unknown');
  const row = await withResets(ex).selectFrom('password_resets')
    .innerJoin('accounts', 'accounts.id', 'password_resets.account_id')
    .select(['password_resets.id', 'password_resets.purpose', 'password_resets.account_id', 'password_resets.expires_at', 'password_resets.used_at',
      'accounts.name', 'accounts.email', 'accounts.status'])
    .where('password_resets.token_hash', '=', hashToken(token)).executeTakeFirst();
  if (!row || !row.email || row.status !== 'active') throw new LinkError('unknown');
  if (row.used_at) throw new LinkError('used');
  if (Date.parse(row.expires_at) <= ctx.clock().getTime()) throw new LinkError('expired');
  return { id: row.id, purpose: row.purpose, accountId: row.account_id, name: row.name, email: row.email, expiresAt: row.expires_at };
}

/**
 * Sets a new password with a link: the link is used up (with every other link of the account),
 * every session of the account ends, and the audit log records it. A sign-in lock on the email is
 * lifted, since whoever holds the link holds the mailbox.
 */
export async function completePasswordReset(
  ctx: ServiceContext, input: { token?: Loose; password?: Loose; confirm?: Loose; ip?: string },
): Promise<{ email: string; purpose: LinkPurpose; sessionsEnded: number }> {
  const link = await checkLink(ctx, input.token);
  const c = new Checker();
  const password = checkPassword(c, 'password', input.password);
  if (input.password === undefined || input.password === null || input.password === '') c.fail('password', 'Enter a new password.');
  else if (input.confirm === undefined || input.confirm === null || input.confirm === '') c.fail('confirm', 'Enter the new password again.');
  else if (password && input.confirm !== input.password) c.fail('confirm', 'does not match the new password.');
  c.done();
  const passwordHash = await hashPassword(password!);
  const result = await inTransaction(ctx, async (trx, tx) => {
    const now = ctx.clock();
    const at = now.toISOString();
    const db = withResets(trx);
    // Conditional, so two uses of one link at once cannot both win.
    const used = await db.updateTable('password_resets').set({ used_at: at })
      .where('id', '=', link.id).where('used_at', 'is', null).where('expires_at', '>', at).executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) throw new LinkError(Date.parse(link.expiresAt) <= now.getTime() ? 'expired' : 'used');
    await db.updateTable('password_resets').set({ used_at: at }).where('account_id', '=', link.accountId).where('used_at', 'is', null).execute();
    await trx.updateTable('accounts').set({ password_hash: passwordHash }).where('id', '=', link.accountId).execute();
    const ended = await trx.updateTable('sessions').set({ ended_at: at })
      .where('account_id', '=', link.accountId).where('ended_at', 'is', null).executeTakeFirst();
    // Sign-in throttling counts failures since the last success: this counts as one.
    await trx.insertInto('sign_in_attempts').values({ id: newId(), email: link.email, ip: input.ip ?? '', at, success: 1 }).execute();
    const sessionsEnded = Number(ended.numUpdatedRows);
    await audit(trx, {
      kind: 'password-reset', accountId: link.accountId, actorId: link.accountId, ip: input.ip ?? '',
      detail: `${link.purpose === 'invite' ? 'first password, from an invitation' : 'from an emailed link'}; ${sessionsEnded} session(s) ended`,
    }, at);
    const account = await trx.selectFrom('accounts').select(['name']).where('id', '=', link.accountId).executeTakeFirstOrThrow();
    await record(tx, {
      type: 'account.password-set', subject: { id: link.accountId, ref: link.email }, actor: { id: link.accountId, name: account.name },
      businessDate: londonDate(now), label: `${account.name} set a new password`,
      payload: { accountId: link.accountId, email: link.email, via: link.purpose === 'invite' ? 'invitation' : 'reset', sessionsEnded },
    });
    return { email: link.email, purpose: link.purpose, sessionsEnded };
  });
  return result;
}

export interface InviteInput {
  email?: Loose; name?: Loose; role?: Loose; organisation?: Loose; committee?: Loose;
}

/**
 * Adds a user without a password and mails them a link to choose one (valid for a week). Only an
 * administrator may. The user can ask for a new link at /password/forgot if this one expires.
 */
export async function inviteUser(
  ctx: ServiceContext, actor: Actor, input: InviteInput,
): Promise<{ id: string; email: string; role: Role; expiresAt: string; outboxId: string }> {
  if (!can(actor, 'users.manage')) throw new DomainError('FORBIDDEN', 'Only an administrator may invite users.');
  const { email, name, role, organisation, committee } = input;
  const userInput: UserInput = { email, name, role, organisation, committee };
  const invited = await inTransaction(ctx, async (trx, tctx) => {
    const added = await addUser(tctx, actor, userInput);
    const account = await trx.selectFrom('accounts').select(['name']).where('id', '=', added.id).executeTakeFirstOrThrow();
    const now = ctx.clock();
    const link = await issueLink(trx, added.id, 'invite', now);
    const outboxId = await enqueueMail(tctx, actor, 'invite', {
      to: added.email,
      subject: 'You are invited to Secretariat',
      text: [
        `Hello ${account.name},`,
        '',
        `${actor.name} has invited you to Secretariat, the change register, with the role "${ROLE_LABELS[added.role]}".`,
        `To choose your password, open this link within ${RESET_POLICY.inviteDays} days:`,
        '',
        setPasswordLink(ctx, link.token),
        '',
        `Then sign in with this email address (${added.email}). The link works once; if it has expired, ask for a new one at ${ctx.publicBaseUrl}/password/forgot.`,
      ].join('\n'),
      sensitive: true,
    });
    await audit(trx, { kind: 'user-invited', accountId: added.id, actorId: actor.id, detail: `${added.email}; link valid until ${formatDateTime(link.expiresAt)}` }, now.toISOString());
    return { ...added, expiresAt: link.expiresAt, outboxId };
  });
  return invited;
}
