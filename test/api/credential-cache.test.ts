// Who a token or session stands for is kept by each app instance, but only while the credential
// epoch is unchanged: on each engine, with two instances on one database, a token revoked, an
// account disabled or changed, or a session ended through one instance (or by SQL typed by hand)
// is refused by the other at its very next request; and each kept credential answers as its own
// account, never as another's.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildServer } from '../../src/app.js';
import { SYSTEM_ACCOUNT } from '../../src/modules/accounts/accounts.js';
import { changeUser, setUserStatus } from '../../src/modules/accounts/admin-service.js';
import { credentialCache, currentEpoch } from '../../src/modules/accounts/credential-cache.js';
import { SESSION_COOKIE } from '../../src/modules/accounts/http.js';
import { addUser, authenticateToken, createToken, revokeToken } from '../../src/modules/accounts/service.js';
import { resolveSession, signOut, startSession } from '../../src/modules/accounts/sessions.js';
import type { HttpServer } from '../../src/platform/http/server.js';
import { describeEachDatabase } from '../support/databases.js';
import { anotherInstance } from './helpers.js';

describeEachDatabase('kept credentials on two instances', ({ ctx, target }) => {
  let a: HttpServer;
  let b: Awaited<ReturnType<typeof anotherInstance>>;

  beforeAll(async () => {
    a = await buildServer(ctx());
    b = await anotherInstance(ctx(), target());
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const read = (app: HttpServer, headers: Record<string, string>, url = '/api/v1/proposals?limit=1') => app.inject({ method: 'GET', url, headers });
  /** The name in the page header: who the instance took the reader for. */
  const viewerOn = async (app: HttpServer, headers: Record<string, string>) =>
    /<span>([^<]*) \(/.exec((await app.inject({ method: 'GET', url: '/modifications/', headers })).body)?.[1];

  it('refuses a token revoked through the other instance at once', async () => {
    const user = await addUser(ctx(), SYSTEM_ACCOUNT, { email: 'rita@example.org', name: 'Rita Reader', role: 'analyst' });
    const { token, id } = await createToken(ctx(), { name: 'ci', accountId: user.id, scope: 'read' });
    // Kept by B, then answered from its copy (the lookup is not run again).
    expect((await read(b.app, bearer(token))).statusCode).toBe(200);
    expect(credentialCache(b.ctx).tokens.size).toBe(1);
    const before = b.ctx.db.queryCount();
    expect((await read(b.app, bearer(token))).statusCode).toBe(200);
    const keyed = b.ctx.db.queryCount() - before;
    expect(keyed).toBe(2); // the epoch, then the list's key

    await revokeToken(ctx(), SYSTEM_ACCOUNT, id);
    const refused = await read(b.app, bearer(token));
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('UNAUTHENTICATED');
    expect((await read(a, bearer(token))).statusCode).toBe(401);
  });

  it('refuses the tokens of an account disabled through the other instance at once, and takes them back when enabled', async () => {
    const user = await addUser(ctx(), SYSTEM_ACCOUNT, { email: 'dora@example.org', name: 'Dora Disabled', role: 'analyst' });
    const { token } = await createToken(ctx(), { name: 'ci', accountId: user.id, scope: 'read' });
    expect((await read(b.app, bearer(token))).statusCode).toBe(200);
    await setUserStatus(ctx(), SYSTEM_ACCOUNT, user.id, 'disabled');
    expect((await read(b.app, bearer(token))).statusCode).toBe(401);
    await setUserStatus(ctx(), SYSTEM_ACCOUNT, user.id, 'active');
    expect((await read(b.app, bearer(token))).statusCode).toBe(200);
    // By SQL typed by hand too: the triggers move the epoch whoever writes.
    await ctx().db.kysely.updateTable('accounts').set({ status: 'disabled' }).where('id', '=', user.id).execute();
    expect((await read(b.app, bearer(token))).statusCode).toBe(401);
  });

  it('ends a session signed out or disabled through the other instance at once', async () => {
    const user = await addUser(ctx(), SYSTEM_ACCOUNT, { email: 'sam@example.org', name: 'Sam Session', role: 'analyst' });
    const now = ctx().clock().getTime();
    const first = await startSession(ctx().db.kysely, user.id, now);
    const cookie = (s: { sessionToken: string }) => ({ cookie: `${SESSION_COOKIE}=${s.sessionToken}` });
    expect((await b.app.inject({ method: 'GET', url: '/account', headers: cookie(first) })).statusCode).toBe(200);
    await signOut(ctx(), first.sessionToken);
    const after = await b.app.inject({ method: 'GET', url: '/account', headers: cookie(first) });
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toMatch(/^\/login/);

    const second = await startSession(ctx().db.kysely, user.id, now);
    expect((await b.app.inject({ method: 'GET', url: '/account', headers: cookie(second) })).statusCode).toBe(200);
    await setUserStatus(ctx(), SYSTEM_ACCOUNT, user.id, 'disabled');
    expect((await b.app.inject({ method: 'GET', url: '/account', headers: cookie(second) })).statusCode).toBe(303);
  });

  it('answers each kept credential as its own account, and a changed role at once', async () => {
    const one = await addUser(ctx(), SYSTEM_ACCOUNT, { email: 'una@example.org', name: 'Una First', role: 'analyst' });
    const two = await addUser(ctx(), SYSTEM_ACCOUNT, { email: 'tom@example.org', name: 'Tom Second', role: 'member', committee: ['OPSG'] });
    const t1 = (await createToken(ctx(), { name: 'one', accountId: one.id, scope: 'read' })).token;
    const t2 = (await createToken(ctx(), { name: 'two', accountId: two.id, scope: 'read' })).token;
    const s1 = (await startSession(ctx().db.kysely, one.id, ctx().clock().getTime())).sessionToken;
    const s2 = (await startSession(ctx().db.kysely, two.id, ctx().clock().getTime())).sessionToken;
    for (let i = 0; i < 2; i += 1) {
      expect(await viewerOn(b.app, bearer(t1))).toBe('Una First');
      expect(await viewerOn(b.app, bearer(t2))).toBe('Tom Second');
      expect(await viewerOn(b.app, { cookie: `${SESSION_COOKIE}=${s1}` })).toBe('Una First');
      expect(await viewerOn(b.app, { cookie: `${SESSION_COOKIE}=${s2}` })).toBe('Tom Second');
    }
    // A new role is the one the other instance acts with at its next request.
    await changeUser(ctx(), SYSTEM_ACCOUNT, one.id, { role: 'member', committee: ['OPSG'] });
    const header = await b.app.inject({ method: 'GET', url: '/modifications/', headers: bearer(t1) });
    expect(header.body).toContain('Una First (Committee member)');
  });

  it('keeps the epoch while credentials are only used (their use recorded, a session refreshed), not when one is taken away', async () => {
    const user = await addUser(ctx(), SYSTEM_ACCOUNT, { email: 'eve@example.org', name: 'Eve Epoch', role: 'analyst' });
    const { token, id } = await createToken(ctx(), { name: 'ci', accountId: user.id, scope: 'read' });
    const { sessionToken } = await startSession(ctx().db.kysely, user.id, ctx().clock().getTime() - 5 * 60_000);
    const epoch = await currentEpoch(ctx().db.kysely);
    // A fresh token's use is recorded; a session last seen five minutes ago is refreshed.
    expect(await authenticateToken(b.ctx, token)).not.toBeNull();
    expect(await resolveSession(b.ctx, sessionToken)).not.toBeNull();
    const used = await ctx().db.kysely.selectFrom('api_tokens').select('last_used_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(used.last_used_at).not.toBeNull();
    expect(await currentEpoch(ctx().db.kysely)).toBe(epoch);
    await revokeToken(ctx(), SYSTEM_ACCOUNT, id);
    expect(await currentEpoch(ctx().db.kysely)).not.toBe(epoch);
  });

  it('moves the epoch when a token or session is made, so a database restored from before it never matches what was kept since', async () => {
    const user = await addUser(ctx(), SYSTEM_ACCOUNT, { email: 'rhea@example.org', name: 'Rhea Restore', role: 'analyst' });
    const before = await currentEpoch(ctx().db.kysely);
    await createToken(ctx(), { name: 'new', accountId: user.id, scope: 'read' });
    const afterToken = await currentEpoch(ctx().db.kysely);
    expect(afterToken).not.toBe(before);
    await startSession(ctx().db.kysely, user.id, ctx().clock().getTime());
    expect(await currentEpoch(ctx().db.kysely)).not.toBe(afterToken);
  });
});
