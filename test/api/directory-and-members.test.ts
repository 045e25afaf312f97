// Everything in the permission table has a form or a route: organisations added through the API (the
// directory's one use case, audited), and committee members added and their terms ended from the
// committee page. On SQLite and PostgreSQL.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createToken } from '../../src/modules/accounts/service.js';
import { describeEachDatabase } from '../support/databases.js';
import { formClient } from '../support/form-client.js';
import { expectError, startApi, type Api } from './helpers.js';

describeEachDatabase('organisations and committee members', ({ ctx }) => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi(ctx());
  });
  afterAll(async () => { await api?.close(); });
  afterEach(() => { expect(api.serverErrors.splice(0)).toEqual([]); });

  it('adds an organisation through the API, once, with an event and an audit row', async () => {
    const analyst = (await createToken(ctx(), { name: 'analyst', userEmail: 'bradley.baker@secas.example' })).token;
    const res = await api.request('POST', '/api/v1/organisations', { token: analyst, body: { name: 'New Energy Ltd', partyCategory: 'small-supplier' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ name: 'New Energy Ltd', partyCategory: 'small-supplier' });
    const list = (await api.get('/api/v1/organisations')).json().items.map((o: { name: string }) => o.name);
    expect(list).toContain('New Energy Ltd');
    expectError(await api.request('POST', '/api/v1/organisations', { token: analyst, body: { name: 'new energy ltd' } }), 409, 'ALREADY_EXISTS');
    expectError(await api.request('POST', '/api/v1/organisations', { token: analyst, body: { name: 'Other', partyCategory: 'nonsense' } }), 400, 'VALIDATION_FAILED');
    expectError(await api.request('POST', '/api/v1/organisations', { token: analyst, body: { name: '' } }), 400, 'VALIDATION_FAILED');
    const events = await ctx().db.kysely.selectFrom('events').select(['type', 'subject_ref']).where('type', '=', 'organisation.added').execute();
    expect(events.map((e) => e.subject_ref)).toContain('New Energy Ltd');
    const audit = await ctx().db.kysely.selectFrom('audit_log').select('detail').where('kind', '=', 'organisation-added').execute();
    expect(audit.map((a) => a.detail)).toContain('New Energy Ltd (Small Supplier)');
    // A raise can now name it.
    const raised = await api.post('/api/v1/proposals', { title: 'For a new Party', raisedOn: '2020-01-06', organisation: 'New Energy Ltd' });
    expect(raised.statusCode, raised.body).toBe(201);
    // A Party user may not add organisations.
    const party = (await createToken(ctx(), { name: 'party', userEmail: 'andy.knowles@utilita.example' })).token;
    expectError(await api.request('POST', '/api/v1/organisations', { token: party, body: { name: 'Sneaky' } }), 403, 'FORBIDDEN');
  });

  it('adds a member and ends a term from the committee page', async () => {
    const browser = formClient(api.app);
    expect((await browser.signIn('bradley.baker@secas.example')).statusCode).toBe(303);
    const page = await browser.get('/committees/OPSG');
    expect(page.body).toContain('Add a member');
    const added = await browser.submit('/committees/OPSG', '/committees/OPSG/members', {
      'member-name': 'Priya Natarajan', 'member-organisation': 'Utilita', 'member-seat': 'large-supplier', 'member-role': 'alternate', 'member-termStart': '2019-01-01',
    });
    expect(added.statusCode, added.body.slice(0, 300)).toBe(303);
    const member = await ctx().db.kysely.selectFrom('committee_members as m').innerJoin('people as p', 'p.id', 'm.person_id')
      .select(['m.id', 'm.role', 'm.term_end']).where('p.name', '=', 'Priya Natarajan').executeTakeFirstOrThrow();
    expect(member).toMatchObject({ role: 'alternate', term_end: null });
    // A missing name comes back to the form, with what was typed.
    const refused = await browser.submit('/committees/OPSG', '/committees/OPSG/members', { 'member-organisation': 'Utilita', 'member-seat': 'x', 'member-termStart': '2019-01-01' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#f-member-name"');
    // Ending the term: not before it began, then on a good day, then not twice.
    const early = await browser.submit('/committees/OPSG', `/committees/OPSG/members/${member.id}/end`, { termEnd: '2018-12-31' });
    expect(early.statusCode).toBe(400);
    const ended = await browser.submit('/committees/OPSG', `/committees/OPSG/members/${member.id}/end`, { termEnd: '2019-12-31' });
    expect(ended.statusCode, ended.body.slice(0, 300)).toBe(303);
    expect((await browser.get('/committees/OPSG')).body).toContain('1 January 2019 – 31 December 2019');
    const again = await browser.submit('/committees/OPSG', `/committees/OPSG/members/${member.id}/end`, { termEnd: '2020-01-31' });
    expect(again.statusCode).toBe(409);
    const events = await ctx().db.kysely.selectFrom('events').select('type').where('type', '=', 'committee.member-term-ended').execute();
    expect(events).toHaveLength(1);
    // The public sees the members, and no forms.
    const publicPage = await api.app.inject({ method: 'GET', url: '/committees/OPSG' });
    expect(publicPage.body).toContain('Priya Natarajan');
    expect(publicPage.body).not.toContain('Add a member');
  });
}, { demo: true });
