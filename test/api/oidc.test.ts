// Single sign-on with OpenID Connect, end to end against a real provider (oidc-provider) started
// here: the code flow with PKCE signs an existing account in with a new database session, and every
// answer that does not check out (state, replay, nonce, provider error, unknown or unverified email,
// another browser, too late) is refused with a page, audited, and starts no session.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/app.js';
import { ConfigError, loadConfig, type OidcConfig } from '../../src/config.js';
import { loadDemo } from '../../src/demo/load.js';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { SYSTEM_ACCOUNT } from '../../src/modules/accounts/accounts.js';
import { OIDC_POLICY } from '../../src/modules/accounts/oidc.js';
import { routeTable } from '../../src/modules/accounts/permissions.js';
import { addUser, hashToken } from '../../src/modules/accounts/service.js';
import type { HttpServer } from '../../src/platform/http/server.js';
import { describeEachDatabase } from '../support/databases.js';
import { formClient as browserOn, type Inject } from '../support/form-client.js';
import { startOidcProvider, type TestProvider } from '../support/oidc-provider.js';


const ANALYST = 'bradley.baker@secas.example';

/** A browser-like client of the app (test/support/form-client.ts). */
type Browser = ReturnType<typeof browserOn>;

/** The path and query of the provider's answer, as the browser would request it from the app. */
const pathOf = (url: URL) => `${url.pathname}${url.search}`;

describe('single sign-on settings', () => {
  const full = { OIDC_ISSUER: 'https://id.example.org/realms/sec', OIDC_CLIENT_ID: 'secretariat', OIDC_CLIENT_SECRET: 's3cret' };
  const refusal = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return error as ConfigError;
    }
    throw new Error('expected a ConfigError');
  };

  it('is off without the OIDC_* variables, and on with all three', () => {
    expect(loadConfig({}).oidc).toBeUndefined();
    expect(loadConfig({ OIDC_ISSUER: ' ', OIDC_CLIENT_ID: '' }).oidc).toBeUndefined();
    expect(loadConfig(full).oidc).toEqual({ issuer: full.OIDC_ISSUER, clientId: 'secretariat', clientSecret: 's3cret', displayName: 'Single sign-on' });
    expect(loadConfig({ ...full, OIDC_DISPLAY_NAME: 'Okta' }).oidc?.displayName).toBe('Okta');
    expect(loadConfig({ ...full, OIDC_ISSUER: 'http://localhost:8080/realms/sec' }).oidc?.issuer).toBe('http://localhost:8080/realms/sec');
  });

  it('stops start-up on a partial set, naming the missing variable and never the secret', () => {
    for (const missing of Object.keys(full)) {
      const error = refusal(Object.fromEntries(Object.entries(full).filter(([k]) => k !== missing)));
      expect(error.variable).toBe(missing);
      expect(error.message).not.toContain('s3cret');
    }
    expect(refusal({ OIDC_DISPLAY_NAME: 'Okta' }).variable).toBe('OIDC_ISSUER');
    expect(refusal({ OIDC_CLIENT_SECRET: 's3cret' }).message).toMatch(/^OIDC_ISSUER: is not set, but OIDC_CLIENT_SECRET is/);
  });

  it('wants an https issuer (http only on this machine)', () => {
    for (const issuer of ['http://id.example.org', 'id.example.org', 'https://id.example.org/?x=1', 'ftp://localhost']) {
      expect(refusal({ ...full, OIDC_ISSUER: issuer }).variable, issuer).toBe('OIDC_ISSUER');
    }
  });
});

describeEachDatabase('single sign-on with OpenID Connect', ({ ctx }) => {
  let provider: TestProvider;
  let app: HttpServer;
  let plain: HttpServer;
  let settings: OidcConfig;
  let clockOffset = 0;

  beforeAll(async () => {
    ctx().clock = () => new Date(Date.now() + clockOffset);
    await loadDemo(ctx());
    await addUser(ctx(), SYSTEM_ACCOUNT, { email: 'left@secas.example', name: 'Left Early', role: 'analyst' });
    await ctx().db.kysely.updateTable('accounts').set({ status: 'disabled' }).where('email', '=', 'left@secas.example').execute();
    provider = await startOidcProvider({
      redirectUri: `${ctx().publicBaseUrl}/login/oidc/callback`,
      users: {
        analyst: { email: ANALYST, email_verified: true },
        shouting: { email: ANALYST.toUpperCase() },
        stranger: { email: 'nobody@elsewhere.example', email_verified: true },
        unverified: { email: ANALYST, email_verified: false },
        departed: { email: 'left@secas.example', email_verified: true },
        anonymous: {},
      },
    });
    settings = { issuer: provider.issuer, clientId: provider.clientId, clientSecret: provider.clientSecret, displayName: 'Example ID' };
    app = await buildServer(ctx(), { oidc: settings });
    plain = await buildServer(ctx());
    await Promise.all([app.ready(), plain.ready()]);
  });
  afterAll(async () => {
    await app?.close();
    await plain?.close();
    await provider?.stop();
  });

  const sessionCount = async () => Number((await ctx().db.kysely.selectFrom('sessions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const failures = async () => (await ctx().db.kysely.selectFrom('audit_log').select('detail').where('kind', '=', 'sign-in-failed')
    .where('detail', 'like', 'oidc:%').execute()).map((r) => r.detail);

  /** Starts a flow in the browser; returns the provider URL it was sent to. */
  async function start(browser: Browser, next = '/modifications/new'): Promise<URL> {
    const res = await browser.get(`/login/oidc?next=${encodeURIComponent(next)}`);
    expect(res.statusCode, res.body).toBe(303);
    const url = new URL(res.headers.location as string);
    expect(url.origin).toBe(provider.issuer);
    return url;
  }

  /** Expects the answer to be refused: a page with that status, no session, one more audited failure with that reason. */
  async function expectRefused(browser: Browser, path: string, status: number, reason: string): Promise<Inject> {
    const [sessionsBefore, failuresBefore] = [await sessionCount(), await failures()];
    const res = await browser.get(path);
    expect(res.statusCode, res.body.slice(0, 500)).toBe(status);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('Not signed in');
    expect((res.cookies as { name: string }[]).map((c) => c.name)).not.toContain('sec_session');
    expect(await sessionCount()).toBe(sessionsBefore);
    expect((await failures()).slice(failuresBefore.length)).toEqual([`oidc: ${reason}`]);
    return res;
  }

  it('shows "Sign in with …" on the sign-in page only when single sign-on is configured', async () => {
    const page = await browserOn(app).get('/login?next=/papers/');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Sign in with Example ID');
    expect(page.body).toContain('href="/login/oidc?next=%2Fpapers%2F"');
    const without = await browserOn(plain).get('/login');
    expect(without.statusCode).toBe(200);
    expect(without.body).not.toContain('Sign in with');
    expect(without.body).not.toContain('/login/oidc');
    expect((await browserOn(plain).get('/login/oidc')).statusCode).toBe(404);
    expect((await browserOn(plain).get('/login/oidc/callback?code=x&state=y')).statusCode).toBe(404);
  });

  it('registers the single sign-on routes, each declaring that it is part of signing in', () => {
    const table = routeTable(app.registeredRoutes);
    expect(Object.entries(table).filter(([route]) => route.includes(' /login/oidc'))).toEqual([
      ['GET /login/oidc', 'session.manage'], ['GET /login/oidc/callback', 'session.manage'],
    ]);
  });

  it('signs an analyst in through the provider with the code flow and PKCE, with a new session like a password sign-in', async () => {
    const browser = browserOn(app);
    // Signed in with a password first: single sign-on must still hand out a new session id.
    const form = await browser.get('/login');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1];
    expect((await browser.post('/login', { _csrf: csrf, email: ANALYST, password: DEMO_PASSWORD, next: '/' })).statusCode).toBe(303);
    const passwordSession = browser.jar.sec_session;

    const authorize = await start(browser);
    const q = authorize.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe(provider.clientId);
    expect(q.get('redirect_uri')).toBe(`${ctx().publicBaseUrl}/login/oidc/callback`);
    expect(q.get('scope')).toBe('openid email');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(q.get('nonce')).toBeTruthy();
    const state = q.get('state')!;
    expect(browser.jar.sec_oidc).toBe(state);
    const flow = await ctx().db.kysely.selectFrom('oidc_logins').selectAll().where('id_hash', '=', hashToken(state)).executeTakeFirstOrThrow();
    expect(flow).toMatchObject({ next: '/modifications/new', used_at: null, nonce: q.get('nonce') });
    expect(authorize.href).not.toContain(flow.verifier);

    const answer = await provider.authorize(authorize.href, 'analyst');
    expect(answer.origin + answer.pathname).toBe(`${ctx().publicBaseUrl}/login/oidc/callback`);
    expect(answer.searchParams.get('code')).toBeTruthy();
    expect(answer.searchParams.get('state')).toBe(state);

    const sessionsBefore = await sessionCount();
    const done = await browser.get(pathOf(answer));
    expect(done.statusCode, done.body.slice(0, 500)).toBe(303);
    expect(done.headers.location).toBe('/modifications/new');
    const cookie = (done.cookies as { name: string; value: string; httpOnly?: boolean; sameSite?: string; secure?: boolean; path?: string; maxAge?: number }[])
      .find((c) => c.name === 'sec_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: true, path: '/', maxAge: 12 * 3600 });
    expect(cookie.value).not.toBe(passwordSession);
    expect(browser.jar.sec_oidc).toBeUndefined();
    expect(await sessionCount()).toBe(sessionsBefore + 1);
    const stored = await ctx().db.kysely.selectFrom('sessions').select('id_hash').where('id_hash', '=', hashToken(cookie.value)).executeTakeFirst();
    expect(stored).toBeTruthy();

    const page = await browser.get('/modifications/new');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Bradley Baker (Secretariat analyst)');
    const account = await ctx().db.kysely.selectFrom('accounts').select('id').where('email', '=', ANALYST).executeTakeFirstOrThrow();
    const signIns = await ctx().db.kysely.selectFrom('audit_log').select(['account_id', 'detail']).where('kind', '=', 'sign-in').where('detail', '=', 'oidc').execute();
    expect(signIns).toEqual([{ account_id: account.id, detail: 'oidc' }]);
    const used = await ctx().db.kysely.selectFrom('oidc_logins').select('used_at').where('id_hash', '=', hashToken(state)).executeTakeFirstOrThrow();
    expect(used.used_at).toBeTruthy();
  });

  it('matches the email without regard to case, and only returns to a path on this site', async () => {
    const browser = browserOn(app);
    const authorize = await start(browser, 'https://evil.example/steal');
    const flow = await ctx().db.kysely.selectFrom('oidc_logins').select('next').where('id_hash', '=', hashToken(authorize.searchParams.get('state')!)).executeTakeFirstOrThrow();
    expect(flow.next).toBe('/');
    const done = await browser.get(pathOf(await provider.authorize(authorize.href, 'shouting')));
    expect(done.statusCode, done.body.slice(0, 500)).toBe(303);
    expect(done.headers.location).toBe('/');
    expect((await browser.get('/modifications/new')).statusCode).toBe(200);
  });

  it('refuses a wrong or missing state, and the right one still works afterwards', async () => {
    const browser = browserOn(app);
    const answer = await provider.authorize((await start(browser)).href, 'analyst');
    const wrong = new URL(answer);
    wrong.searchParams.set('state', 'not-the-state-we-sent');
    const res = await expectRefused(browser, pathOf(wrong), 400, 'unknown state');
    expect(res.body).toContain('does not match a sign-in started here');
    const missing = new URL(answer);
    missing.searchParams.delete('state');
    await expectRefused(browser, pathOf(missing), 400, 'missing state');
    expect((await browser.get(pathOf(answer))).statusCode).toBe(303);
  });

  it('refuses an ID token whose nonce is not the one stored for the state (an injected answer)', async () => {
    const browser = browserOn(app);
    const authorize = await start(browser);
    const state = authorize.searchParams.get('state')!;
    const stored = await ctx().db.kysely.selectFrom('oidc_logins').select('nonce').where('id_hash', '=', hashToken(state)).executeTakeFirstOrThrow();
    // The provider is asked for a different nonce: state, PKCE and code are all genuine, so only
    // the nonce in the ID token differs from what this site stored for the state.
    const tampered = new URL(authorize);
    tampered.searchParams.set('nonce', 'a-nonce-this-site-never-made');
    expect(tampered.searchParams.get('nonce')).not.toBe(stored.nonce);
    const answer = await provider.authorize(tampered.href, 'analyst');
    expect(answer.searchParams.get('state')).toBe(state);
    expect(answer.searchParams.get('code')).toBeTruthy();
    const res = await expectRefused(browser, pathOf(answer), 400, 'answer refused: nonce mismatch');
    expect(res.body).toContain('did not check out');
  });

  it('refuses a replayed answer (the same state twice), in the same browser or another', async () => {
    const browser = browserOn(app);
    const answer = await provider.authorize((await start(browser)).href, 'analyst');
    expect((await browser.get(pathOf(answer))).statusCode).toBe(303);
    const res = await expectRefused(browser, pathOf(answer), 400, 'replayed state');
    expect(res.body).toContain('already been used');
    await expectRefused(browserOn(app), pathOf(answer), 400, 'replayed state');
  });

  it('refuses an email with no account here, and creates none', async () => {
    const accounts = async () => (await ctx().db.kysely.selectFrom('accounts').select('id').execute()).length;
    const before = await accounts();
    const browser = browserOn(app);
    const answer = await provider.authorize((await start(browser)).href, 'stranger');
    const res = await expectRefused(browser, pathOf(answer), 403, 'no active account for nobody@elsewhere.example');
    expect(res.body).toContain('No active account here has the email nobody@elsewhere.example');
    expect(res.body).toContain('does not create accounts');
    expect(await accounts()).toBe(before);
  });

  it('refuses a disabled account, an unverified email and an answer without an email', async () => {
    const departed = browserOn(app);
    await expectRefused(departed, pathOf(await provider.authorize((await start(departed)).href, 'departed')), 403, 'no active account for left@secas.example');
    const unverified = browserOn(app);
    const res = await expectRefused(unverified, pathOf(await provider.authorize((await start(unverified)).href, 'unverified')), 403, `email not verified: ${ANALYST}`);
    expect(res.body).toContain('has not verified your email address');
    const anonymous = browserOn(app);
    await expectRefused(anonymous, pathOf(await provider.authorize((await start(anonymous)).href, 'anonymous')), 403, 'no email claim');
  });

  it('refuses the provider\'s error answer (the user cancelled) and uses the state up', async () => {
    const browser = browserOn(app);
    const answer = await provider.authorize((await start(browser)).href, null);
    expect(answer.searchParams.get('error')).toBe('access_denied');
    const res = await expectRefused(browser, pathOf(answer), 403, 'provider error access_denied');
    expect(res.body).toContain('Example ID did not sign you in (access_denied');
    const state = answer.searchParams.get('state')!;
    const flow = await ctx().db.kysely.selectFrom('oidc_logins').select('used_at').where('id_hash', '=', hashToken(state)).executeTakeFirstOrThrow();
    expect(flow.used_at).toBeTruthy();
  });

  it('refuses an answer brought to another browser than the one that started the sign-in', async () => {
    const victim = browserOn(app);
    const answer = await provider.authorize((await start(browserOn(app))).href, 'analyst');
    await expectRefused(victim, pathOf(answer), 400, 'state not from this browser');
  });

  it(`refuses an answer more than ${OIDC_POLICY.flowMinutes} minutes after the start`, async () => {
    const browser = browserOn(app);
    const answer = await provider.authorize((await start(browser)).href, 'analyst');
    clockOffset = (OIDC_POLICY.flowMinutes + 1) * 60_000;
    try {
      await expectRefused(browser, pathOf(answer), 400, 'expired state');
    } finally {
      clockOffset = 0;
    }
  });

  it('says so when the provider cannot be reached, and starts nothing', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const down = await buildServer(ctx(), { oidc: { ...settings, issuer: `http://127.0.0.1:${port}` } });
    try {
      const res = await browserOn(down).get('/login/oidc');
      expect(res.statusCode).toBe(502);
      expect(res.body).toContain('Example ID cannot be reached just now');
      expect((res.cookies as { name: string }[]).map((c) => c.name)).not.toContain('sec_oidc');
    } finally {
      await down.close();
    }
  });
});
