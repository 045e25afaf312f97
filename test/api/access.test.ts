// Who may do what, through the real server: the permission table covers every registered route,
// anonymous writes are refused before anything else, roles are held to their permissions, forms
// need a CSRF token, and sign-in sessions start, expire and end as they should.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/app.js';
import { loadDemo } from '../../src/demo/load.js';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { SYSTEM_ACCOUNT } from '../../src/modules/accounts/accounts.js';
import { PERMISSIONS, routeTable, type Permission } from '../../src/modules/accounts/permissions.js';
import { SESSION_POLICY } from '../../src/modules/accounts/sessions.js';
import { addUser, createToken } from '../../src/modules/accounts/service.js';
import type { HttpServer } from '../../src/platform/http/server.js';
import { describeEachDatabase } from '../support/databases.js';
import { formClient as browserOn, type Inject } from '../support/form-client.js';


function cookiesOf(res: Inject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of res.cookies as { name: string; value: string }[]) out[c.name] = c.value;
  return out;
}



describe('the permission table', () => {
  let app: HttpServer;
  let close: () => Promise<void>;
  let ROUTES: Record<string, Permission>;
  beforeAll(async () => {
    const { freshDatabase } = await import('../support/databases.js');
    const { openContext } = await import('../../src/app.js');
    const db = await freshDatabase('sqlite');
    const ctx = await openContext(db.target);
    app = await buildServer(ctx);
    await app.ready();
    ROUTES = routeTable(app.registeredRoutes) as Record<string, Permission>;
    close = async () => { await app.close(); await ctx.db.close(); await db.drop(); };
  });
  afterAll(() => close());

  it('has every route the server registered declare a permission of the table', () => {
    const table = routeTable(app.registeredRoutes);
    expect(Object.keys(table).length).toBeGreaterThan(90);
    expect(Object.entries(table).filter(([, p]) => p === undefined || !(p in PERMISSIONS)).map(([route]) => route)).toEqual([]);
  });

  it('refuses a route that declares no permission, whoever asks', async () => {
    const { freshDatabase } = await import('../support/databases.js');
    const { openContext } = await import('../../src/app.js');
    const db = await freshDatabase('sqlite');
    const ctx = await openContext(db.target);
    const bare = await buildServer(ctx);
    bare.get('/undeclared', async () => 'never sent');
    const res = await bare.inject({ method: 'GET', url: '/undeclared' });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('declares no permission');
    expect(res.body).not.toContain('never sent');
    await bare.close();
    await ctx.db.close();
    await db.drop();
  });

  it('gives every permission a purpose and at least one role, and only admins manage users', () => {
    for (const [name, p] of Object.entries(PERMISSIONS)) {
      expect(p.who.length, name).toBeGreaterThan(0);
      expect(p.what.length, name).toBeGreaterThan(10);
    }
    expect(PERMISSIONS['users.manage'].who).toEqual(['admin']);
    expect(PERMISSIONS['proposals.write'].who).not.toContain('public');
  });

  it('refuses every mutating API route to anonymous callers with 401, before validating the body', async () => {
    const writes = Object.keys(ROUTES).filter((r) => /^(POST|PUT|PATCH|DELETE) \/api\//.test(r));
    expect(writes.length).toBeGreaterThan(10);
    for (const route of writes) {
      const [method, pattern] = route.split(' ');
      const url = pattern.replace(':ref', 'DP001').replace(':id', 'x').replace(':code', 'OPSG');
      const res = await app.inject({ method: method as 'POST', url, payload: { nonsense: true } });
      expect(res.statusCode, route).toBe(401);
      expect(res.json().error.code, route).toBe('UNAUTHENTICATED');
    }
  });

  it('sends anonymous visitors of every mutating page to sign in, and lets them read the register', async () => {
    const pages = Object.keys(ROUTES).filter((r) => !r.includes(' /api/') && ROUTES[r] !== 'site.read' && ROUTES[r] !== 'session.manage');
    for (const route of pages) {
      const [method, pattern] = route.split(' ');
      const url = pattern.replace(':slug', 'x').replace(':id', 'x').replace(':code', 'OPSG').replace(':date', '2019-11-26');
      const res = await app.inject({ method: method as 'GET', url });
      expect(res.statusCode, route).toBe(303);
      expect(res.headers.location, route).toMatch(/^\/login\?next=/);
    }
    expect((await app.inject({ method: 'GET', url: '/modifications/' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/proposals' })).statusCode).toBe(200);
  });

  it('refuses a malformed Authorization header and an unknown token with 401 even on reads', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/proposals', headers: { authorization: 'Basic abc' } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/v1/proposals', headers: { authorization: 'Bearer sec_nope' } })).statusCode).toBe(401);
  });
});

describeEachDatabase('roles, tokens, sessions and CSRF', ({ ctx }) => {
  let app: HttpServer;
  let now = Date.parse('2026-06-01T09:00:00Z');
  beforeAll(async () => {
    ctx().clock = () => new Date(now);
    await loadDemo(ctx());
    app = await buildServer(ctx());
  });
  afterAll(async () => { await app?.close(); });

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('holds each role to its permissions, through tokens', async () => {
    const party = await createToken(ctx(), { name: 'p', userEmail: 'andy.knowles@utilita.example' });
    const member = await createToken(ctx(), { name: 'm', userEmail: 'hannah.pryce@utilita.example' });
    const analyst = await createToken(ctx(), { name: 'a', userEmail: 'bradley.baker@secas.example' });
    const reader = await createToken(ctx(), { name: 'r', userEmail: 'bradley.baker@secas.example', scope: 'read' });
    const raise = (token: string) => app.inject({ method: 'POST', url: '/api/v1/proposals', headers: bearer(token), payload: { title: 'By role' } });
    expect((await raise(party.token)).statusCode).toBe(403);
    expect((await raise(member.token)).statusCode).toBe(403);
    expect((await raise(reader.token)).statusCode).toBe(403);
    expect((await raise(analyst.token)).statusCode).toBe(201);
    const preview = (token: string) => app.inject({ method: 'GET', url: '/api/v1/papers/preview?committee=OPSG&date=2019-11-26&format=md', headers: bearer(token) });
    expect((await preview(member.token)).statusCode).toBe(200);
    expect((await preview(party.token)).statusCode).toBe(403);
    const issue = (token: string) => app.inject({ method: 'POST', url: '/api/v1/papers', headers: bearer(token), payload: { committee: 'OPSG', date: '2019-11-26' } });
    expect((await issue(member.token)).statusCode).toBe(403);
    // A member records views for their own committee only.
    const view = (committee: string) => app.inject({ method: 'POST', url: '/api/v1/proposals/DP094/views', headers: bearer(member.token),
      payload: { committee, impact: 'potential', businessDate: '2019-11-26' } });
    expect((await view('OPSG')).statusCode).toBe(201);
    expect((await view('SSC')).statusCode).toBe(403);
    const audit = await ctx().db.kysely.selectFrom('audit_log').select('kind').where('kind', '=', 'token-used').execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it('signs in with email and password, with a new HttpOnly SameSite=Lax session cookie', async () => {
    const browser = browserOn(app);
    const res = await browser.signIn('bradley.baker@secas.example');
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe('/modifications/');
    const cookie = (res.cookies as { name: string; httpOnly?: boolean; sameSite?: string; value: string }[]).find((c) => c.name === 'sec_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const stored = await ctx().db.kysely.selectFrom('sessions').select('id_hash').execute();
    expect(stored.some((s) => s.id_hash === cookie.value)).toBe(false);
    const page = await browser.get('/modifications/new');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Bradley Baker (Secretariat analyst)');
    const again = await browserOn(app).signIn('bradley.baker@secas.example');
    expect(cookiesOf(again).sec_session).not.toBe(cookie.value);
  });

  it('refuses a form post without a valid CSRF token with 403, and takes it with one', async () => {
    const browser = browserOn(app);
    await browser.signIn('bradley.baker@secas.example');
    const without = await browser.post('/modifications/new', { title: 'No token' });
    expect(without.statusCode).toBe(403);
    const wrong = await browser.post('/modifications/new', { title: 'Wrong token', _csrf: 'forged' });
    expect(wrong.statusCode).toBe(403);
    const form = await browser.get('/modifications/new');
    const ok = await browser.post('/modifications/new', { title: 'With token', _csrf: browser.csrfFrom(form.body) });
    expect(ok.statusCode, ok.body.slice(0, 300)).toBe(303);
  });

  it('keeps a party user and a committee member away from Secretariat pages (403)', async () => {
    const party = browserOn(app);
    expect((await party.signIn('andy.knowles@utilita.example')).statusCode).toBe(303);
    expect((await party.get('/modifications/new')).statusCode).toBe(403);
    expect((await party.get('/papers/OPSG/2019-11-26')).statusCode).toBe(403);
    const member = browserOn(app);
    await member.signIn('hannah.pryce@utilita.example');
    expect((await member.get('/papers/OPSG/2019-11-26')).statusCode).toBe(200);
    expect((await member.get('/modifications/new')).statusCode).toBe(403);
  });

  it('slows down repeated failed sign-ins, then locks the account, and says how long to wait', async () => {
    const browser = browserOn(app);
    const email = 'admin@secretariat.example';
    const statuses: number[] = [];
    for (let i = 0; i < SESSION_POLICY.slowAfter; i += 1) statuses.push((await browser.signIn(email, 'wrong password!')).statusCode);
    expect(statuses).toEqual([401, 401, 401]);
    const slowed = await browser.signIn(email, DEMO_PASSWORD);
    expect(slowed.statusCode).toBe(429);
    expect(Number(slowed.headers['retry-after'])).toBeGreaterThan(0);
    for (let i = SESSION_POLICY.slowAfter; i < SESSION_POLICY.lockAfter; i += 1) {
      now += 60_000;
      expect((await browser.signIn(email, 'wrong password!')).statusCode).toBe(401);
    }
    now += 60_000;
    const locked = await browser.signIn(email, DEMO_PASSWORD);
    expect(locked.statusCode).toBe(423);
    expect(locked.body).toContain('locked');
    now += SESSION_POLICY.lockMinutes * 60_000;
    expect((await browser.signIn(email, DEMO_PASSWORD)).statusCode).toBe(303);
    const kinds = (await ctx().db.kysely.selectFrom('audit_log').select('kind').execute()).map((r) => r.kind);
    expect(kinds).toEqual(expect.arrayContaining(['sign-in', 'sign-in-failed', 'sign-in-locked']));
  });

  it('ends a session after the idle time, after the absolute time, and at sign-out', async () => {
    const idle = browserOn(app);
    await idle.signIn('bradley.baker@secas.example');
    now += (SESSION_POLICY.idleMinutes - 1) * 60_000;
    expect((await idle.get('/modifications/new')).statusCode).toBe(200);
    now += (SESSION_POLICY.idleMinutes + 1) * 60_000;
    expect((await idle.get('/modifications/new')).statusCode).toBe(303);

    const busy = browserOn(app);
    await busy.signIn('bradley.baker@secas.example');
    for (let t = 0; t < SESSION_POLICY.absoluteHours * 60; t += SESSION_POLICY.idleMinutes - 5) {
      now += (SESSION_POLICY.idleMinutes - 5) * 60_000;
      await busy.get('/modifications/');
    }
    expect((await busy.get('/modifications/new')).statusCode).toBe(303);

    const leaving = browserOn(app);
    await leaving.signIn('bradley.baker@secas.example');
    const sid = leaving.jar.sec_session;
    const page = await leaving.get('/modifications/');
    const out = await leaving.post('/logout', { _csrf: leaving.csrfFrom(page.body) });
    expect(out.statusCode).toBe(303);
    const replay = await app.inject({ method: 'GET', url: '/modifications/new', headers: { cookie: `sec_session=${sid}` } });
    expect(replay.statusCode).toBe(303);
  });

  it('stores passwords as argon2id and refuses a short one', async () => {
    const row = await ctx().db.kysely.selectFrom('accounts').select('password_hash').where('email', '=', 'bradley.baker@secas.example').executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    await expect(addUser(ctx(), SYSTEM_ACCOUNT, { email: 'x@y.example', name: 'X', role: 'analyst', password: 'short' }))
      .rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(addUser(ctx(), SYSTEM_ACCOUNT, { email: 'p@y.example', name: 'P', role: 'party' }))
      .rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
