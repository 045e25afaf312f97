// A bearer token or a session cookie becomes the acting account, with its committees, in one query
// on each database, and keeps refusing what it refused: revoked tokens, ended or expired sessions,
// disabled accounts. Last-used times are still written at most once a minute.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { SYSTEM_ACCOUNT } from '../../src/modules/accounts/accounts.js';
import { addUser, authenticateToken, createToken, loadActor, revokeToken } from '../../src/modules/accounts/service.js';
import { resolveSession, startSession } from '../../src/modules/accounts/sessions.js';

let now = Date.parse('2026-06-01T09:00:00Z');
const minutes = (n: number) => { now += n * 60_000; };

describeEachDatabase('credentials to actors', ({ ctx }) => {
  const queries = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
    const before = ctx().db.queryCount();
    const result = await fn();
    return [result, ctx().db.queryCount() - before];
  };
  const statusOf = (id: string, status: 'active' | 'disabled') => ctx().db.kysely.updateTable('accounts').set({ status }).where('id', '=', id).execute();
  let member: { id: string };
  let reader: { id: string };

  it('reads a member and their committees, sorted, in one query', async () => {
    member = await addUser(ctx(), SYSTEM_ACCOUNT, { email: 'mo@example.org', name: 'Mo Member', role: 'member', committee: ['SSC', 'OPSG', 'CSC'] });
    reader = await addUser(ctx(), SYSTEM_ACCOUNT, { email: 'ana@example.org', name: 'Ana Analyst', role: 'analyst' });
    const [actor, count] = await queries(() => loadActor(ctx().db.kysely, member.id));
    expect(actor).toEqual({ id: member.id, name: 'Mo Member', role: 'member', organisationId: null, committees: ['CSC', 'OPSG', 'SSC'] });
    expect(count).toBe(1);
    expect((await loadActor(ctx().db.kysely, reader.id))?.committees).toEqual([]);
    expect(await loadActor(ctx().db.kysely, 'acc_nobody')).toBeNull();
  });

  it('turns a token into its actor in one query, recording its use at most once a minute', async () => {
    const { token, id } = await createToken(ctx(), { name: 'ci', accountId: member.id, scope: 'read' });
    const usesRecorded = async () => (await ctx().db.kysely.selectFrom('audit_log').select('detail').where('kind', '=', 'token-used').execute())
      .filter((r) => r.detail === id).length;

    const [first, firstCount] = await queries(() => authenticateToken(ctx(), token, '192.0.2.1'));
    expect(first).toEqual({ scope: 'read', actor: { id: member.id, name: 'Mo Member', role: 'member', organisationId: null, committees: ['CSC', 'OPSG', 'SSC'] } });
    expect(firstCount).toBe(3); // the lookup, then last_used_at and the audit entry
    minutes(0.5);
    const [again, againCount] = await queries(() => authenticateToken(ctx(), token));
    expect(again?.actor.id).toBe(member.id);
    expect(againCount).toBe(1);
    expect(await usesRecorded()).toBe(1);
    minutes(2);
    expect((await queries(() => authenticateToken(ctx(), token)))[1]).toBe(3);
    expect(await usesRecorded()).toBe(2);
    const stamped = await ctx().db.kysely.selectFrom('api_tokens').select('last_used_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(stamped.last_used_at).toBe(new Date(now).toISOString());
  });

  it('refuses an unknown or malformed token, a revoked one, and one whose account is disabled', async () => {
    const { token, id } = await createToken(ctx(), { name: 'soon revoked', accountId: reader.id });
    const other = await createToken(ctx(), { name: 'kept', accountId: reader.id });
    expect((await authenticateToken(ctx(), token))?.actor.name).toBe('Ana Analyst');
    expect(await authenticateToken(ctx(), `${token}x`)).toBeNull();
    expect(await authenticateToken(ctx(), token.replace(/^sec_/, ''))).toBeNull();
    await revokeToken(ctx(), SYSTEM_ACCOUNT, id);
    expect(await authenticateToken(ctx(), token)).toBeNull();
    await statusOf(reader.id, 'disabled');
    expect(await authenticateToken(ctx(), other.token)).toBeNull();
    await statusOf(reader.id, 'active');
    expect((await authenticateToken(ctx(), other.token))?.scope).toBe('write');
  });

  it('turns a live session into its actor in one query, refreshing its idle timer at most once a minute', async () => {
    const { sessionToken } = await startSession(ctx().db.kysely, member.id, now);
    const lastSeen = async () => (await ctx().db.kysely.selectFrom('sessions').innerJoin('accounts', 'accounts.id', 'sessions.account_id')
      .select('sessions.last_seen_at').where('accounts.id', '=', member.id).executeTakeFirstOrThrow()).last_seen_at;
    const started = await lastSeen();

    minutes(0.5);
    const [actor, count] = await queries(() => resolveSession(ctx(), sessionToken));
    expect(actor).toEqual({ id: member.id, name: 'Mo Member', role: 'member', organisationId: null, committees: ['CSC', 'OPSG', 'SSC'] });
    expect(count).toBe(1);
    expect(await lastSeen()).toBe(started);
    minutes(2);
    expect((await queries(() => resolveSession(ctx(), sessionToken)))[1]).toBe(2);
    expect(await lastSeen()).toBe(new Date(now).toISOString());

    await statusOf(member.id, 'disabled');
    expect(await resolveSession(ctx(), sessionToken)).toBeNull();
    await statusOf(member.id, 'active');
    expect((await resolveSession(ctx(), sessionToken))?.id).toBe(member.id);
    expect(await resolveSession(ctx(), `${sessionToken}x`)).toBeNull();
    minutes(31);
    expect(await resolveSession(ctx(), sessionToken)).toBeNull();
  });
}, { clock: () => new Date(now) });
