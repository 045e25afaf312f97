// The change feed over HTTP on each engine: anyone reads the public record in order, a token reads
// what its account may, and a bad cursor or limit answers 400 naming the parameter.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findAccountByEmail, createToken } from '../../src/modules/accounts/service.js';
import { encodeCursor } from '../../src/platform/events/cursor.js';
import { describeEachDatabase } from '../support/databases.js';
import { expectFieldError, startApi, type Api } from './helpers.js';

describeEachDatabase('API: the change feed', ({ ctx }) => {
  let api: Api;
  let analystToken: string;
  beforeAll(async () => {
    api = await startApi(ctx());
    const analyst = await findAccountByEmail(ctx().db.kysely, 'bradley.baker@secas.example');
    analystToken = (await createToken(ctx(), { name: 'feed', scope: 'read', accountId: analyst!.id })).token;
  });
  afterAll(async () => { await api?.close(); });

  it('reads the public record in order, page by page, with cursors', async () => {
    const first = await api.get('/api/v1/changes?limit=10');
    expect(first.statusCode, first.body).toBe(200);
    const page = first.json();
    expect(page.items).toHaveLength(10);
    expect(page.items.map((e: { position: number }) => e.position)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(page.next).toBe(page.items[9].cursor);
    const second = (await api.get(`/api/v1/changes?limit=10&after=${page.next}`)).json();
    expect(second.items[0].position).toBe(11);
    const all = (await api.get('/api/v1/changes?limit=500')).json().items as { type: string; audience?: string }[];
    expect(all.some((e) => e.type === 'paper.text-saved')).toBe(false); // a draft paper's text is for committee members
    expect(all.every((e) => !('audience' in e))).toBe(true);
  });

  it('reads what the account behind a token may', async () => {
    const publicCount = (await api.get('/api/v1/changes?limit=500')).json().items.length;
    const res = await api.request('GET', '/api/v1/changes?limit=500', { token: analystToken });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { type: string }[];
    expect(items.length).toBeGreaterThan(publicCount);
    expect(items.some((e) => e.type === 'paper.text-saved')).toBe(true);
  });

  it('answers 400 naming the parameter for a malformed cursor, one from the future, or a limit out of range', async () => {
    expectFieldError(await api.get('/api/v1/changes?after=garbage'), 'after');
    expectFieldError(await api.get(`/api/v1/changes?after=${encodeCursor(10_000_000)}`), 'after');
    expectFieldError(await api.get('/api/v1/changes?limit=0'), 'limit');
    expectFieldError(await api.get('/api/v1/changes?limit=501'), 'limit');
    expectFieldError(await api.get('/api/v1/changes?type=proposal.vanished'), 'type');
    expect(api.serverErrors).toEqual([]);
  });
}, { demo: true });
