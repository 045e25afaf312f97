// One change walked through the JSON API from Draft Proposal to Implemented, on SQLite and PostgreSQL,
// and a Path 2 change decided by the Authority.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { PROBLEM_STATEMENT, seedDirectory, startApi, type Api } from './helpers.js';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** An event's type, or for a lifecycle step the profile's action it took. */
const stepOf = (e: Record<string, any>): string => (e.type === 'proposal.action-taken' ? e.payload.action : e.type);

/** Each lifecycle step starts in the state the one before it left the change in. */
function expectChained(events: Record<string, any>[]): void {
  let state = events.find((e) => e.type === 'proposal.raised')?.payload.state;
  for (const e of events.filter((x) => x.type === 'proposal.action-taken')) {
    expect(e.payload.fromState, stepOf(e)).toBe(state);
    state = e.payload.toState;
  }
}

interface Step {
  action: string;
  businessDate: string;
  inputs?: Record<string, string>;
  state: string;
  /** The before/after pairs the event must carry (at least these). */
  changes: Record<string, [unknown, unknown]>;
}

describeEachDatabase('API: a change from Draft Proposal to Implemented', ({ ctx }) => {
  let api: Api;
  beforeAll(async () => {
    await seedDirectory(ctx());
    api = await startApi(ctx());
  });
  afterAll(async () => { await api?.close(); });
  afterEach(() => { expect(api.serverErrors.splice(0)).toEqual([]); });

  it('raises, drafts, converts to MP, holds, resumes and implements, with a full timeline', async () => {
    // Raise.
    const raised = await api.post('/api/v1/proposals', {
      title: 'Supporting prepayment customers in no SM WAN scenarios',
      summary: 'Prepayment customers need a way to top up without the SM WAN.',
      proposer: 'Andy Knowles', organisation: 'Utilita', leadAnalyst: 'Joe Hehir', raisedOn: '2020-01-06',
      impactedCategories: ['large-supplier', 'small-supplier'],
    });
    expect(raised.statusCode, raised.body).toBe(201);
    const created = raised.json();
    expect(created.reference).toMatch(/^DP\d{3}$/);
    const dp = created.reference as string;
    const mp = `MP${dp.slice(2)}`;
    expect(raised.headers.location).toBe(`/api/v1/proposals/${dp}`);
    expect(raised.headers.etag).toBe(`"${created.version}"`);
    expect(created).toMatchObject({
      prefix: 'DP', state: 'development', stateLabel: 'Development Stage', raisedOn: '2020-01-06', path: null,
      slug: 'supporting-prepayment-customers-in-no-sm-wan-scenarios',
      url: 'https://secretariat.test/modifications/supporting-prepayment-customers-in-no-sm-wan-scenarios/',
      proposer: { name: 'Andy Knowles' }, organisation: { name: 'Utilita', partyCategory: 'large-supplier' },
      leadAnalyst: { id: 'p-joe', name: 'Joe Hehir' },
      impactedCategories: ['large-supplier', 'small-supplier'], problemStatement: null,
    });
    const location = await api.get(raised.headers.location as string);
    expect(location.statusCode).toBe(200);
    expect(location.json()).toEqual(created);

    // A first draft of the problem statement, in Markdown.
    const ps = await api.put(`/api/v1/proposals/${dp}/problem-statement`, { body: PROBLEM_STATEMENT, businessDate: '2020-01-07' });
    expect(ps.statusCode, ps.body).toBe(200);
    expect(ps.json()).toMatchObject({ label: '0.1', status: 'draft', body: PROBLEM_STATEMENT.trim(), businessDate: '2020-01-07' });
    const afterDraft = (await api.get(`/api/v1/proposals/${dp}`)).json();
    expect(afterDraft.problemStatement).toMatchObject({ label: '0.1', status: 'draft' });
    expect(afterDraft.actions.find((a: { id: string }) => a.id === 'agree-problem-statement'))
      .toMatchObject({ available: true, blockedBy: null, body: 'CSC', bodyName: 'Change Sub-Committee' });

    const steps: Step[] = [
      { action: 'present-to-csc-initial', businessDate: '2020-01-28', state: 'development', changes: {} },
      { action: 'present-to-csc-decision', businessDate: '2020-02-25', state: 'development', changes: {} },
      { action: 'agree-problem-statement', businessDate: '2020-02-25', state: 'problem-statement-agreed',
        changes: { state: ['development', 'problem-statement-agreed'], problemStatement: ['v0.1', 'v1.0'] } },
      { action: 'convert', businessDate: '2020-03-13', inputs: { path: '3', route: 'refinement' }, state: 'refinement',
        changes: { state: ['problem-statement-agreed', 'refinement'], reference: [dp, mp], path: [null, '3'] } },
      { action: 'put-on-hold', businessDate: '2020-04-01', state: 'on-hold',
        changes: { state: ['refinement', 'on-hold'], heldFromState: [null, 'refinement'] } },
      { action: 'resume', businessDate: '2020-05-01', state: 'refinement',
        changes: { state: ['on-hold', 'refinement'], heldFromState: ['refinement', null] } },
      { action: 'move-to-report-phase', businessDate: '2020-06-01', state: 'report-phase',
        changes: { state: ['refinement', 'report-phase'] } },
      { action: 'issue-report-consultation', businessDate: '2020-06-05', state: 'report-consultation',
        changes: { state: ['report-phase', 'report-consultation'] } },
      { action: 'present-to-change-board', businessDate: '2020-07-01', state: 'change-board',
        changes: { state: ['report-consultation', 'change-board'] } },
      { action: 'change-board-approve', businessDate: '2020-07-22', state: 'approved',
        changes: { state: ['change-board', 'approved'] } },
      { action: 'schedule-release', businessDate: '2020-08-01', inputs: { targetRelease: 'November 2020 SEC Release' },
        state: 'pending-implementation',
        changes: { state: ['approved', 'pending-implementation'], targetRelease: [null, 'November 2020 SEC Release'] } },
      { action: 'implement', businessDate: '2020-11-05', state: 'implemented',
        changes: { state: ['pending-implementation', 'implemented'], implementationDate: [null, '2020-11-05'] } },
    ];

    let version = afterDraft.version as number;
    let ref = dp;
    for (const step of steps) {
      const res = await api.act(ref, { action: step.action, businessDate: step.businessDate, ...step.inputs });
      expect(res.statusCode, `${step.action}: ${res.body}`).toBe(200);
      const body = res.json();
      expect(body.state, step.action).toBe(step.state);
      expect(body.version, step.action).toBe(version + 1);
      expect(res.headers.etag, step.action).toBe(`"${body.version}"`);
      version = body.version;
      ref = body.reference;

      if (step.action === 'agree-problem-statement') {
        expect(body.problemStatement).toMatchObject({ label: '1.0', status: 'agreed', businessDate: '2020-02-25' });
        expect(body.problemStatementVersions.map((v: { label: string }) => v.label)).toEqual(['0.1', '1.0']);
      }
      if (step.action === 'convert') {
        // The reference becomes MPnnn; DPnnn and MPnnn name the same change.
        expect(body).toMatchObject({ reference: mp, prefix: 'MP', path: '3', fastTrack: false });
        const byDp = await api.get(`/api/v1/proposals/${dp}`);
        const byMp = await api.get(`/api/v1/proposals/${mp}`);
        const lower = await api.get(`/api/v1/proposals/${mp.toLowerCase()}`);
        expect([byDp.statusCode, byMp.statusCode, lower.statusCode]).toEqual([200, 200, 200]);
        expect(byDp.json()).toEqual(byMp.json());
        expect(lower.json()).toEqual(byMp.json());
        expect(byDp.headers.etag).toBe(byMp.headers.etag);
        expect(byMp.json().reference).toBe(mp);
      }
      if (step.action === 'put-on-hold') expect(body.heldFromState).toBe('refinement');
      if (step.action === 'resume') expect(body.heldFromState).toBeNull();
    }

    const final = await api.get(`/api/v1/proposals/${dp}`);
    expect(final.json()).toMatchObject({
      reference: mp, state: 'implemented', stateLabel: 'Implemented', path: '3',
      targetRelease: { id: '2020-11', name: 'November 2020 SEC Release' }, implementationDate: '2020-11-05', actions: [],
    });

    // The timeline: every step, oldest first, with who, when and what changed.
    const eventsRes = await api.get(`/api/v1/proposals/${dp}/events`);
    expect(eventsRes.statusCode).toBe(200);
    const events = eventsRes.json().items as Record<string, any>[];
    expect(events.map(stepOf)).toEqual(['proposal.raised', 'problem-statement.saved', ...steps.map((s) => s.action)]);
    expect(events.map((e) => e.businessDate)).toEqual(['2020-01-06', '2020-01-07', ...steps.map((s) => s.businessDate)]);
    const seqs = events.map((e) => e.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(seqs.length);
    for (const e of events) {
      expect(e.actor).toEqual({ id: expect.any(String), name: 'Administrator' });
      expect(e.recordedAt).toMatch(ISO_INSTANT);
      expect(typeof e.label).toBe('string');
      expect(e.label.length).toBeGreaterThan(0);
    }
    const recorded = events.map((e) => Date.parse(e.recordedAt));
    expect([...recorded].sort((a, b) => a - b)).toEqual(recorded);

    expect(events[0]).toMatchObject({ subject: { type: 'proposal', ref: dp }, payload: { reference: dp, state: 'development',
      changes: { reference: [null, dp], title: [null, 'Supporting prepayment customers in no SM WAN scenarios'] } } });
    expect(events[1]).toMatchObject({ label: 'Problem statement v0.1 saved', payload: { version: '0.1', previous: null } });
    steps.forEach((step, i) => {
      const e = events[i + 2];
      expect(e.payload.changes, step.action).toEqual(step.changes);
      expect(e.payload.toState, step.action).toBe(step.state);
      expect(e.payload.inputs, step.action).toEqual(step.inputs ?? {});
    });
    expect(events[2].payload.fromState).toBe('development');
    // Each step starts where the one before it ended.
    expectChained(events);

    // The same timeline under either reference.
    const byMp = await api.get(`/api/v1/proposals/${mp}/events`);
    expect(byMp.json()).toEqual(eventsRes.json());

    // The problem statement history keeps every version.
    const history = await api.get(`/api/v1/proposals/${mp}/problem-statement`);
    expect(history.json().items.map((v: { label: string; status: string }) => `${v.label} ${v.status}`)).toEqual(['0.1 draft', '1.0 agreed']);
  });

  it('takes a Path 2 change through the Change Board recommendation to Authority approval', async () => {
    const p = await api.raise({ title: 'Power to raise modifications', raisedOn: '2020-02-03', problemStatement: PROBLEM_STATEMENT });
    const dp = p.reference as string;
    expect(p.problemStatement).toMatchObject({ label: '0.1', status: 'draft' });
    const path: [string, string, Record<string, string>?][] = [
      ['present-to-csc-initial', '2020-02-25'],
      ['agree-problem-statement', '2020-03-24'],
      ['convert', '2020-04-17', { path: '2', route: 'report-phase' }],
      ['issue-report-consultation', '2020-05-15'],
      ['present-to-change-board', '2020-06-10'],
    ];
    for (const [action, businessDate, inputs] of path) {
      const res = await api.act(dp, { action, businessDate, ...inputs });
      expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
    }
    const atBoard = (await api.get(`/api/v1/proposals/${dp}`)).json();
    expect(atBoard).toMatchObject({ reference: `MP${dp.slice(2)}`, state: 'change-board', path: '2' });
    const approve = atBoard.actions.find((a: { id: string }) => a.id === 'change-board-approve');
    expect(approve).toMatchObject({ available: false });
    expect(approve.blockedBy).toMatch(/Path 3/);
    const recommendAction = atBoard.actions.find((a: { id: string }) => a.id === 'change-board-recommend');
    expect(recommendAction).toMatchObject({ available: true, body: 'CB',
      inputs: [{ name: 'recommendation', required: true, options: [{ value: 'approve' }, { value: 'reject' }] }] });

    const recommend = await api.act(dp, { action: 'change-board-recommend', businessDate: '2020-06-24', recommendation: 'approve', note: 'Unanimous.' });
    expect(recommend.statusCode, recommend.body).toBe(200);
    expect(recommend.json().state).toBe('with-authority');
    const decided = await api.act(dp, { action: 'authority-approve', businessDate: '2020-08-03' });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ state: 'approved', stateLabel: 'Approved', path: '2' });

    const events = (await api.get(`/api/v1/proposals/${dp}/events`)).json().items as Record<string, any>[];
    expect(events.map(stepOf)).toEqual(['proposal.raised', ...path.map(([a]) => a), 'change-board-recommend', 'authority-approve']);
    const rec = events.find((e) => stepOf(e) === 'change-board-recommend')!;
    expect(rec).toMatchObject({ businessDate: '2020-06-24', payload: { fromState: 'change-board', toState: 'with-authority',
      inputs: { recommendation: 'approve' }, note: 'Unanimous.', changes: { state: ['change-board', 'with-authority'] } } });
    expect(events.at(-1)).toMatchObject({ payload: { changes: { state: ['with-authority', 'approved'] } }, businessDate: '2020-08-03' });
  });

  // Bug in src/modules/proposals/service.ts actOnProposal (checkBusinessDate only refuses dates before
  // raisedOn) with the timeline's order (by business date, then as recorded): an
  // action may be dated before the change's latest step, and the timeline then lists it before steps
  // that happened first, so the from/to states no longer chain (here: put-on-hold "from refinement"
  // appears before the conversion that moved it to refinement). Either refuse a date before the last
  // event's business date or order the timeline by seq.
  it('refuses a step dated before the previous one, so the timeline stays in order', async () => {
    const p = await api.raise({ title: 'A backdated step', raisedOn: '2020-01-06', problemStatement: PROBLEM_STATEMENT });
    await api.act(p.reference, { action: 'agree-problem-statement', businessDate: '2020-02-01' });
    await api.act(p.reference, { action: 'convert', businessDate: '2020-03-01', path: '3', route: 'refinement' });
    const backdated = await api.act(p.reference, { action: 'put-on-hold', businessDate: '2020-02-15' });
    expect(backdated.statusCode).toBe(400);
    expect(backdated.json().error.fields).toEqual([expect.objectContaining({ field: 'businessDate' })]);
    expectChained((await api.get(`/api/v1/proposals/${p.reference}/events`)).json().items as Record<string, any>[]);
  });

  it('fast-tracks a change straight to the Change Board', async () => {
    const p = await api.raise({ title: 'A fast-tracked housekeeping change', raisedOn: '2020-03-02', problemStatement: PROBLEM_STATEMENT });
    await api.act(p.reference, { action: 'agree-problem-statement', businessDate: '2020-03-03' });
    const res = await api.act(p.reference, { action: 'convert', businessDate: '2020-03-04', path: '3', route: 'fast-track' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'change-board', fastTrack: true, prefix: 'MP' });
    const events = (await api.get(`/api/v1/proposals/${p.reference}/events`)).json().items;
    expect(events.at(-1).payload.changes).toMatchObject({ fastTrack: [false, true], path: [null, '3'] });
  });
});
