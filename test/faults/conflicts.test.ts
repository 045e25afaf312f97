// Conflicting writes at the same moment: exactly one wins, the other gets a clear refusal (never a
// 5xx), and nothing is half-written: after every round each change's version equals the number of
// events on its timeline (raising makes version 1 with one event; every later write adds one of each).
// A stale If-Match answers 412 VERSION_CONFLICT (RFC 9110: a failed precondition), not 409.
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { PROBLEM_STATEMENT, expectError, seedDirectory, startApi, type Api } from '../api/helpers.js';

const ROUNDS = 5;

describeEachDatabase('faults: conflicting writes at once', ({ ctx }) => {
  let api: Api;
  beforeAll(async () => {
    await seedDirectory(ctx());
    api = await startApi(ctx());
  });
  afterAll(async () => { await api?.close(); });
  afterEach(async () => {
    expect(api.serverErrors.splice(0)).toEqual([]);
    expect(await halfWritten()).toEqual([]);
  });

  /** Changes whose version and timeline disagree, or whose state is not where their last event left them. */
  async function halfWritten(): Promise<string[]> {
    const { rows: proposals } = await sql<{ id: string; reference: string; version: number; state: string }>`
      select p.id, p.reference, p.version, p.state from proposals p`.execute(ctx().db.kysely);
    const { rows: events } = await sql<{ proposal_id: string; type: string; payload: string }>`
      select e.proposal_id, e.type, e.payload from events e where e.proposal_id is not null order by e.seq`.execute(ctx().db.kysely);
    const problems: string[] = [];
    for (const p of proposals) {
      const own = events.filter((e) => e.proposal_id === p.id);
      // The state an event leaves the change in: raising sets the first, each lifecycle action the next.
      const states = own.map((e) => JSON.parse(e.payload) as { state?: string; toState?: string })
        .map((payload, i) => (own[i].type === 'proposal.raised' ? payload.state : payload.toState))
        .filter((state): state is string => state !== undefined);
      const lastState = states.at(-1) ?? null;
      if (Number(p.version) !== own.length || p.state !== lastState) {
        problems.push(`${p.reference}: version ${p.version}, ${own.length} events, state ${p.state}, last event to ${lastState}`);
      }
    }
    return problems;
  }

  async function detail(ref: string) {
    const res = await api.get(`/api/v1/proposals/${ref}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  it('two edits with the same If-Match: exactly one 200, the other 412 VERSION_CONFLICT', async () => {
    const p = await api.raise({ title: 'Edited twice at once', raisedOn: '2020-01-06' });
    for (let round = 0; round < ROUNDS; round += 1) {
      const before = await detail(p.reference);
      const ifMatch = { 'if-match': `"${before.version}"` };
      const [a, b] = await Promise.all([
        api.patch(`/api/v1/proposals/${p.reference}`, { latestUpdate: `Alice ${round}`, summary: `Alice ${round}` }, ifMatch),
        api.patch(`/api/v1/proposals/${p.reference}`, { latestUpdate: `Bob ${round}`, summary: `Bob ${round}` }, ifMatch),
      ]);
      expect([a.statusCode, b.statusCode].sort(), `${a.body} ${b.body}`).toEqual([200, 412]);
      const [winner, loser] = a.statusCode === 200 ? [a, b] : [b, a];
      const error = expectError(loser, 412, 'VERSION_CONFLICT');
      expect(error.message).toMatch(/changed by someone else/);
      const after = await detail(p.reference);
      expect(after.version).toBe(before.version + 1);
      expect(after.latestUpdate).toBe(winner.json().latestUpdate);
      expect(after.summary).toBe(winner.json().summary); // both fields from the winner, never a mix
      expect(after.summary).toBe(after.latestUpdate);
      expect(await api.eventCount(p.reference)).toBe(after.version);
    }
  });

  it('many edits with the same If-Match: one 200, all the others 412', async () => {
    const p = await api.raise({ title: 'Edited eight times at once', raisedOn: '2020-01-06' });
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) =>
      api.patch(`/api/v1/proposals/${p.reference}`, { latestUpdate: `Edit ${i}` }, { 'if-match': `"${p.version}"` })));
    expect(answers.map((r) => r.statusCode).sort(), answers.map((r) => r.body).join('\n')).toEqual([200, ...Array(7).fill(412)]);
    for (const r of answers.filter((x) => x.statusCode !== 200)) expectError(r, 412, 'VERSION_CONFLICT');
    expect(await api.version(p.reference)).toBe(p.version + 1);
    expect(await api.eventCount(p.reference)).toBe(p.version + 1);
  });

  it('an edit and a lifecycle action with the same If-Match: one 200, the other 412', async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const p = await api.raise({ title: `Edit against action ${round}`, raisedOn: '2020-01-06' });
      const ifMatch = { 'if-match': `"${p.version}"` };
      const [edit, action] = await Promise.all([
        api.patch(`/api/v1/proposals/${p.reference}`, { title: `Renamed ${round}` }, ifMatch),
        api.act(p.reference, { action: 'put-on-hold', businessDate: '2020-01-07' }, ifMatch),
      ]);
      expect([edit.statusCode, action.statusCode].sort(), `${edit.body} ${action.body}`).toEqual([200, 412]);
      expectError(edit.statusCode === 412 ? edit : action, 412, 'VERSION_CONFLICT');
      const after = await detail(p.reference);
      expect(after.version).toBe(2);
      expect(after.state).toBe(action.statusCode === 200 ? 'on-hold' : 'development');
      expect(after.title).toBe(edit.statusCode === 200 ? `Renamed ${round}` : `Edit against action ${round}`);
    }
  });

  it('two conflicting lifecycle actions without If-Match: one wins, the other 409 ACTION_NOT_ALLOWED or 412', async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const p = await api.raise({ title: `Closed or held ${round}`, raisedOn: '2020-01-06' });
      // Both are allowed in Development Stage, and neither is allowed after the other.
      const [close, hold] = await Promise.all([
        api.act(p.reference, { action: 'close', businessDate: '2020-01-07', note: 'Closed' }),
        api.act(p.reference, { action: 'put-on-hold', businessDate: '2020-01-07', note: 'Held' }),
      ]);
      const statuses = [close.statusCode, hold.statusCode];
      expect(statuses.filter((s) => s === 200), `${close.body} ${hold.body}`).toHaveLength(1);
      const [winner, loser] = close.statusCode === 200 ? [close, hold] : [hold, close];
      const code = loser.json().error?.code;
      expect(['409 ACTION_NOT_ALLOWED', '412 VERSION_CONFLICT'], loser.body).toContain(`${loser.statusCode} ${code}`);
      if (code === 'ACTION_NOT_ALLOWED') expect(Array.isArray(loser.json().error.allowed), loser.body).toBe(true);
      const after = await detail(p.reference);
      expect(after.state).toBe(winner.json().state);
      expect(after.version).toBe(2);
      const events = (await api.get(`/api/v1/proposals/${p.reference}/events`)).json().items;
      expect(events.map((e: { type: string; payload: { action?: string } }) => e.payload.action ?? e.type))
        .toEqual(['proposal.raised', winner === close ? 'close' : 'put-on-hold']);
      expect(events[1].payload.note).toBe(winner === close ? 'Closed' : 'Held');
    }
  });

  it('two problem-statement saves with the same If-Match: one new version, the other 412', async () => {
    const p = await api.raise({ title: 'Problem statement raced', raisedOn: '2020-01-06', problemStatement: PROBLEM_STATEMENT });
    for (let round = 0; round < ROUNDS; round += 1) {
      const version = await api.version(p.reference);
      const before = (await api.get(`/api/v1/proposals/${p.reference}/problem-statement`)).json().items.length;
      const ifMatch = { 'if-match': `"${version}"` };
      const [a, b] = await Promise.all([
        api.put(`/api/v1/proposals/${p.reference}/problem-statement`, { body: `${PROBLEM_STATEMENT}\nAlice ${round}` }, ifMatch),
        api.put(`/api/v1/proposals/${p.reference}/problem-statement`, { body: `${PROBLEM_STATEMENT}\nBob ${round}` }, ifMatch),
      ]);
      expect([a.statusCode, b.statusCode].sort(), `${a.body} ${b.body}`).toEqual([200, 412]);
      expectError(a.statusCode === 412 ? a : b, 412, 'VERSION_CONFLICT');
      const items = (await api.get(`/api/v1/proposals/${p.reference}/problem-statement`)).json().items;
      expect(items).toHaveLength(before + 1);
      expect(items.at(-1).body).toBe((a.statusCode === 200 ? a : b).json().body);
      expect(await api.version(p.reference)).toBe(version + 1);
    }
  });
});
