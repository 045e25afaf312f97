// Answers kept by what they show: on each engine, a write is seen by the very next read (through the
// instance that wrote and through another one on the same database), a conditional GET answers 304
// while nothing changed, what a signed-in reader was shown never reaches the public, and a page
// kept for a signed-in reader (with forms) is theirs alone, with a working CSRF token in each copy.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { describeEachDatabase } from '../support/databases.js';
import { csrfFrom, formClient } from '../support/form-client.js';
import { anotherInstance, startApi, type Api } from './helpers.js';

describeEachDatabase('answers kept by what they show', ({ ctx, target }) => {
  let api: Api;
  let other: Awaited<ReturnType<typeof anotherInstance>>;
  const page = '/modifications/dno-power-outage-alerts/';

  beforeAll(async () => {
    api = await startApi(ctx());
    other = await anotherInstance(ctx(), target());
  });
  afterAll(async () => {
    await api?.close();
    await other?.close();
  });

  const slugOf = async (ref: string) => (await api.get(`/api/v1/proposals/${ref}`)).json().slug as string;

  it('serves a kept answer again, and answers 304 to its validator while nothing changed', async () => {
    const url = `/modifications/${await slugOf('DP097')}/`;
    const first = await api.app.inject({ method: 'GET', url });
    expect(first.statusCode).toBe(200);
    const hits = api.app.responseCache.hits;
    const second = await api.app.inject({ method: 'GET', url });
    expect(second.body).toBe(first.body);
    expect(api.app.responseCache.hits).toBe(hits + 1);
    for (const path of [url, '/api/v1/proposals/DP097', '/api/v1/proposals/DP097/events', '/api/v1/proposals?stage=development', '/modifications/']) {
      const res = await api.app.inject({ method: 'GET', url: path });
      expect(res.headers.etag, path).toBeTruthy();
      expect(res.headers['cache-control'], path).toBe('no-cache');
      const again = await api.app.inject({ method: 'GET', url: path, headers: { 'if-none-match': String(res.headers.etag) } });
      expect(again.statusCode, path).toBe(304);
      expect(again.body, path).toBe('');
    }
  });

  it('shows a write at the next read, on the instance that wrote and on another', async () => {
    const slug = await slugOf('DP096');
    const url = `/modifications/${slug}/`;
    // Kept on both instances first.
    for (const app of [api.app, other.app]) {
      expect((await app.inject({ method: 'GET', url })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/api/v1/proposals/DP096' })).json().title).not.toBe('Renamed through the API');
    }
    const version = await api.version('DP096');
    const edited = await api.patch('/api/v1/proposals/DP096', { title: 'Renamed through the API' }, { 'if-match': `"${version}"` });
    expect(edited.statusCode, edited.body).toBe(200);
    for (const app of [api.app, other.app]) {
      expect((await app.inject({ method: 'GET', url })).body).toContain('Renamed through the API');
      expect((await app.inject({ method: 'GET', url: '/api/v1/proposals/DP096' })).json().title).toBe('Renamed through the API');
      expect((await app.inject({ method: 'GET', url: '/api/v1/proposals?q=Renamed' })).json().total).toBe(1);
      expect((await app.inject({ method: 'GET', url: '/modifications/?q=Renamed' })).body).toContain('Renamed through the API');
    }

    // A committee's view changes neither the entry nor its version, but the page and timeline show it at once.
    const before = (await other.app.inject({ method: 'GET', url: '/api/v1/proposals/DP096/events' })).json().items.length;
    const view = await api.post('/api/v1/proposals/DP096/views', { committee: 'SSC', impact: 'none', comments: 'Seen by the SSC today.' });
    expect(view.statusCode, view.body).toBe(201);
    for (const app of [api.app, other.app]) {
      expect((await app.inject({ method: 'GET', url })).body).toContain('Seen by the SSC today.');
      expect((await app.inject({ method: 'GET', url: '/api/v1/proposals/DP096/events' })).json().items).toHaveLength(before + 1);
    }
  });

  it('keeps a signed-in reader\'s page for them alone, each copy with a working CSRF token, and shows their writes at once', async () => {
    const url = `/modifications/${await slugOf('DP095')}/`;
    const party = formClient(api.app);
    expect((await party.signIn('andy.knowles@utilita.example', DEMO_PASSWORD)).statusCode).toBe(303);
    const first = await party.get(url);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('Watch DP095');
    // Kept: the second read finds the page and reads only whether the kept session still holds (the
    // credential epoch) and what the page is kept by (the change's stamp with the stream's last
    // position, in one query), not the session's row, the change, its 100-event timeline or the
    // sections' tables.
    const hits = api.app.responseCache.hits;
    const queries = ctx().db.queryCount();
    const second = await party.get(url);
    expect(api.app.responseCache.hits).toBe(hits + 1);
    expect(ctx().db.queryCount() - queries).toBe(2);
    expect(second.body).not.toContain('csrf-slot-');
    const token = csrfFrom(second.body);
    expect(token).not.toBe('');
    expect(token).not.toBe(csrfFrom(first.body));
    // The kept copy's form works, and the watch shows at the next read.
    const watched = await party.post('/watches', { _csrf: token, change: 'DP095', back: url });
    expect(watched.statusCode, watched.body).toBe(303);
    const after = await party.get(url);
    expect(after.body).toContain('You watch DP095');
    // Another reader, and the public, never get it.
    const analyst = formClient(api.app);
    expect((await analyst.signIn('bradley.baker@secas.example', DEMO_PASSWORD)).statusCode).toBe(303);
    const theirs = await analyst.get(url);
    expect(theirs.body).toContain('Bradley Baker');
    expect(theirs.body).not.toContain('You watch DP095');
    expect(theirs.body).not.toContain('Andy Knowles');
    const pub = await api.app.inject({ method: 'GET', url });
    expect(pub.body).not.toContain('You watch DP095');
    expect(pub.body).not.toContain('Andy Knowles');
  });

  it('never hands the public what a signed-in reader was shown', async () => {
    const analyst = formClient(api.app);
    expect((await analyst.signIn('bradley.baker@secas.example', DEMO_PASSWORD)).statusCode).toBe(303);
    const signedIn = await analyst.get(page);
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.body).toContain('Bradley Baker');
    expect(signedIn.body).toContain('name="_csrf"');
    expect(signedIn.headers['cache-control']).toBe('private, no-store');
    const pub = await api.app.inject({ method: 'GET', url: page });
    expect(pub.body).not.toContain('Bradley Baker (');
    expect(pub.body).not.toContain('name="_csrf"');
    expect(pub.body).not.toContain('Edit register entry');
    expect(pub.headers['set-cookie']).toBeUndefined();
    // And the other way: a page kept for the public is not what the analyst is shown.
    const again = await analyst.get(page);
    expect(again.body).toContain('Edit register entry');
    const token = await api.request('GET', '/api/v1/proposals/DP094', { token: api.readToken });
    expect(token.headers['cache-control']).toBe('private, no-store');
  });
}, { demo: true });
