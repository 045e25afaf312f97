// Committees, meetings, outcomes taken at a meeting and committee views through the JSON API, on
// SQLite and PostgreSQL. Every refusal is checked for its status and code, and for writing nothing.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { expectError, expectFieldError, PROBLEM_STATEMENT, seedDirectory, startApi, type Api } from './helpers.js';

const COMMITTEES = ['PANEL', 'CSC', 'CB', 'OPSG', 'TABASC', 'SSC', 'SMKIPMA', 'WG'];

describeEachDatabase('API: committees, meetings, outcomes and views', ({ ctx }) => {
  let api: Api;
  beforeAll(async () => {
    await seedDirectory(ctx());
    api = await startApi(ctx());
  });
  afterAll(async () => { await api?.close(); });
  afterEach(() => { expect(api.serverErrors.splice(0)).toEqual([]); });

  /** Every meeting, as "CODE date". */
  const meetings = async (query = '') => {
    const res = await api.get(`/api/v1/meetings${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as { committeeCode: string; date: string }[]).map((m) => `${m.committeeCode} ${m.date}`);
  };
  const members = async (code: string) => {
    const res = await api.get('/api/v1/committees');
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as { code: string; members: unknown[] }[]).find((c) => c.code === code)!.members;
  };
  const agenda = async (id: string) => {
    const res = await api.get(`/api/v1/meetings/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().agenda as Record<string, any>[];
  };
  const plan = async (body: Record<string, unknown>) => {
    const res = await api.post('/api/v1/meetings', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Record<string, any>>();
  };
  const views = async (ref: string) => {
    const res = await api.get(`/api/v1/proposals/${ref}/views`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as Record<string, any>[];
  };

  describe('committees and members', () => {
    it("lists the profile's committees with their members", async () => {
      const res = await api.get('/api/v1/committees');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const items = res.json().items as Record<string, any>[];
      expect(items.map((c) => c.code)).toEqual(COMMITTEES);
      for (const c of items) expect(c.members, c.code).toEqual([]);
      expect(items.find((c) => c.code === 'OPSG')).toMatchObject({
        name: 'Operations Group', shortName: 'OPSG', kind: 'sub-committee', cadence: 'monthly (Tuesdays)',
        impactArea: { id: 'operational', heading: 'Anticipated Operational Impacts' },
      });
      expect(items.find((c) => c.code === 'PANEL')).toMatchObject({ shortName: 'Panel', impactArea: null });
    });

    it('adds a member (201) and lists it under its committee', async () => {
      const res = await api.post('/api/v1/committees/opsg/members', {
        name: 'Hannah Pryce', organisation: 'Utilita', seat: 'large-supplier', termStart: '2019-01-01', termEnd: '2020-12-31',
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({
        id: expect.any(String), committeeCode: 'OPSG', name: 'Hannah Pryce', organisation: 'Utilita', seat: 'large-supplier',
        role: 'member', termStart: '2019-01-01', termEnd: '2020-12-31',
      });
      const chair = await api.post('/api/v1/committees/OPSG/members', {
        name: 'Morgan Reeve', organisation: 'SECAS', seat: 'Chair', role: 'chair', termStart: '2018-09-01',
      });
      expect(chair.statusCode, chair.body).toBe(201);
      expect(chair.json()).toMatchObject({ role: 'chair', termEnd: null });
      expect((await members('OPSG')).map((m: any) => `${m.name} ${m.role}`).sort()).toEqual(['Hannah Pryce member', 'Morgan Reeve chair']);
      expect(await members('CSC')).toEqual([]);
      const one = await api.get('/api/v1/committees/OPSG');
      expect(one.statusCode, one.body).toBe(200);
      expect(one.json().members).toHaveLength(2);
      expect(one.json().committee).toMatchObject({ code: 'OPSG', name: 'Operations Group' });
    });

    it('refuses a member of an unknown organisation, an unknown committee, a bad role, and writes without a token', async () => {
      const before = await members('OPSG');
      const unknownOrg = await api.post('/api/v1/committees/OPSG/members', {
        name: 'Nobody', organisation: 'No Such Energy', seat: 'small-supplier', termStart: '2019-01-01',
      });
      const error = expectFieldError(unknownOrg, 'organisation');
      expect(error.message).toContain('No Such Energy');
      expectFieldError(await api.post('/api/v1/committees/OPSG/members', {
        name: 'Nobody', organisation: 'Utilita', seat: 'small-supplier', termStart: '2019-01-01', termEnd: '2018-01-01',
      }), 'termEnd');
      expectFieldError(await api.post('/api/v1/committees/OPSG/members', {
        name: 'Nobody', organisation: 'Utilita', seat: 'small-supplier', role: 'boss', termStart: '2019-01-01',
      }), 'role');
      const unknownCommittee = expectFieldError(await api.post('/api/v1/committees/NOPE/members', {
        name: 'Nobody', organisation: 'Utilita', seat: 'small-supplier', termStart: '2019-01-01',
      }), 'committee');
      expect(unknownCommittee.message).toContain('OPSG');
      const anonymous = await api.request('POST', '/api/v1/committees/OPSG/members', {
        token: null, body: { name: 'Nobody', organisation: 'Utilita', seat: 'small-supplier', termStart: '2019-01-01' },
      });
      expectError(anonymous, 401, 'UNAUTHENTICATED');
      expectError(await api.request('POST', '/api/v1/committees/OPSG/members', {
        token: api.readToken, body: { name: 'Nobody', organisation: 'Utilita', seat: 'small-supplier', termStart: '2019-01-01' },
      }), 403, 'FORBIDDEN');
      expect(await members('OPSG')).toEqual(before);
      // The person of the refused request was not added to the directory either.
      const people = await ctx().db.kysely.selectFrom('people').select('name').where('name', '=', 'Nobody').execute();
      expect(people).toEqual([]);
    });

    it('answers 404 for an unknown committee, naming the committees', async () => {
      const error = expectError(await api.get('/api/v1/committees/NOPE'), 404, 'NOT_FOUND');
      for (const code of COMMITTEES) expect(error.message).toContain(code);
      const lower = await api.get('/api/v1/committees/opsg');
      expect(lower.statusCode, lower.body).toBe(200);
      expect(lower.json().committee.code).toBe('OPSG');
    });
  });

  describe('meetings', () => {
    let opsgId: string;

    it('plans a meeting: 201 with Location and ETag', async () => {
      const res = await api.post('/api/v1/meetings', {
        committee: 'OPSG', date: '2020-01-28', startTime: '10:00', location: 'Online', onlineUrl: 'https://meet.example/opsg',
      });
      expect(res.statusCode, res.body).toBe(201);
      const meeting = res.json();
      opsgId = meeting.id;
      expect(meeting).toMatchObject({
        committeeCode: 'OPSG', date: '2020-01-28', startTime: '10:00', location: 'Online', onlineUrl: 'https://meet.example/opsg',
        title: 'Operations Group meeting', status: 'planned', version: 1,
      });
      expect(res.headers.location).toBe(`/api/v1/meetings/${meeting.id}`);
      expect(res.headers.etag).toBe('"1"');
      const got = await api.get(res.headers.location as string);
      expect(got.statusCode, got.body).toBe(200);
      expect(got.json()).toEqual({ meeting, agenda: [] });
      expect(got.headers.etag).toBe('"1"');
    });

    it('refuses a second meeting of the committee that day, an unknown committee and a bad time, writing nothing', async () => {
      const before = await meetings();
      const again = expectError(await api.post('/api/v1/meetings', { committee: 'OPSG', date: '2020-01-28' }), 409, 'ALREADY_EXISTS');
      expect(again.message).toContain('28 January 2020');
      const unknown = expectFieldError(await api.post('/api/v1/meetings', { committee: 'NOPE', date: '2020-02-25' }), 'committee');
      for (const code of COMMITTEES) expect(unknown.message).toContain(code);
      expectFieldError(await api.post('/api/v1/meetings', { committee: 'OPSG', date: '2020-02-25', startTime: '25:00' }), 'startTime');
      expectFieldError(await api.post('/api/v1/meetings', { committee: 'OPSG', date: '2020-02-25', startTime: '9am' }), 'startTime');
      expectFieldError(await api.post('/api/v1/meetings', { committee: 'OPSG', date: '2020-02-30' }), 'date');
      expectFieldError(await api.post('/api/v1/meetings', { committee: 'OPSG', date: '2020-02-25', onlineUrl: 'http://insecure' }), 'onlineUrl');
      expectFieldError(await api.post('/api/v1/meetings', { committee: 'OPSG' }), 'date');
      expectError(await api.request('POST', '/api/v1/meetings', { token: null, body: { committee: 'OPSG', date: '2020-02-25' } }), 401, 'UNAUTHENTICATED');
      expect(await meetings()).toEqual(before);
    });

    it('lists meetings, newest first, filtered by committee and dates', async () => {
      await plan({ committee: 'OPSG', date: '2020-02-25' });
      await plan({ committee: 'CSC', date: '2020-02-25' });
      await plan({ committee: 'PANEL', date: '2020-03-13', location: 'London' });
      expect(await meetings('?committee=OPSG')).toEqual(['OPSG 2020-02-25', 'OPSG 2020-01-28']);
      expect(await meetings('?committee=opsg&from=2020-02-01')).toEqual(['OPSG 2020-02-25']);
      expect(await meetings('?to=2020-02-25')).toEqual(['CSC 2020-02-25', 'OPSG 2020-02-25', 'OPSG 2020-01-28']);
      expectFieldError(await api.get('/api/v1/meetings?committee=NOPE'), 'committee');
      expectFieldError(await api.get('/api/v1/meetings?from=yesterday'), 'from');
    });

    it('updates a meeting only with the right If-Match: 428 without, 412 when stale, 200 with it', async () => {
      const url = `/api/v1/meetings/${opsgId}`;
      const missing = expectError(await api.patch(url, { location: 'London' }), 428, 'VERSION_REQUIRED');
      expect(missing.message).toContain('If-Match');
      expectError(await api.patch(url, { location: 'London' }, { 'if-match': '"7"' }), 412, 'VERSION_CONFLICT');
      expectError(await api.request('PATCH', url, { token: null, body: { location: 'London' }, headers: { 'if-match': '"1"' } }), 401, 'UNAUTHENTICATED');
      expect((await api.get(url)).json().meeting).toMatchObject({ location: 'Online', version: 1 });

      const ok = await api.patch(url, { location: 'London', startTime: '13:30', status: 'held' }, { 'if-match': '"1"' });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ id: opsgId, location: 'London', startTime: '13:30', status: 'held', version: 2, date: '2020-01-28' });
      expect(ok.headers.etag).toBe('"2"');
      // The old ETag is stale now.
      expectError(await api.patch(url, { location: 'Leeds' }, { 'if-match': '"1"' }), 412, 'VERSION_CONFLICT');
      // Moving it onto a day the committee already meets is refused.
      expectError(await api.patch(url, { date: '2020-02-25' }, { 'if-match': '"2"' }), 409, 'ALREADY_EXISTS');
      expectFieldError(await api.patch(url, { startTime: '7 pm' }, { 'if-match': '"2"' }), 'startTime');
      expect((await api.get(url)).json().meeting).toMatchObject({ location: 'London', version: 2, date: '2020-01-28' });
      expectError(await api.patch('/api/v1/meetings/no-such-meeting', { location: 'x' }, { 'if-match': '"1"' }), 404, 'NOT_FOUND');
    });
  });

  describe('agendas and outcomes', () => {
    let dp: string;
    let panelId: string;
    let opsgId: string;

    beforeAll(async () => {
      const all = (await api.get('/api/v1/meetings')).json().items as Record<string, any>[];
      panelId = all.find((m) => m.committeeCode === 'PANEL' && m.date === '2020-03-13')!.id;
      opsgId = all.find((m) => m.committeeCode === 'OPSG' && m.date === '2020-02-25')!.id;
    });

    it('adds agenda items, with or without a proposal', async () => {
      const raised = await api.raise({ title: 'Supporting prepayment customers in no SM WAN scenarios', raisedOn: '2020-01-06', organisation: 'Utilita' });
      dp = raised.reference;
      const ps = await api.put(`/api/v1/proposals/${dp}/problem-statement`, { body: PROBLEM_STATEMENT, businessDate: '2020-01-07' });
      expect(ps.statusCode, ps.body).toBe(200);
      const agree = await api.act(dp, { action: 'agree-problem-statement', businessDate: '2020-02-25' });
      expect(agree.statusCode, agree.body).toBe(200);

      const item = await api.post(`/api/v1/meetings/${panelId}/agenda`, { ref: dp.toLowerCase(), purpose: 'for-decision' });
      expect(item.statusCode, item.body).toBe(201);
      expect(item.json()).toMatchObject({ position: 1, reference: dp, title: 'Supporting prepayment customers in no SM WAN scenarios', purpose: 'for-decision', outcome: '' });
      const aob = await api.post(`/api/v1/meetings/${panelId}/agenda`, { text: 'Any other business' });
      expect(aob.statusCode, aob.body).toBe(201);
      expect(aob.json()).toMatchObject({ position: 2, reference: null, text: 'Any other business', purpose: 'for-information' });

      const before = await agenda(panelId);
      expectFieldError(await api.post(`/api/v1/meetings/${panelId}/agenda`, {}), 'text');
      expectFieldError(await api.post(`/api/v1/meetings/${panelId}/agenda`, { text: 'x', purpose: 'for-lunch' }), 'purpose');
      expectError(await api.post(`/api/v1/meetings/${panelId}/agenda`, { ref: 'DP999' }), 404, 'NOT_FOUND');
      expectError(await api.post('/api/v1/meetings/no-such-meeting/agenda', { text: 'x' }), 404, 'NOT_FOUND');
      expectError(await api.request('POST', `/api/v1/meetings/${panelId}/agenda`, { token: null, body: { text: 'x' } }), 401, 'UNAUTHENTICATED');
      expect(await agenda(panelId)).toEqual(before);
    });

    it('refuses an outcome whose action belongs to another body (409 ACTION_NOT_ALLOWED), writing nothing', async () => {
      const version = await api.version(dp);
      const events = await api.eventCount(dp);
      const before = await agenda(opsgId);
      const refused = expectError(await api.post(`/api/v1/meetings/${opsgId}/outcomes`, {
        ref: dp, action: 'convert', inputs: { path: '3', route: 'refinement' },
      }), 409, 'ACTION_NOT_ALLOWED');
      expect(refused.message).toContain('OPSG');
      expect(refused.message).toContain('Panel');
      // Without a token, the Panel's meeting refuses too.
      expectError(await api.request('POST', `/api/v1/meetings/${panelId}/outcomes`, {
        token: null, body: { ref: dp, action: 'convert', inputs: { path: '3', route: 'refinement' } },
      }), 401, 'UNAUTHENTICATED');
      // An input the action needs is missing: refused by the lifecycle, as on the register.
      const panelBefore = await agenda(panelId);
      const missing = await api.post(`/api/v1/meetings/${panelId}/outcomes`, { ref: dp, action: 'convert', inputs: { path: '3' } });
      expect(missing.statusCode, missing.body).toBe(400);
      expectError(await api.post(`/api/v1/meetings/${panelId}/outcomes`, { ref: dp, action: 'no-such-action' }), 400, 'UNKNOWN_ACTION');
      // The meeting page's form sends whatever is filled in: no reference is a field error, not a crash.
      const { recordOutcome } = await import('../../src/modules/committees/service.js');
      const { SYSTEM_ACCOUNT } = await import('../../src/modules/accounts/accounts.js');
      await expect(recordOutcome(ctx(), SYSTEM_ACCOUNT, panelId, { action: 'convert' })).rejects
        .toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ field: 'ref', message: expect.any(String) }] } });
      // An input the action does not take is refused, as POST …/actions refuses an unknown field.
      const extra = expectFieldError(await api.post(`/api/v1/meetings/${panelId}/outcomes`, {
        ref: dp, action: 'convert', inputs: { path: '3', route: 'refinement', recommendation: 'approve' },
      }), 'inputs.recommendation');
      expect(extra.message).toContain('path, route');
      expectError(await api.post('/api/v1/meetings/no-such-meeting/outcomes', { ref: dp, action: 'convert' }), 404, 'NOT_FOUND');

      expect(await api.version(dp)).toBe(version);
      expect(await api.eventCount(dp)).toBe(events);
      expect((await api.get(`/api/v1/proposals/${dp}`)).json()).toMatchObject({ reference: dp, state: 'problem-statement-agreed' });
      expect(await agenda(opsgId)).toEqual(before);
      expect(await agenda(panelId)).toEqual(panelBefore);
    });

    it('converts a DP at a Panel meeting: dated the meeting day, naming the meeting, and recorded on the agenda', async () => {
      const res = await api.post(`/api/v1/meetings/${panelId}/outcomes`, {
        ref: dp, action: 'convert', inputs: { path: '3', route: 'refinement' }, note: 'Agreed unanimously.',
      });
      expect(res.statusCode, res.body).toBe(200);
      const mp = `MP${dp.slice(2)}`;
      expect(res.json()).toMatchObject({ reference: mp, state: 'refinement' });

      const events = (await api.get(`/api/v1/proposals/${dp}/events`)).json().items as Record<string, any>[];
      const convert = events.at(-1)!;
      expect(convert).toMatchObject({
        type: 'proposal.action-taken', businessDate: '2020-03-13', meetingId: panelId,
        payload: { action: 'convert', fromState: 'problem-statement-agreed', toState: 'refinement',
          inputs: { path: '3', route: 'refinement' }, note: 'Agreed unanimously.', meetingId: panelId,
          changes: { state: ['problem-statement-agreed', 'refinement'], reference: [dp, mp], path: [null, '3'] } },
      });
      expect(convert.label).toBe('Converted to a Modification Proposal by the Panel, at the Panel meeting of 13 March 2020');
      expect(convert.label.endsWith(', at the Panel meeting of 13 March 2020')).toBe(true);

      // The existing agenda item for the change carries the outcome; no second item is added.
      const items = await agenda(panelId);
      expect(items).toHaveLength(2);
      expect(items[0]).toMatchObject({ reference: mp, purpose: 'for-decision', outcome: `Converted to a Modification Proposal by the Panel (${mp})` });
      expect(items[1]).toMatchObject({ reference: null, outcome: '' });

      // Taken again, the lifecycle refuses it: the change is no longer a DP with an agreed problem statement.
      expectError(await api.post(`/api/v1/meetings/${panelId}/outcomes`, {
        ref: mp, action: 'convert', inputs: { path: '3', route: 'refinement' },
      }), 409, 'ACTION_NOT_ALLOWED');
      expect(await agenda(panelId)).toEqual(items);
    });

    it('adds an agenda item for a decision on a change that was not on the agenda', async () => {
      const other = await api.raise({ title: 'Alignment of Credit Cover', raisedOn: '2020-01-10', problemStatement: PROBLEM_STATEMENT });
      const res = await api.post(`/api/v1/meetings/${panelId}/outcomes`, { ref: other.reference, action: 'put-on-hold' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ reference: other.reference, state: 'on-hold' });
      const items = await agenda(panelId);
      expect(items).toHaveLength(3);
      expect(items[2]).toMatchObject({ position: 3, reference: other.reference, purpose: 'for-decision', outcome: expect.stringContaining(other.reference) });
    });
  });

  describe('committee views', () => {
    let dp: string;
    let opsgId: string;
    let cscId: string;

    beforeAll(async () => {
      const all = (await api.get('/api/v1/meetings')).json().items as Record<string, any>[];
      opsgId = all.find((m) => m.committeeCode === 'OPSG' && m.date === '2020-02-25')!.id;
      cscId = all.find((m) => m.committeeCode === 'CSC' && m.date === '2020-02-25')!.id;
      dp = (await api.raise({ title: 'DNO Power Outage Alerts', raisedOn: '2020-02-03', problemStatement: PROBLEM_STATEMENT })).reference;
    });

    it("records OPSG's view at its meeting: 201, listed, and on the change's timeline", async () => {
      const events = await api.eventCount(dp);
      const res = await api.post(`/api/v1/proposals/${dp}/views`, {
        committee: 'OPSG', impact: 'potential', furtherInput: true, comments: 'The group wants to see the <b>alert</b> design.', meeting: opsgId,
      });
      expect(res.statusCode, res.body).toBe(201);
      const view = res.json();
      expect(view).toMatchObject({
        id: expect.any(String), committeeCode: 'OPSG', impact: 'potential', furtherInput: true,
        comments: 'The group wants to see the <b>alert</b> design.', meetingId: opsgId, businessDate: '2020-02-25',
        proposalReference: dp, proposalState: 'development', actorName: 'Administrator',
      });
      expect(view).not.toHaveProperty('actorId');

      expect(await views(dp)).toEqual([view]);
      const timeline = (await api.get(`/api/v1/proposals/${dp}/events`)).json().items as Record<string, any>[];
      expect(timeline).toHaveLength(events + 1);
      const event = timeline.find((e) => e.type === 'view.recorded');
      expect(event).toMatchObject({
        businessDate: '2020-02-25', meetingId: opsgId, subject: { type: 'proposal', ref: dp },
        payload: { committee: 'OPSG', impact: 'potential', furtherInput: true, proposalState: 'development', meetingId: opsgId,
          comments: 'The group wants to see the <b>alert</b> design.' },
      });
      expect(event!.label).toBe('Operations Group view: potential operational impact; wants to give further input');
    });

    it('refuses a bad impact, a meeting of another committee, an unknown meeting or committee, and writes without a token', async () => {
      const before = await views(dp);
      const version = await api.version(dp);
      const events = await api.eventCount(dp);

      expectFieldError(await api.post(`/api/v1/proposals/${dp}/views`, { committee: 'OPSG', impact: 'huge' }), 'impact');
      expectFieldError(await api.post(`/api/v1/proposals/${dp}/views`, { committee: 'OPSG' }), 'impact');
      const other = expectFieldError(await api.post(`/api/v1/proposals/${dp}/views`, { committee: 'OPSG', impact: 'none', meeting: cscId }), 'meeting');
      expect(JSON.stringify(other.fields)).toContain('CSC');
      expectFieldError(await api.post(`/api/v1/proposals/${dp}/views`, { committee: 'OPSG', impact: 'none', meeting: 'no-such-meeting' }), 'meeting');
      expectFieldError(await api.post(`/api/v1/proposals/${dp}/views`, { committee: 'NOPE', impact: 'none' }), 'committee');
      expectFieldError(await api.post(`/api/v1/proposals/${dp}/views`, { committee: 'OPSG', impact: 'none', businessDate: '2020-01-01' }), 'businessDate');
      expectFieldError(await api.post(`/api/v1/proposals/${dp}/views`, { committee: 'OPSG', impact: 'none', businessDate: '2999-01-01' }), 'businessDate');
      expectError(await api.post('/api/v1/proposals/DP999/views', { committee: 'OPSG', impact: 'none' }), 404, 'NOT_FOUND');
      expectError(await api.request('POST', `/api/v1/proposals/${dp}/views`, { token: null, body: { committee: 'OPSG', impact: 'none' } }), 401, 'UNAUTHENTICATED');

      expect(await views(dp)).toEqual(before);
      expect(await api.version(dp)).toBe(version);
      expect(await api.eventCount(dp)).toBe(events);
    });

    it('answers 404 for the views of an unknown change', async () => {
      expectError(await api.get('/api/v1/proposals/DP999/views'), 404, 'NOT_FOUND');
    });
  });

  describe('faults found in review, now fixed', () => {
    // Was a bug (fixed) in src/modules/committees/service.ts recordOutcome (and recordView): the meeting's status is
    // never checked, so a decision can be "taken" at a cancelled meeting, dated that day and naming it.
    it('refuses a decision at a cancelled meeting', async () => {
      const p = await api.raise({ title: 'Decided at a cancelled meeting', raisedOn: '2020-04-01', problemStatement: PROBLEM_STATEMENT });
      await api.act(p.reference, { action: 'agree-problem-statement', businessDate: '2020-04-02' });
      const meeting = await plan({ committee: 'PANEL', date: '2020-04-17' });
      const cancelled = await api.patch(`/api/v1/meetings/${meeting.id}`, { status: 'cancelled' }, { 'if-match': '"1"' });
      expect(cancelled.statusCode, cancelled.body).toBe(200);
      const events = await api.eventCount(p.reference);
      const res = await api.post(`/api/v1/meetings/${meeting.id}/outcomes`, { ref: p.reference, action: 'convert', inputs: { path: '3', route: 'refinement' } });
      expect([400, 409], res.body).toContain(res.statusCode);
      expect(await api.eventCount(p.reference)).toBe(events);
    });

    // Was a bug (fixed) in src/modules/committees/service.ts updateMeeting: the "one meeting a day" check runs only
    // when the date changes, so un-cancelling a meeting whose day has since been given to a new meeting
    // leaves two live meetings that day (findMeetingOn, used by papers and the demo, then picks either).
    it('refuses to un-cancel a meeting onto a day the committee already meets', async () => {
      const first = await plan({ committee: 'CSC', date: '2020-05-26' });
      expect((await api.patch(`/api/v1/meetings/${first.id}`, { status: 'cancelled' }, { 'if-match': '"1"' })).statusCode).toBe(200);
      await plan({ committee: 'CSC', date: '2020-05-26' });
      const res = await api.patch(`/api/v1/meetings/${first.id}`, { status: 'planned' }, { 'if-match': '"2"' });
      expectError(res, 409, 'ALREADY_EXISTS');
    });

    // Was a bug (fixed) in src/modules/committees/repository.ts listMembers: it orders by the role's text, so an
    // alternate ("alternate" < "chair") is listed before the chair, on the API and the committee page.
    it('lists the chair first and alternates last', async () => {
      const alternate = await api.post('/api/v1/committees/OPSG/members', {
        name: 'Nadia Qureshi', organisation: 'Utilita', seat: 'large-supplier', role: 'alternate', termStart: '2019-01-01',
      });
      expect(alternate.statusCode, alternate.body).toBe(201);
      const roles = (await members('OPSG')).map((m: any) => m.role);
      expect(roles[0]).toBe('chair');
      expect(roles.at(-1)).toBe('alternate');
    });
  });
});
