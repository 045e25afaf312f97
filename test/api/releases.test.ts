// Releases through the JSON API, on SQLite and PostgreSQL: the calendar and ad hoc releases, a
// change scheduled into one (and its page's link to it), implementing it, and every refusal with its
// stable code. The clock is fixed at Monday 11 January 2027.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { addUser, createToken } from '../../src/modules/accounts/service.js';
import { SYSTEM_ACCOUNT } from '../../src/modules/accounts/accounts.js';
import { describeEachDatabase } from '../support/databases.js';
import { PROBLEM_STATEMENT, expectError, expectFieldError, seedDirectory, startApi, type Api } from './helpers.js';

let now = '2027-01-11T10:00:00Z';

describeEachDatabase('API: releases', ({ ctx }) => {
  let api: Api;
  let partyToken = '';
  let mp = '';
  let other = '';

  beforeAll(async () => {
    now = '2027-01-11T10:00:00Z';
    api = await startApi(ctx());
    await seedDirectory(ctx());
    await addUser(ctx(), SYSTEM_ACCOUNT, { email: 'andy@utilita.example', name: 'Andy Knowles', role: 'party', organisation: 'Utilita', password: 'a long enough password' });
    partyToken = (await createToken(ctx(), { name: 'party', userEmail: 'andy@utilita.example' })).token;
  });
  afterAll(async () => { await api?.close(); });
  afterEach(() => { expect(api.serverErrors.splice(0)).toEqual([]); });

  async function approved(title: string): Promise<string> {
    const p = await api.raise({ title, raisedOn: '2026-12-01', problemStatement: PROBLEM_STATEMENT });
    for (const body of [{ action: 'agree-problem-statement', businessDate: '2026-12-08' },
      { action: 'convert', path: '3', route: 'fast-track', businessDate: '2026-12-11' }, { action: 'change-board-approve', businessDate: '2026-12-16' }]) {
      const res = await api.act(p.reference, body);
      expect(res.statusCode, res.body).toBe(200);
    }
    return `MP${p.reference.slice(2)}`;
  }

  it('lists the calendar\'s releases of any year to anyone, and refuses a year that is not one', async () => {
    const res = await api.get('/api/v1/releases?year=2027');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items).toEqual([
      { id: '2027-02', name: 'February 2027 SEC Release', date: '2027-02-25', kind: 'scheduled', kindLabel: 'Scheduled (release calendar)',
        planned: false, implementedOn: null, url: 'https://secretariat.test/releases/2027-02', changeCount: 0 },
      expect.objectContaining({ id: '2027-06', date: '2027-06-24' }),
      expect.objectContaining({ id: '2027-11', date: '2027-11-04' }),
    ]);
    expectFieldError(await api.get('/api/v1/releases?year=twenty'), 'year');
    expectError(await api.get('/api/v1/releases/2027-03'), 404, 'NOT_FOUND');
  });

  it('plans an ad hoc release (201, Location), refusing a date in the past, a taken name and a missing date', async () => {
    const res = await api.post('/api/v1/releases', { name: 'Emergency Release', date: '2027-01-21' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ name: 'Emergency Release', date: '2027-01-21', kind: 'ad-hoc', planned: true });
    expect(res.headers.location).toBe(`/api/v1/releases/${res.json().id}`);
    expect((await api.get(res.headers.location as string)).json()).toMatchObject({ name: 'Emergency Release', changes: [] });

    const past = expectFieldError(await api.post('/api/v1/releases', { name: 'Yesterday', date: '2027-01-10' }), 'date');
    expect(past.fields[0].message).toBe('cannot be in the past (today is 11 January 2027).');
    expectError(await api.post('/api/v1/releases', { name: 'emergency release', date: '2027-02-01' }), 409, 'ALREADY_EXISTS');
    expectFieldError(await api.post('/api/v1/releases', { name: 'No date' }), 'date');
    expectFieldError(await api.post('/api/v1/releases', { date: '2027-13-01' }), 'date');
    expectFieldError(await api.post('/api/v1/releases', { name: 'X', date: '2027-02-01', extra: 1 }), 'extra');
  });

  it('schedules an approved change into a release; the change names the release and links to it', async () => {
    mp = await approved('Credit cover alignment');
    const res = await api.post('/api/v1/releases/2027-02/changes', { ref: mp, note: 'In the February release.' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: '2027-02', planned: true, changes: [
      { reference: mp, state: 'pending-implementation', stateLabel: 'Pending implementation', standing: 'scheduled', implementationDate: null },
    ] });
    expect((await api.get(`/api/v1/proposals/${mp}`)).json()).toMatchObject({
      state: 'pending-implementation',
      targetRelease: { id: '2027-02', name: 'February 2027 SEC Release', url: 'https://secretariat.test/releases/2027-02' },
    });
    const page = await api.request('GET', `/proposals/${mp}`, { token: null });
    const changePage = await api.request('GET', page.headers.location as string, { token: null });
    expect(changePage.body).toContain('<a href="/releases/2027-02">February 2027 SEC Release</a>');
  });

  it('refuses a change in the wrong state with the workflow\'s message, and unknown releases and changes', async () => {
    const draft = await api.raise({ title: 'Not approved yet', raisedOn: '2027-01-04' });
    const wrong = expectError(await api.post('/api/v1/releases/2027-06/changes', { ref: draft.reference }), 409, 'ACTION_NOT_ALLOWED');
    expect(wrong.message).toBe('"Schedule for a SEC Release" is not possible in the state "Development Stage".');
    expect(wrong.allowed).toContain('present-to-csc-initial');
    expectError(await api.post('/api/v1/releases/no-such-release/changes', { ref: mp }), 404, 'NOT_FOUND');
    expectError(await api.post('/api/v1/releases/2027-06/changes', { ref: 'MP999' }), 404, 'NOT_FOUND');
    expectFieldError(await api.post('/api/v1/releases/2027-06/changes', {}), 'ref');
    expect((await api.get('/api/v1/releases/2027-06')).json().planned).toBe(false);
    // Through the change's own action the release is checked the same way.
    other = await approved('Another approved change');
    const unknown = expectFieldError(await api.act(other, { action: 'schedule-release', targetRelease: 'Some day' }), 'targetRelease');
    expect(unknown.fields[0].message).toContain('no release is called "Some day"');
  });

  it('refuses to implement before the release\'s date, then implements every scheduled change as of that date', async () => {
    expectError(await api.post('/api/v1/releases/2027-02/implement', {}), 409, 'ACTION_NOT_ALLOWED');
    now = '2027-02-25T12:00:00Z';
    expectFieldError(await api.post('/api/v1/releases/2027-02/implement', { date: '2027-03-01' }), 'date');
    const res = await api.request('POST', '/api/v1/releases/2027-02/implement');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ implementedOn: '2027-02-25', changes: [{ reference: mp, state: 'implemented', standing: 'delivered', implementationDate: '2027-02-25' }] });
    expect((await api.get(`/api/v1/proposals/${mp}`)).json()).toMatchObject({ state: 'implemented', implementationDate: '2027-02-25' });
    expectError(await api.post('/api/v1/releases/2027-02/implement', {}), 409, 'ACTION_NOT_ALLOWED');
    const feed = (await api.get('/api/v1/changes?type=release.implemented')).json();
    expect(feed.items).toMatchObject([{ type: 'release.implemented', payload: { releaseId: '2027-02', changes: [mp] } }]);
  });

  it('implements a release that slipped as of the day it went live, not before its latest change\'s step', async () => {
    const planned = (await api.post('/api/v1/releases', { name: 'Slipped release', date: '2027-02-26' })).json();
    now = '2027-03-01T12:00:00Z';
    expect((await api.post(`/api/v1/releases/${planned.id}/changes`, { ref: other })).statusCode).toBe(200);
    const early = expectFieldError(await api.post(`/api/v1/releases/${planned.id}/implement`, {}), 'date');
    expect(early.fields[0].message).toBe(`cannot be before the last step of this change (1 March 2027) for ${other}.`);
    const res = await api.post(`/api/v1/releases/${planned.id}/implement`, { date: '2027-03-01' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ date: '2027-02-26', implementedOn: '2027-03-01', changes: [{ reference: other, implementationDate: '2027-03-01' }] });
  });

  it('lets only the Secretariat plan, schedule and implement', async () => {
    expectError(await api.request('POST', '/api/v1/releases', { token: null, body: { name: 'Anon', date: '2027-06-01' } }), 401, 'UNAUTHENTICATED');
    expectError(await api.request('POST', '/api/v1/releases', { token: api.readToken, body: { name: 'Read', date: '2027-06-01' } }), 403, 'FORBIDDEN');
    expectError(await api.request('POST', '/api/v1/releases', { token: partyToken, body: { name: 'Party', date: '2027-06-01' } }), 403, 'FORBIDDEN');
    expectError(await api.request('POST', '/api/v1/releases/2027-06/implement', { token: partyToken, body: {} }), 403, 'FORBIDDEN');
    expect((await api.get('/api/v1/releases')).json().items.map((r: { name: string }) => r.name)).not.toContain('Party');
  });
}, { clock: () => new Date(now) });
