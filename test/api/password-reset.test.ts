// Password reset, invitations and the mail outbox, through the real server, a real database on
// each engine and a real SMTP server in the test process: the mail the app sends is read at the
// SMTP server and its link followed, as a user would.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildServer, openContext } from '../../src/app.js';
import { SYSTEM_ACCOUNT } from '../../src/modules/accounts/accounts.js';
import { RESET_POLICY, inviteUser, type PasswordResetsTable } from '../../src/modules/accounts/password-reset.js';
import { addUser, hashToken } from '../../src/modules/accounts/service.js';
import { SESSION_POLICY } from '../../src/modules/accounts/sessions.js';
import { inTransaction, type ServiceContext } from '../../src/modules/context.js';
import { MAIL_POLICY, enqueueMail, listOutbox } from '../../src/modules/mail/outbox.js';
import { MAIL_SUBSCRIBER, drainOutbox } from '../../src/modules/mail/subscriber.js';
import { DISPATCH_POLICY } from '../../src/platform/events/dispatch.js';
import type { MailSettings } from '../../src/platform/mail/mail.js';
import type { HttpServer } from '../../src/platform/http/server.js';
import { describeEachDatabase } from '../support/databases.js';
import { csrfFrom, formClient } from '../support/form-client.js';

/** The shared form client from one address, with the forgot-password form. */
function browserOn(app: HttpServer, remoteAddress = '127.0.0.1') {
  const client = formClient(app, { remoteAddress });
  return { ...client, forgot: (email: string) => client.submit('/password/forgot', '/password/forgot', { email }) };
}
import { linkIn, startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

/** The page's text, without tags, on one line. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describeEachDatabase('password reset, invitations and the outbox', ({ ctx, target }) => {
  let app: HttpServer;
  let smtp: TestSmtpServer;
  let mail: MailSettings;
  let now = Date.parse('2026-06-01T09:00:00Z');
  const OLD = 'old password, long enough';
  const NEW = 'new password, also long enough';
  let ip = 0;
  /** A fresh address per test, so the per-address limit of one test does not reach the next. */
  const nextIp = () => `10.0.0.${(ip += 1)}`;

  const sent = () => smtp.messages.length;
  const path = (link: string) => link.slice(ctx().publicBaseUrl.length);
  const drain = () => drainOutbox(ctx(), mail);
  const passwordHash = async (email: string) => (await ctx().db.kysely.selectFrom('accounts').select('password_hash').where('email', '=', email).executeTakeFirstOrThrow()).password_hash;

  beforeAll(async () => {
    ctx().clock = () => new Date(now);
    smtp = await startSmtpServer();
    mail = { smtpUrl: smtp.url, from: 'Secretariat <no-reply@secretariat.test>' };
    for (const who of ['ada', 'bea', 'cy', 'dee', 'eve']) {
      await addUser(ctx(), SYSTEM_ACCOUNT, { email: `${who}@example.org`, name: who.toUpperCase(), role: 'analyst', password: OLD });
    }
    app = await buildServer(ctx());
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  it('mails a single-use link that sets a new password and ends every session', async () => {
    const email = 'ada@example.org';
    const signedIn = browserOn(app, nextIp());
    expect((await signedIn.signIn(email, OLD)).statusCode).toBe(303);
    expect((await signedIn.get('/modifications/new')).statusCode).toBe(200);

    const visitor = browserOn(app, nextIp());
    const signInPage = await visitor.get('/login');
    expect(signInPage.body).toContain('href="/password/forgot"');
    expect((await visitor.post('/password/forgot', { email })).statusCode).toBe(403); // no CSRF token
    const asked = await visitor.forgot(email);
    expect(asked.statusCode).toBe(200);
    expect(textOf(asked.body)).toContain(`If an account exists for ${email}, we have sent a link`);

    const before = sent();
    expect(await drain()).toMatchObject({ sent: 1, kept: 0, failed: 0 });
    expect(sent()).toBe(before + 1);
    const message = smtp.messages.at(-1)!;
    expect(message.to).toEqual([email]);
    expect(message.subject).toBe('Reset your Secretariat password');
    const link = linkIn(message);
    expect(link.startsWith(`${ctx().publicBaseUrl}/password/reset?token=`)).toBe(true);
    const token = new URL(link).searchParams.get('token')!;
    // Only the token's hash is stored, and the sent mail no longer holds the link.
    const stored = await ctx().db.kysely.withTables<{ password_resets: PasswordResetsTable }>().selectFrom('password_resets').select(['token_hash', 'purpose']).execute();
    expect(stored).toContainEqual({ token_hash: hashToken(token), purpose: 'reset' });
    const [outboxRow] = await listOutbox(ctx().db.kysely, { status: 'sent' });
    expect(JSON.stringify(outboxRow.payload)).not.toContain(token);

    const form = await visitor.get(path(link));
    expect(form.statusCode).toBe(200);
    expect(form.headers['cache-control']).toBe('no-store');
    expect(textOf(form.body)).toContain('Choose a new password');
    const hashBefore = await passwordHash(email);
    const resetWith = (fields: Record<string, string>) => visitor.post('/password/reset', { _csrf: csrfFrom(form.body), token, ...fields });
    expect((await visitor.post('/password/reset', { token, password: NEW, confirm: NEW })).statusCode).toBe(403); // no CSRF token
    const mismatch = await resetWith({ password: NEW, confirm: `${NEW}!` });
    expect(mismatch.statusCode).toBe(400);
    expect(textOf(mismatch.body)).toContain('New password again does not match the new password.');
    const short = await resetWith({ password: 'short', confirm: 'short' });
    expect(short.statusCode).toBe(400);
    expect(textOf(short.body)).toContain('New password must be at least 12 characters.');
    expect(await passwordHash(email)).toBe(hashBefore); // refused attempts change nothing

    const done = await resetWith({ password: NEW, confirm: NEW });
    expect(done.statusCode, textOf(done.body)).toBe(200);
    expect(textOf(done.body)).toContain('Your password has been changed');
    expect(await passwordHash(email)).not.toBe(hashBefore);

    // Every session of the account has ended; the old password no longer works, the new one does.
    expect((await signedIn.get('/modifications/new')).statusCode).toBe(303);
    const open = await ctx().db.kysely.selectFrom('sessions').innerJoin('accounts', 'accounts.id', 'sessions.account_id')
      .select('sessions.ended_at').where('accounts.email', '=', email).execute();
    expect(open.every((s) => s.ended_at !== null)).toBe(true);
    expect((await browserOn(app, nextIp()).signIn(email, OLD)).statusCode).toBe(401);
    expect((await browserOn(app, nextIp()).signIn(email, NEW)).statusCode).toBe(303);

    // The link works once.
    const again = await visitor.get(path(link));
    expect(again.statusCode).toBe(410);
    expect(textOf(again.body)).toContain('This link cannot be used');
    expect(textOf(again.body)).toContain('already been used');
    const hashAfter = await passwordHash(email);
    const replay = await visitor.post('/password/reset', { _csrf: csrfFrom((await visitor.get('/password/forgot')).body), token, password: `${NEW}?`, confirm: `${NEW}?` });
    expect(replay.statusCode).toBe(410);
    expect(await passwordHash(email)).toBe(hashAfter);

    const kinds = (await ctx().db.kysely.selectFrom('audit_log').select('kind').execute()).map((r) => r.kind);
    expect(kinds).toEqual(expect.arrayContaining(['password-reset-requested', 'password-reset']));
  });

  it('refuses an expired link and an unknown one, changing nothing', async () => {
    const email = 'bea@example.org';
    const visitor = browserOn(app, nextIp());
    await visitor.forgot(email);
    await drain();
    const link = linkIn(smtp.messages.at(-1)!);
    expect((await visitor.get(path(link))).statusCode).toBe(200);
    const form = await visitor.get(path(link));
    now += RESET_POLICY.resetMinutes * 60_000 + 1000;
    const hash = await passwordHash(email);
    const late = await visitor.get(path(link));
    expect(late.statusCode).toBe(410);
    expect(textOf(late.body)).toContain('This link has expired.');
    const post = await visitor.post('/password/reset', { _csrf: csrfFrom(form.body), token: new URL(link).searchParams.get('token')!, password: NEW, confirm: NEW });
    expect(post.statusCode).toBe(410);
    expect(await passwordHash(email)).toBe(hash);
    expect((await browserOn(app, nextIp()).signIn(email, OLD)).statusCode).toBe(303);

    for (const url of ['/password/reset', '/password/reset?token=nonsense', `/password/reset?token=${'A'.repeat(43)}`]) {
      const unknown = await visitor.get(url);
      expect(unknown.statusCode, url).toBe(404);
      expect(textOf(unknown.body)).toContain('This link is not one we sent');
    }
  });

  it('gives the same answer for an unknown email and sends nothing', async () => {
    const visitor = browserOn(app, nextIp());
    const known = await visitor.forgot('cy@example.org');
    const unknown = await visitor.forgot('nobody@example.org');
    expect(unknown.statusCode).toBe(known.statusCode);
    expect(textOf(unknown.body).replace('nobody@example.org', 'X')).toBe(textOf(known.body).replace('cy@example.org', 'X'));
    const before = sent();
    expect(await drain()).toMatchObject({ sent: 1 });
    expect(sent()).toBe(before + 1);
    expect(smtp.messages.at(-1)!.to).toEqual(['cy@example.org']);

    const badly = await visitor.forgot('not an email');
    expect(badly.statusCode).toBe(400);
    expect(textOf(badly.body)).toContain('Email is not an email address.');
  });

  it('limits reset requests per email and per address, the same for known and unknown emails', async () => {
    now += 2 * 3_600_000;
    for (const email of ['dee@example.org', 'ghost@example.org']) {
      const statuses: number[] = [];
      for (let i = 0; i < RESET_POLICY.perEmail + 1; i += 1) statuses.push((await browserOn(app, nextIp()).forgot(email)).statusCode);
      expect(statuses, email).toEqual([200, 200, 200, 429]);
    }
    const refused = await browserOn(app, nextIp()).forgot('dee@example.org');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(textOf(refused.body)).toContain('wait before asking again');
    const before = sent();
    expect(await drain()).toMatchObject({ sent: RESET_POLICY.perEmail });
    expect(sent()).toBe(before + RESET_POLICY.perEmail);

    now += RESET_POLICY.windowMinutes * 60_000;
    expect((await browserOn(app, nextIp()).forgot('dee@example.org')).statusCode).toBe(200);

    const office = browserOn(app, '192.0.2.7');
    const statuses: number[] = [];
    for (let i = 0; i < RESET_POLICY.perAddress + 1; i += 1) statuses.push((await office.forgot(`person${i}@example.org`)).statusCode);
    expect(statuses.slice(0, RESET_POLICY.perAddress).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    await drain();
  });

  it('lifts a sign-in lock once the password is reset', async () => {
    const email = 'eve@example.org';
    for (let i = 0; i < SESSION_POLICY.lockAfter; i += 1) {
      now += 60_000;
      await browserOn(app, nextIp()).signIn(email, 'wrong password!!');
    }
    expect((await browserOn(app, nextIp()).signIn(email, OLD)).statusCode).toBe(423);
    const visitor = browserOn(app, nextIp());
    await visitor.forgot(email);
    await drain();
    const link = linkIn(smtp.messages.at(-1)!);
    const form = await visitor.get(path(link));
    const token = new URL(link).searchParams.get('token')!;
    expect((await visitor.post('/password/reset', { _csrf: csrfFrom(form.body), token, password: NEW, confirm: NEW })).statusCode).toBe(200);
    expect((await browserOn(app, nextIp()).signIn(email, NEW)).statusCode).toBe(303);
  });

  it('invites a user by email: no password until they follow the link, which lasts a week', async () => {
    const email = 'invited@example.org';
    const member = { id: 'x', name: 'Not Admin', role: 'analyst' as const };
    await expect(inviteUser(ctx(), member, { email, name: 'Ivy Invited', role: 'analyst' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const invited = await inviteUser(ctx(), SYSTEM_ACCOUNT, { email, name: 'Ivy Invited', role: 'analyst' });
    expect(invited.role).toBe('analyst');
    expect(await passwordHash(email)).toBeNull();
    await expect(inviteUser(ctx(), SYSTEM_ACCOUNT, { email, name: 'Ivy Again', role: 'analyst' })).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });

    const before = sent();
    expect(await drain()).toMatchObject({ sent: 1 });
    expect(sent()).toBe(before + 1);
    const message = smtp.messages.at(-1)!;
    expect(message.to).toEqual([email]);
    expect(message.subject).toBe('You are invited to Secretariat');
    expect(message.text).toContain('Administrator has invited you');
    const rows = await listOutbox(ctx().db.kysely, { limit: 5 });
    expect(rows.find((r) => r.id === invited.outboxId)).toMatchObject({ kind: 'invite', status: 'sent' });

    now += 6 * 24 * 3_600_000; // six days later: still good
    const visitor = browserOn(app, nextIp());
    const link = linkIn(message);
    const form = await visitor.get(path(link));
    expect(form.statusCode).toBe(200);
    expect(textOf(form.body)).toContain('Choose your password');
    const token = new URL(link).searchParams.get('token')!;
    const done = await visitor.post('/password/reset', { _csrf: csrfFrom(form.body), token, password: NEW, confirm: NEW });
    expect(done.statusCode).toBe(200);
    expect(textOf(done.body)).toContain('Your password is set');
    expect((await browserOn(app, nextIp()).signIn(email, NEW)).statusCode).toBe(303);
    const kinds = (await ctx().db.kysely.selectFrom('audit_log').select('kind').execute()).map((r) => r.kind);
    expect(kinds).toEqual(expect.arrayContaining(['user-invited', 'user-added']));

    const late = await inviteUser(ctx(), SYSTEM_ACCOUNT, { email: 'late@example.org', name: 'Late', role: 'analyst' });
    await drain();
    now += RESET_POLICY.inviteDays * 24 * 3_600_000 + 1000;
    expect((await visitor.get(path(linkIn(smtp.messages.at(-1)!)))).statusCode).toBe(410);
    expect(late.email).toBe('late@example.org');
  });

  it('keeps mail in the outbox, readable, when no SMTP server is set', async () => {
    const visitor = browserOn(app, nextIp());
    await visitor.forgot('ada@example.org');
    const before = sent();
    expect(await drainOutbox(ctx())).toMatchObject({ kept: 1, sent: 0 });
    expect(sent()).toBe(before);
    const [kept] = await listOutbox(ctx().db.kysely, { status: 'kept' });
    expect(kept.kind).toBe('password-reset');
    const payload = kept.payload as { to: string; text: string };
    expect(payload.to).toBe('ada@example.org');
    // An administrator can pass the link on: it works.
    expect((await visitor.get(path(linkIn(payload)))).statusCode).toBe(200);
    // Kept is final: a later drain with a mail server does not send it.
    expect(await drain()).toMatchObject({ sent: 0, kept: 0 });
  });

  it('retries a failed delivery with backoff, gives up after the last attempt, and fails a refused recipient at once', async () => {
    const down: MailSettings = { smtpUrl: 'smtp://127.0.0.1:1', from: mail.from };
    const byId = async (id: string) => (await listOutbox(ctx().db.kysely, { limit: 500 })).find((r) => r.id === id)!;
    const retryOf = async () => ctx().db.kysely.selectFrom('event_retries').selectAll().where('subscriber', '=', MAIL_SUBSCRIBER).executeTakeFirst();
    const id = await enqueueMail(ctx(), SYSTEM_ACCOUNT, 'test', { to: 'someone@example.org', subject: 'Retry me', text: 'Hello' });
    for (let attempt = 1; attempt <= MAIL_POLICY.maxAttempts; attempt += 1) {
      const result = await drainOutbox(ctx(), down);
      expect(result, `attempt ${attempt}`).toMatchObject(attempt < MAIL_POLICY.maxAttempts ? { retrying: 1 } : { failed: 1 });
      const row = await byId(id);
      expect(row.attempts).toBe(attempt);
      expect(row.lastError).toBeTruthy();
      if (attempt < MAIL_POLICY.maxAttempts) {
        // The dispatcher holds the retry: it waits 1, 2, 4, 8 minutes, and the write stood all along.
        const wait = DISPATCH_POLICY.firstRetrySeconds * 1000 * 2 ** (attempt - 1);
        expect(Date.parse((await retryOf())!.run_after) - now).toBe(wait);
        expect(await drainOutbox(ctx(), down)).toMatchObject({ retrying: 0, failed: 0 }); // not due yet
        now += wait;
      } else {
        expect(row.status).toBe('failed');
        expect(await retryOf()).toBeUndefined();
      }
    }

    const refusedId = await enqueueMail(ctx(), SYSTEM_ACCOUNT, 'test', { to: 'refused@example.org', subject: 'Nobody', text: 'Hello' });
    expect(await drain()).toMatchObject({ failed: 1, retrying: 0 });
    const refused = await byId(refusedId);
    expect(refused).toMatchObject({ status: 'failed', attempts: 1 });
    expect(refused.lastError).toMatch(/550|mailbox/i);
  });

  it('takes over the mail from an instance that died while working it, once its lease is over', async () => {
    await enqueueMail(ctx(), SYSTEM_ACCOUNT, 'test', { to: 'late@example.org', subject: 'Orphan', text: 'Hello' });
    // Another instance claimed the mail subscriber and died without a word.
    const until = new Date(now + DISPATCH_POLICY.leaseSeconds * 1000).toISOString();
    await ctx().db.kysely.updateTable('event_subscribers').set({ claimed_by: 'dies-now', claimed_until: until }).where('name', '=', MAIL_SUBSCRIBER).execute();
    expect(await drain()).toMatchObject({ sent: 0 }); // still claimed
    now += DISPATCH_POLICY.leaseSeconds * 1000 + 1000;
    const before = sent();
    expect(await drain()).toMatchObject({ sent: 1 });
    expect(smtp.messages.slice(before).map((m) => m.subject)).toEqual(['Orphan']);
  });

  it('never sends one message twice when two app instances drain the outbox at once', async () => {
    const other: ServiceContext = await openContext(target(), { migrate: false, publicBaseUrl: ctx().publicBaseUrl, clock: () => new Date(now) });
    try {
      const n = 40;
      await inTransaction(ctx(), async (_trx, tx) => {
        for (let i = 0; i < n; i += 1) await enqueueMail(tx, SYSTEM_ACCOUNT, 'test', { to: `bulk${i}@example.org`, subject: `Bulk ${i}`, text: `Message ${i}` });
      });
      const before = sent();
      // Both drain at once: whichever holds the mail subscriber's lease sends, the other waits its turn.
      const [a, b] = await Promise.all([
        drainOutbox(ctx(), mail, { worker: 'instance-a' }),
        drainOutbox(other, mail, { worker: 'instance-b' }),
      ]);
      expect(a.sent + b.sent).toBe(n);
      const subjects = smtp.messages.slice(before).map((m) => m.subject).sort();
      expect(subjects).toEqual(Array.from({ length: n }, (_, i) => `Bulk ${i}`).sort());
      expect(new Set(subjects).size).toBe(n);
      expect(await listOutbox(ctx().db.kysely, { status: 'pending' })).toEqual([]);
      expect(await listOutbox(ctx().db.kysely, { status: 'sending' })).toEqual([]);
    } finally {
      await other.db.close();
    }
  });
});
