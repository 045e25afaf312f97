// Administration and one's own account, through the real server with a browser-like client:
// users (add, change role, disable, enable, never the last administrator), organisations, the audit
// log, API tokens created and revoked on /account, and stored markup shown as text everywhere.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildServer } from '../../src/app.js';
import { loadDemo } from '../../src/demo/load.js';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { listAudit } from '../../src/modules/accounts/admin-service.js';
import { routeTable } from '../../src/modules/accounts/permissions.js';
import { audit, createToken, findAccountByEmail } from '../../src/modules/accounts/service.js';
import type { HttpServer } from '../../src/platform/http/server.js';
import { listOutbox } from '../../src/modules/mail/outbox.js';
import { describeEachDatabase } from '../support/databases.js';
import { csrfFrom, formClient, type FormFields } from '../support/form-client.js';

/** The shared form client, checking that every page it loads and every sign-in succeeds. */
function browserOn(app: HttpServer) {
  const client = formClient(app);
  return {
    ...client,
    async submit(page: string, url: string, form: FormFields) {
      const loaded = await client.get(page);
      expect(loaded.statusCode, loaded.body.slice(0, 300)).toBe(200);
      return client.post(url, { _csrf: csrfFrom(loaded.body), ...form });
    },
    async signIn(email: string, password = DEMO_PASSWORD) {
      const res = await client.signIn(email, password);
      expect(res.statusCode, `sign in as ${email}: ${res.body.slice(0, 300)}`).toBe(303);
      return res;
    },
  };
}



/** A browser-like client: keeps cookies, reads the CSRF token from each form it loads. */

const ADMIN = 'admin@secretariat.example';
const ANALYST = 'bradley.baker@secas.example';
const MEMBER = 'hannah.pryce@utilita.example';
const PARTY = 'andy.knowles@utilita.example';
const SCRIPT = '<script>alert(1)</script>';
/** How Preact writes that name as text: "<" escaped, so no element can start. */
const ESCAPED = '&lt;script>alert(1)&lt;/script>';

describeEachDatabase('administration and own account pages', ({ ctx }) => {
  let app: HttpServer;
  let now = Date.parse('2026-06-01T09:00:00Z');
  let admin: ReturnType<typeof browserOn>;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const accountId = async (email: string) => (await findAccountByEmail(ctx().db.kysely, email))!.id;
  const auditRows = (kind: string) => ctx().db.kysely.selectFrom('audit_log').selectAll().where('kind', '=', kind).orderBy('at').execute();

  beforeAll(async () => {
    // A millisecond a reading, so the audit log's order is the order things happened.
    ctx().clock = () => new Date(now++);
    await loadDemo(ctx());
    app = await buildServer(ctx());
    admin = browserOn(app);
    await admin.signIn(ADMIN);
  });
  afterAll(async () => { await app?.close(); });

  it('shows an administrator the users and an "Admin" link, and keeps everyone else out of /admin (403)', async () => {
    const list = await admin.get('/admin/users');
    expect(list.statusCode).toBe(200);
    for (const email of [ADMIN, ANALYST, MEMBER, PARTY]) expect(list.body).toContain(email);
    expect(list.body).toContain('Utilita'); // the party user's organisation
    expect(list.body).toContain('OPSG'); // the member's committee
    expect(list.body).toContain('<a href="/admin/users">Admin</a>');
    expect(list.body).toContain('<a href="/account">Account</a>');

    const adminRoutes = Object.keys(routeTable(app.registeredRoutes)).filter((r) => r.split(' ')[1].startsWith('/admin/'));
    expect(adminRoutes.length).toBeGreaterThanOrEqual(10);
    for (const email of [ANALYST, MEMBER, PARTY]) {
      const other = browserOn(app);
      await other.signIn(email);
      const home = await other.get('/account');
      expect(home.statusCode).toBe(200);
      expect(home.body).toContain('<a href="/account">Account</a>');
      expect(home.body).not.toContain('href="/admin/users"');
      for (const route of adminRoutes) {
        const [method, pattern] = route.split(' ');
        const url = pattern.replace(':id', 'x');
        const res = method === 'GET' ? await other.get(url) : await other.post(url, { _csrf: csrfFrom(home.body), role: 'admin' });
        expect(res.statusCode, `${email} ${route}`).toBe(403);
      }
    }
  });

  it('adds a user with a chosen password, or shows a generated one once, and they can sign in', async () => {
    const res = await admin.submit('/admin/users/new', '/admin/users', {
      email: 'Nina.Patel@secas.example', name: 'Nina Patel', role: 'analyst', organisation: '', access: 'password', password: 'a long enough password',
    });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
    const id = await accountId('nina.patel@secas.example');
    expect(res.headers.location).toBe(`/admin/users/${id}?saved=added`);
    const page = await admin.get(res.headers.location as string);
    expect(page.body).toContain('User added.');
    expect(page.body).toContain('nina.patel@secas.example');
    await browserOn(app).signIn('nina.patel@secas.example', 'a long enough password');

    const generated = await admin.submit('/admin/users/new', '/admin/users', {
      email: 'omar.reid@utilita.example', name: 'Omar Reid', role: 'member', committee: ['OPSG', 'SSC'], access: 'password',
    });
    expect(generated.statusCode, generated.body.slice(0, 500)).toBe(200);
    expect(generated.headers['cache-control']).toBe('no-store');
    const password = /<code id="initial-password">([^<]+)<\/code>/.exec(generated.body)?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(12);
    const omar = browserOn(app);
    await omar.signIn('omar.reid@utilita.example', password);
    expect((await omar.get('/account')).body).toContain('OPSG, SSC');
    const detail = (await auditRows('user-added')).map((r) => r.detail);
    expect(detail).toContain('omar.reid@utilita.example as member (OPSG, SSC)');
    // The password is in neither the audit log nor the user's page.
    expect(JSON.stringify(await auditRows('user-added'))).not.toContain(password);
    expect((await admin.get(`/admin/users/${await accountId('omar.reid@utilita.example')}`)).body).not.toContain(password);
  });

  it('invites a new user by email by default: no password until they follow the link', async () => {
    const form = await admin.get('/admin/users/new');
    expect(form.body).toMatch(/value="invite" checked/);
    const res = await admin.submit('/admin/users/new', '/admin/users', { email: 'ivy.lane@secas.example', name: 'Ivy Lane', role: 'analyst' });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
    const id = await accountId('ivy.lane@secas.example');
    expect(res.headers.location).toBe(`/admin/users/${id}?saved=invited`);
    const page = await admin.get(res.headers.location as string);
    expect(page.body).toContain('User added and invited: an email with a link to choose a password is on its way to ivy.lane@secas.example.');
    expect(page.body).toContain('Not set yet');
    const row = await ctx().db.kysely.selectFrom('accounts').select('password_hash').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.password_hash).toBeNull();
    const mail = (await listOutbox(ctx().db.kysely, { limit: 20 })).find((m) => m.kind === 'invite' && (m.payload as { to: string }).to === 'ivy.lane@secas.example');
    expect(mail).toBeDefined();
    // Without a mail server the invitation waits in the outbox, where an administrator can read it.
    const outbox = await admin.get('/admin/outbox');
    expect(outbox.statusCode).toBe(200);
    expect(outbox.body).toContain('ivy.lane@secas.example');
    expect(outbox.body).toContain('/password/reset?token=');
    expect((await browserOn(app).get('/admin/outbox')).statusCode).toBe(303);
    expect((await auditRows('user-invited')).map((r) => r.account_id)).toContain(id);
    const odd = await admin.submit('/admin/users/new', '/admin/users', { email: 'odd@secas.example', name: 'Odd', role: 'analyst', access: 'carrier pigeon' });
    expect(odd.statusCode).toBe(400);
    expect(odd.body).toContain('How they get a password must be invite or password.');
  });

  it('refuses a bad new user with field messages, keeping what was typed (never the password)', async () => {
    const res = await admin.submit('/admin/users/new', '/admin/users', {
      email: 'not-an-email', name: 'Typed Name', role: 'party', organisation: '', access: 'password', password: 'short',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Email is not an email address.');
    expect(res.body).toContain('Organisation is required for a Party user.');
    expect(res.body).toContain('must be at least 12 characters');
    expect(res.body).toContain('value="Typed Name"');
    expect(res.body).toContain('value="not-an-email"');
    expect(res.body).not.toContain('value="short"');
    expect(res.body).toMatch(/value="password" checked/);

    const member = await admin.submit('/admin/users/new', '/admin/users', { email: 'm@x.example', name: 'M', role: 'member' });
    expect(member.statusCode).toBe(400);
    expect(member.body).toContain('Committees is required for a committee member.');
    expect(member.body).toContain('href="#f-committee"');

    const twice = await admin.submit('/admin/users/new', '/admin/users', { email: ANALYST.toUpperCase(), name: 'Again', role: 'analyst' });
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('is already used.');

    const noCsrf = await admin.post('/admin/users', { email: 'x@y.example', name: 'X', role: 'analyst' });
    expect(noCsrf.statusCode).toBe(403);
    expect(await findAccountByEmail(ctx().db.kysely, 'x@y.example')).toBeUndefined();
  });

  it('changes a role, organisation and committees in one audit row with before → after', async () => {
    const id = await accountId(PARTY);
    const res = await admin.submit(`/admin/users/${id}`, `/admin/users/${id}`, { role: 'member', organisation: '', committee: ['OPSG', 'TABASC'] });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
    expect(res.headers.location).toBe(`/admin/users/${id}?saved=changes`);
    const rows = (await auditRows('role-changed')).filter((r) => r.account_id === id);
    expect(rows).toHaveLength(1);
    expect(rows[0].actor_id).toBe(await accountId(ADMIN));
    expect(rows[0].detail).toBe(`${PARTY}: role: party → member; organisation: Utilita → —; committees: — → OPSG, TABASC`);
    const page = await admin.get(`/admin/users/${id}`);
    expect(page.body).toContain('Committee member');
    expect(page.body).toContain('OPSG, TABASC');

    // Nothing changed: no audit row.
    const same = await admin.submit(`/admin/users/${id}`, `/admin/users/${id}`, { role: 'member', organisation: '', committee: ['TABASC', 'OPSG'] });
    expect(same.statusCode).toBe(303);
    expect((await auditRows('role-changed')).filter((r) => r.account_id === id)).toHaveLength(1);

    // A Party user needs an organisation: the form comes back with the message and the values chosen.
    const bad = await admin.submit(`/admin/users/${id}`, `/admin/users/${id}`, { role: 'party', organisation: '', committee: 'SSC' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Organisation is required for a Party user.');
    expect(bad.body).toMatch(/<option value="party" selected/);
    expect(bad.body).toMatch(/value="SSC" checked/);
    expect((await admin.get('/admin/users/nobody')).statusCode).toBe(404);

    // And back, with the organisation chosen by id.
    const utilita = await ctx().db.kysely.selectFrom('organisations').select('id').where('name', '=', 'Utilita').executeTakeFirstOrThrow();
    const back = await admin.submit(`/admin/users/${id}`, `/admin/users/${id}`, { role: 'party', organisation: utilita.id });
    expect(back.statusCode).toBe(303);
    expect((await auditRows('role-changed')).at(-1)!.detail).toBe(`${PARTY}: role: member → party; organisation: — → Utilita; committees: OPSG, TABASC → —`);
  });

  it('disables a user: their session ends and their tokens stop working, until enabled again', async () => {
    const id = await accountId(ANALYST);
    const analyst = browserOn(app);
    await analyst.signIn(ANALYST);
    const { token } = await createToken(ctx(), { name: 'script', userEmail: ANALYST, scope: 'read' });
    expect((await analyst.get('/account')).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/proposals', headers: bearer(token) })).statusCode).toBe(200);

    const res = await admin.submit(`/admin/users/${id}`, `/admin/users/${id}/status`, { status: 'disabled' });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
    expect((await admin.get(res.headers.location as string)).body).toContain('The account is now disabled.');

    const after = await analyst.get('/account');
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toMatch(/^\/login\?next=/);
    const api = await app.inject({ method: 'GET', url: '/api/v1/proposals', headers: bearer(token) });
    expect(api.statusCode).toBe(401);
    const again = await browserOn(app).submit('/login', '/login', { email: ANALYST, password: DEMO_PASSWORD });
    expect(again.statusCode).toBe(401);
    const open = await ctx().db.kysely.selectFrom('sessions').select('id_hash').where('account_id', '=', id).where('ended_at', 'is', null).execute();
    expect(open).toEqual([]);
    expect((await auditRows('user-disabled')).at(-1)!.detail).toMatch(new RegExp(`^${ANALYST}: active → disabled \\(\\d+ sessions? ended\\)$`));
    expect((await admin.get('/admin/users')).body).toContain('Disabled');

    const enable = await admin.submit(`/admin/users/${id}`, `/admin/users/${id}/status`, { status: 'active' });
    expect(enable.statusCode).toBe(303);
    expect((await auditRows('user-enabled')).at(-1)!.detail).toBe(`${ANALYST}: disabled → active`);
    await browserOn(app).signIn(ANALYST);
    expect((await app.inject({ method: 'GET', url: '/api/v1/proposals', headers: bearer(token) })).statusCode).toBe(200);
  });

  it('never removes the last active administrator', async () => {
    const self = await accountId(ADMIN);
    const demote = await admin.submit(`/admin/users/${self}`, `/admin/users/${self}`, { role: 'analyst' });
    expect(demote.statusCode).toBe(409);
    expect(demote.body).toContain('You are the last active administrator');
    const disable = await admin.submit(`/admin/users/${self}`, `/admin/users/${self}/status`, { status: 'disabled' });
    expect(disable.statusCode).toBe(409);
    expect(disable.body).toContain('You are the last active administrator');
    const row = await ctx().db.kysely.selectFrom('accounts').select(['role', 'status']).where('id', '=', self).executeTakeFirstOrThrow();
    expect(row).toEqual({ role: 'admin', status: 'active' });
    expect((await admin.get('/admin/users')).statusCode).toBe(200);

    // With a second administrator, either may step down.
    const nina = await accountId('nina.patel@secas.example');
    expect((await admin.submit(`/admin/users/${nina}`, `/admin/users/${nina}`, { role: 'admin' })).statusCode).toBe(303);
    expect((await admin.submit(`/admin/users/${nina}`, `/admin/users/${nina}/status`, { status: 'disabled' })).statusCode).toBe(303);
    expect((await admin.submit(`/admin/users/${nina}`, `/admin/users/${nina}/status`, { status: 'active' })).statusCode).toBe(303);
    expect((await admin.submit(`/admin/users/${nina}`, `/admin/users/${nina}`, { role: 'analyst' })).statusCode).toBe(303);
    expect((await auditRows('role-changed')).at(-1)!.detail).toBe('nina.patel@secas.example: role: admin → analyst');
  });

  it('adds and edits organisations, refusing an unknown category and a name already used', async () => {
    const added = await admin.submit('/admin/organisations', '/admin/organisations', { name: 'Octopus Energy', partyCategory: 'large-supplier' });
    expect(added.statusCode, added.body.slice(0, 500)).toBe(303);
    const list = await admin.get('/admin/organisations');
    expect(list.body).toContain('Octopus Energy');
    expect(list.body).toContain('Large Supplier');

    const unknown = await admin.submit('/admin/organisations', '/admin/organisations', { name: 'Typed Org', partyCategory: 'pirates' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('Party category must be one of large-supplier');
    expect(unknown.body).toContain('value="Typed Org"');
    expect(unknown.body).toContain('id="f-partyCategory-error"');

    const duplicate = await admin.submit('/admin/organisations', '/admin/organisations', { name: 'octopus energy', partyCategory: '' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.body).toContain('An organisation called Octopus Energy already exists.');
    expect(duplicate.body).toContain('Name is already used by another organisation.');
    expect(duplicate.body).toContain('value="octopus energy"');

    const empty = await admin.submit('/admin/organisations', '/admin/organisations', { name: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Name is required.');

    const octopus = await ctx().db.kysely.selectFrom('organisations').select('id').where('name', '=', 'Octopus Energy').executeTakeFirstOrThrow();
    const edited = await admin.submit(`/admin/organisations/${octopus.id}`, `/admin/organisations/${octopus.id}`, { name: 'Octopus Energy Ltd', partyCategory: 'small-supplier' });
    expect(edited.statusCode).toBe(303);
    const clash = await admin.submit(`/admin/organisations/${octopus.id}`, `/admin/organisations/${octopus.id}`, { name: 'UTILITA', partyCategory: 'small-supplier' });
    expect(clash.statusCode).toBe(409);
    expect(clash.body).toContain('value="UTILITA"');
    const badCategory = await admin.submit(`/admin/organisations/${octopus.id}`, `/admin/organisations/${octopus.id}`, { name: 'Octopus Energy Ltd', partyCategory: 'nope' });
    expect(badCategory.statusCode).toBe(400);
    expect((await admin.get('/admin/organisations/nope')).statusCode).toBe(404);

    const row = await ctx().db.kysely.selectFrom('organisations').selectAll().where('id', '=', octopus.id).executeTakeFirstOrThrow();
    expect([row.name, row.party_category]).toEqual(['Octopus Energy Ltd', 'small-supplier']);
    expect((await auditRows('organisation-changed')).at(-1)!.detail)
      .toBe('Octopus Energy: name: Octopus Energy → Octopus Energy Ltd; party category: Large Supplier → Small Supplier');
    // The public organisation list reads the same table.
    const api = (await app.inject({ method: 'GET', url: '/api/v1/organisations' })).json();
    expect(api.items).toContainEqual({ id: octopus.id, name: 'Octopus Energy Ltd', partyCategory: 'small-supplier' });
  });

  it('shows the audit log newest first, a page at a time, filtered by kind and by user email', async () => {
    const all = await listAudit(ctx(), { limit: 200 });
    const times = all.items.map((e) => e.at);
    expect(times).toEqual([...times].sort().reverse());
    const page2 = await listAudit(ctx(), { limit: 3, offset: 3 });
    expect(page2.items.map((e) => e.id)).toEqual(all.items.slice(3, 6).map((e) => e.id));

    const byKind = await admin.get('/admin/audit?kind=role-changed');
    expect(byKind.statusCode).toBe(200);
    const kinds = [...byKind.body.matchAll(/<\/time><\/td><td[^>]*>([a-z-]+)<\/td>/g)].map((m) => m[1]);
    expect(kinds.length).toBeGreaterThan(0);
    expect(new Set(kinds)).toEqual(new Set(['role-changed']));
    expect(byKind.body).toContain('role: party → member');
    expect(byKind.body).toMatch(/<option value="role-changed" selected/);

    const byEmail = await admin.get(`/admin/audit?email=${encodeURIComponent(ANALYST.toUpperCase())}`);
    expect(byEmail.statusCode).toBe(200);
    expect(byEmail.body).toContain('user-disabled');
    expect(byEmail.body).not.toContain('omar.reid@utilita.example');
    // Entries done by a user are theirs too.
    const byAdmin = await listAudit(ctx(), { email: ADMIN, kind: 'organisation-added' });
    expect(byAdmin.total).toBeGreaterThan(0);
    const none = await admin.get('/admin/audit?kind=no-such-kind');
    expect(none.body).toContain('No entries match.');

    // Enough entries for a second page of 50.
    for (let i = 0; i < 60; i += 1) await audit(ctx().db.kysely, { kind: 'test-filler', detail: `filler ${i}` }, ctx().clock().toISOString());
    const first = await admin.get('/admin/audit');
    expect(first.body).toContain('rel="next"');
    expect(first.body).toContain('Showing 1–50 of');
    const second = await admin.get('/admin/audit?offset=50');
    expect(second.body).toContain('Showing 51–');
    expect(second.body).toContain('rel="prev"');
    const bad = await admin.get('/admin/audit?offset=minus');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('must be a whole number');
  });

  it('creates an API token on /account, shown once, that works until revoked', async () => {
    const member = browserOn(app);
    await member.signIn(MEMBER);
    const page = await member.get('/account');
    expect(page.statusCode).toBe(200);
    for (const text of ['Hannah Pryce', MEMBER, 'Committee member', 'OPSG', 'You have no API tokens.']) expect(page.body).toContain(text);

    const bad = await member.submit('/account', '/account/tokens', { name: ' ', scope: 'admin' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Token name is required.');
    expect(bad.body).toContain('Scope must be one of read, write.');

    const created = await member.submit('/account', '/account/tokens', { name: 'views script', scope: 'write' });
    expect(created.statusCode).toBe(200);
    expect(created.headers['cache-control']).toBe('no-store');
    const token = /<code id="new-token">(sec_[A-Za-z0-9_-]+)<\/code>/.exec(created.body)?.[1] ?? '';
    expect(token).not.toBe('');
    expect(created.body.split(token)).toHaveLength(2); // once
    const stored = await ctx().db.kysely.selectFrom('api_tokens').selectAll().where('name', '=', 'views script').executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(token);

    const later = await member.get('/account');
    expect(later.body).not.toContain(token);
    expect(later.body).toContain('views script');
    expect(later.body).toContain(`action="/account/tokens/${stored.id}/revoke"`);

    const view = await app.inject({ method: 'POST', url: '/api/v1/proposals/DP094/views', headers: bearer(token),
      payload: { committee: 'OPSG', impact: 'none', businessDate: '2019-11-26' } });
    expect(view.statusCode, view.body).toBe(201);
    expect((await app.inject({ method: 'GET', url: '/api/v1/proposals', headers: bearer(token) })).statusCode).toBe(200);
    expect((await member.get('/account')).body).not.toMatch(/views script<\/td><td>write<\/td><td><time[^>]*>[^<]*<\/time><\/td><td>Never/);

    // Someone else (not an administrator) cannot revoke it: to them it does not exist.
    const party = browserOn(app);
    await party.signIn(PARTY);
    const foreign = await party.submit('/account', `/account/tokens/${stored.id}/revoke`, {});
    expect(foreign.statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/v1/proposals', headers: bearer(token) })).statusCode).toBe(200);

    const revoked = await member.submit('/account', `/account/tokens/${stored.id}/revoke`, {});
    expect(revoked.statusCode).toBe(303);
    expect(revoked.headers.location).toBe('/account');
    expect((await app.inject({ method: 'GET', url: '/api/v1/proposals', headers: bearer(token) })).statusCode).toBe(401);
    const after = await member.get('/account');
    expect(after.body).not.toContain(`action="/account/tokens/${stored.id}/revoke"`);
    expect((await auditRows('token-revoked')).at(-1)!.account_id).toBe(await accountId(MEMBER));
  });

  it('shows stored markup as text on every admin page and in the header', async () => {
    const org = await admin.submit('/admin/organisations', '/admin/organisations', { name: SCRIPT, partyCategory: 'dcc' });
    expect(org.statusCode, org.body.slice(0, 300)).toBe(303);
    const orgId = (await ctx().db.kysely.selectFrom('organisations').select('id').where('name', '=', SCRIPT).executeTakeFirstOrThrow()).id;
    const user = await admin.submit('/admin/users/new', '/admin/users', {
      email: 'script@example.org', name: SCRIPT, role: 'party', organisation: orgId, access: 'password', password: 'a long enough password',
    });
    expect(user.statusCode, user.body.slice(0, 300)).toBe(303);
    const userId = await accountId('script@example.org');
    const { token } = await createToken(ctx(), { name: SCRIPT, userEmail: 'script@example.org' });
    expect(token).toMatch(/^sec_/);

    for (const url of ['/admin/users', `/admin/users/${userId}`, '/admin/organisations', `/admin/organisations/${orgId}`, '/admin/audit']) {
      const res = await admin.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain(ESCAPED);
      expect(res.body.toLowerCase(), url).not.toContain('<script');
    }
    const self = browserOn(app);
    await self.signIn('script@example.org', 'a long enough password');
    const account = await self.get('/account');
    expect(account.body).toContain(ESCAPED);
    expect(account.body.toLowerCase()).not.toContain('<script');
  });

  it('shows administrators each subscriber of the event stream, its failures, and sends a failed event again', async () => {
    const { enqueueMail } = await import('../../src/modules/mail/outbox.js');
    const { drainOutbox } = await import('../../src/modules/mail/subscriber.js');
    const { SYSTEM_ACCOUNT } = await import('../../src/modules/accounts/accounts.js');
    const { DISPATCH_POLICY } = await import('../../src/platform/events/dispatch.js');
    await drainOutbox(ctx()); // whatever the demo queued
    await enqueueMail(ctx(), SYSTEM_ACCOUNT, 'test', { to: 'nobody@example.org', subject: 'Down <b>server</b>', text: 'Hello' });
    const down = { smtpUrl: 'smtp://127.0.0.1:1', from: 'Secretariat <x@example.org>' };
    expect(await drainOutbox(ctx(), down)).toMatchObject({ retrying: 1 });
    const page = await admin.get('/admin/subscribers');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<strong>mail</strong>');
    expect(page.body).toMatch(/mail\.queued \(nobody@example\.org\): waiting after 1 attempt/);
    const retry = /action="(\/admin\/subscribers\/mail\/retries\/\d+)"/.exec(page.body)![1];
    const sent = await admin.post(retry, { _csrf: csrfFrom(page.body) });
    expect(sent.statusCode).toBe(303);
    const row = await ctx().db.kysely.selectFrom('event_retries').selectAll().where('subscriber', '=', 'mail').executeTakeFirstOrThrow();
    expect(Date.parse(row.run_after)).toBeLessThanOrEqual(now);
    expect(Date.parse(row.run_after)).toBeLessThan(now + DISPATCH_POLICY.firstRetrySeconds * 1000);
    for (const email of [ANALYST, MEMBER, PARTY]) {
      const other = browserOn(app);
      await other.signIn(email);
      expect((await other.get('/admin/subscribers')).statusCode, email).toBe(403);
    }
    expect((await app.inject({ method: 'GET', url: '/admin/subscribers' })).statusCode).toBe(303);
  });
});
