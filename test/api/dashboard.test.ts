// The pipeline dashboard on SQLite and PostgreSQL: counts by stage, moves by month read from the
// stream, days in a stage and who acts next, the page's charts with their table, and a write seen
// by the next read. The clock is fixed at Monday 11 January 2027.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { secProfile } from '../../src/process/sec.js';
import { describeEachDatabase } from '../support/databases.js';
import { PROBLEM_STATEMENT, seedDirectory, startApi, type Api } from './helpers.js';

const now = '2027-01-11T10:00:00Z';
const AGREE = secProfile.actions.find((a) => a.id === 'agree-problem-statement')!.label;

describeEachDatabase('API: the pipeline dashboard', ({ ctx }) => {
  let api: Api;
  let first = '';
  let second = '';

  beforeAll(async () => {
    api = await startApi(ctx());
    await seedDirectory(ctx());
    first = (await api.raise({ title: 'Top-up without the WAN', raisedOn: '2026-11-02', problemStatement: PROBLEM_STATEMENT })).reference;
    second = (await api.raise({ title: 'Credit cover alignment', raisedOn: '2026-12-01', problemStatement: PROBLEM_STATEMENT })).reference;
    for (const body of [{ action: 'agree-problem-statement', businessDate: '2026-12-08' },
      { action: 'convert', path: '3', route: 'fast-track', businessDate: '2027-01-05' }]) {
      const res = await api.act(second, body);
      expect(res.statusCode, res.body).toBe(200);
    }
  });
  afterAll(async () => { await api?.close(); });
  afterEach(() => { expect(api.serverErrors.splice(0)).toEqual([]); });

  it('counts changes by stage and their moves by month, and says how long each live change has waited and for whom', async () => {
    const res = await api.get('/api/v1/dashboard');
    expect(res.statusCode, res.body).toBe(200);
    const data = res.json();
    expect(data.today).toBe('2027-01-11');
    expect(data.months).toHaveLength(12);
    expect(data.months.at(-1)).toBe('2027-01');
    const count = (state: string) => data.stages.find((s: { state: string }) => s.state === state).count;
    expect(count('development')).toBe(1);
    expect(count('change-board')).toBe(1);
    expect(count('problem-statement-agreed')).toBe(0);

    const flow = (state: string, month: string) => data.flows.find((f: { state: string }) => f.state === state)
      .months.find((m: { month: string }) => m.month === month);
    expect(flow('development', '2026-11')).toEqual({ month: '2026-11', entered: 1, left: 0 });
    expect(flow('development', '2026-12')).toEqual({ month: '2026-12', entered: 1, left: 1 });
    expect(flow('problem-statement-agreed', '2027-01')).toEqual({ month: '2027-01', entered: 0, left: 1 });
    expect(flow('change-board', '2027-01')).toEqual({ month: '2027-01', entered: 1, left: 0 });

    const mp = `MP${second.slice(2)}`;
    expect(data.live).toEqual([
      { reference: first, title: 'Top-up without the WAN', url: expect.stringMatching(/^https:\/\/secretariat\.test\/modifications\//),
        state: 'development', stateLabel: 'Development Stage', since: '2026-11-02', days: 70,
        next: [{ body: 'CSC', bodyName: 'Change Sub-Committee', actions: [AGREE, 'Close (not progressed)'] }] },
      { reference: mp, title: 'Credit cover alignment', url: expect.any(String), state: 'change-board', stateLabel: 'Change Board',
        since: '2027-01-05', days: 6, next: [{ body: 'CB', bodyName: 'Change Board',
          actions: ['Change Board approves (self-governance)', 'Change Board rejects (self-governance)'] }] },
    ]);
    expect(data.liveTotal).toBe(2);
  });

  it('draws each moving stage as a chart with a text alternative, with the same figures in a table, for anyone', async () => {
    const res = await api.get('/dashboard');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('<h1>Pipeline dashboard</h1>');
    expect(res.body).toMatch(/<svg class="flow-chart"[^>]*role="img"/);
    expect(res.body).toContain('Development Stage: 2 entered and 1 left in the last 12 months');
    expect(res.body).toContain('<caption id="moves-table">Changes entering and leaving each stage, by month</caption>');
    expect(res.body).toMatch(/<td[^>]*>1 in, 1 out<\/td>/);
    expect(res.body).toContain('Credit cover alignment');
    expect(res.body).toContain('href="/dashboard" aria-current="page"');
  });

  it('shows a write at the next read of the page and the JSON', async () => {
    const before = await api.get('/dashboard');
    const res = await api.act(first, { action: 'agree-problem-statement', businessDate: '2027-01-11' });
    expect(res.statusCode, res.body).toBe(200);
    const after = (await api.get('/api/v1/dashboard')).json();
    expect(after.stages.find((s: { state: string }) => s.state === 'problem-statement-agreed').count).toBe(1);
    expect(after.live.find((c: { reference: string }) => c.reference === first)).toMatchObject({ state: 'problem-statement-agreed', since: '2027-01-11', days: 0 });
    const page = await api.get('/dashboard');
    expect(page.headers.etag).not.toBe(before.headers.etag);
    expect(page.body).toContain('Problem statement agreed');
    expect((await api.request('GET', '/dashboard', { token: null, headers: { 'if-none-match': page.headers.etag as string } })).statusCode).toBe(304);
  });
}, { clock: () => new Date(now) });
