// What is due, for whom, through GET /api/v1/deadlines and /work, on SQLite and PostgreSQL: a
// critical-friend reply for each submission awaiting one, a paper for each coming meeting of a
// committee that gets one (until it is issued), a release with changes to implement, the
// Authority's 5-week target and an open appeal window. Each role sees its own part: the public
// nothing (401), a Party user its own organisation's submissions, a member the papers of their
// committees, the Secretariat everything. The clock is fixed at Monday 1 March 2027, so "soon"
// (5 Working Days) runs to Monday 8 March.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { SYSTEM_ACCOUNT } from '../../src/modules/accounts/accounts.js';
import { addUser, createToken } from '../../src/modules/accounts/service.js';
import * as committees from '../../src/modules/committees/service.js';
import { insertOrganisation } from '../../src/modules/directory/repository.js';
import { issuePaper } from '../../src/modules/papers/service.js';
import * as proposals from '../../src/modules/proposals/service.js';
import * as releases from '../../src/modules/releases/service.js';
import { describeEachDatabase } from '../support/databases.js';
import { formClient } from '../support/form-client.js';
import { PROBLEM_STATEMENT, expectError, expectFieldError, seedDirectory, startApi, type Api } from './helpers.js';

let now = '2027-02-15T10:00:00Z';
const admin = SYSTEM_ACCOUNT;
const PASSWORD = 'a long enough password';

describeEachDatabase('API: what is due, by role', ({ ctx }) => {
  let api: Api;
  const token: Record<string, string> = {};
  const refs: Record<string, string> = {};

  const due = async (who: string, query = '') => {
    const res = await api.request('GET', `/api/v1/deadlines${query}`, { token: token[who] });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const rows = (body: { items: { kind: string; title: string; dueOn: string; standing: string }[] }) =>
    body.items.map((d) => [d.kind, d.title, d.dueOn, d.standing]);

  async function user(key: string, role: string, extra: Record<string, unknown>) {
    await addUser(ctx(), admin, { email: `${key}@example.org`, name: key, role, password: PASSWORD, ...extra });
    token[key] = (await createToken(ctx(), { name: key, userEmail: `${key}@example.org` })).token;
  }

  async function submit(who: string, title: string) {
    const res = await api.request('POST', '/api/v1/submissions', { token: token[who],
      body: { title, summary: `${title}, in brief.`, sections: { 'What is the issue?': 'It is broken.' }, submit: true } });
    expect(res.statusCode, res.body).toBe(201);
  }

  async function raise(title: string, steps: { action: string; businessDate: string; inputs?: Record<string, string> }[]) {
    let p = await proposals.raiseProposal(ctx(), admin, { title, raisedOn: '2026-11-02', problemStatement: PROBLEM_STATEMENT });
    for (const step of steps) p = await proposals.actOnProposal(ctx(), admin, p.reference, step);
    return p.reference;
  }

  beforeAll(async () => {
    now = '2027-02-15T10:00:00Z';
    api = await startApi(ctx());
    await seedDirectory(ctx());
    await insertOrganisation(ctx().db.kysely, { id: 'org-edf', name: 'EDF Energy', partyCategory: 'large-supplier' }, '2020-01-01T00:00:00.000Z');
    await user('analyst', 'analyst', {});
    await user('utilita', 'party', { organisation: 'Utilita' });
    await user('edf', 'party', { organisation: 'EDF Energy' });
    await user('opsg', 'member', { committee: ['OPSG'] });
    await user('ssc', 'member', { committee: ['SSC'] });

    // Sent on Monday 15 February: due Monday 22 February, overdue by 1 March.
    await submit('edf', 'Smart meter alerts');
    now = '2027-03-01T10:00:00Z';
    // Sent today: due Monday 8 March, the last day of "soon".
    await submit('utilita', 'Top-ups without the SM WAN');

    for (const [committee, date, status] of [['OPSG', '2027-03-09', 'planned'], ['SSC', '2027-03-04', 'planned'], ['OPSG', '2027-04-20', 'planned'],
      ['OPSG', '2027-03-05', 'planned'], ['CSC', '2027-03-02', 'planned'], ['SSC', '2027-03-16', 'cancelled']] as const) {
      await committees.createMeeting(ctx(), admin, { committee, date, status });
    }
    await issuePaper(ctx(), admin, { committee: 'OPSG', date: '2027-03-05' });

    const agreed = { action: 'agree-problem-statement', businessDate: '2026-11-10' };
    refs.selfGoverned = await raise('Self-governed change', [agreed,
      { action: 'convert', businessDate: '2026-11-20', inputs: { path: '3', route: 'fast-track' } },
      { action: 'change-board-approve', businessDate: '2027-02-08' }]);
    refs.withAuthority = await raise('Authority change', [agreed,
      { action: 'convert', businessDate: '2026-11-20', inputs: { path: '2', route: 'fast-track' } },
      { action: 'change-board-recommend', businessDate: '2027-01-20', inputs: { recommendation: 'approve' } }]);
    const release = await releases.planRelease(ctx(), admin, { name: 'March fix release', date: '2027-03-03' });
    await releases.scheduleChange(ctx(), admin, release.id, { ref: refs.selfGoverned });
  });
  afterAll(async () => { await api?.close(); });
  afterEach(() => { expect(api.serverErrors.splice(0)).toEqual([]); });

  it('shows the Secretariat everything due by the end of "soon", overdue first', async () => {
    const body = await due('analyst');
    expect(body).toMatchObject({ today: '2027-03-01', soonUntil: '2027-03-08', dueBefore: '2027-03-09' });
    expect(rows(body)).toEqual([
      ['critical-friend-reply', 'Smart meter alerts (EDF Energy)', '2027-02-22', 'overdue'],
      ['authority-decision', `${refs.withAuthority} Authority change`, '2027-02-24', 'overdue'],
      ['paper-due', 'New Draft Proposals and Modification Proposals: SSC meeting of 4 March 2027', '2027-02-25', 'overdue'],
      ['appeal-window', `${refs.selfGoverned} Self-governed change`, '2027-03-01', 'due-today'],
      ['paper-due', 'New Draft Proposals and Modification Proposals: OPSG meeting of 9 March 2027', '2027-03-02', 'soon'],
      ['release-implementation', 'March fix release: 1 change to implement', '2027-03-03', 'soon'],
      ['critical-friend-reply', 'Top-ups without the SM WAN (Utilita)', '2027-03-08', 'soon'],
    ]);
    expect(body.items[1]).toMatchObject({ label: 'Authority decision (5-week target)', from: 'the Authority (Ofgem)', since: '2027-01-20',
      url: expect.stringMatching(/^https:\/\/secretariat\.test\/modifications\/authority-change\/$/) });
    expect(body.items[0]).toMatchObject({ label: 'Critical-friend reply', from: 'the Secretariat', since: '2027-02-15', subject: { type: 'submission' } });
  });

  it('looks further ahead when asked, with what falls due later', async () => {
    const body = await due('analyst', '?due-before=2027-05-01');
    expect(rows(body).filter(([, , , standing]) => standing === 'later')).toEqual([
      ['paper-due', 'New Draft Proposals and Modification Proposals: OPSG meeting of 20 April 2027', '2027-04-13', 'later'],
    ]);
    expect(rows(await due('analyst', '?due-before=2027-02-25')).map(([kind]) => kind)).toEqual(['critical-friend-reply', 'authority-decision']);
  });

  it('shows a Party user its own organisation\'s submissions only, and a member the papers of their committees only', async () => {
    expect(rows(await due('utilita'))).toEqual([['critical-friend-reply', 'Top-ups without the SM WAN (Utilita)', '2027-03-08', 'soon']]);
    expect(rows(await due('edf'))).toEqual([['critical-friend-reply', 'Smart meter alerts (EDF Energy)', '2027-02-22', 'overdue']]);
    expect(rows(await due('opsg', '?due-before=2027-05-01')).map(([kind, title]) => [kind, title])).toEqual([
      ['paper-due', 'New Draft Proposals and Modification Proposals: OPSG meeting of 9 March 2027'],
      ['paper-due', 'New Draft Proposals and Modification Proposals: OPSG meeting of 20 April 2027'],
    ]);
    expect(rows(await due('ssc')).map(([, title]) => title)).toEqual(['New Draft Proposals and Modification Proposals: SSC meeting of 4 March 2027']);
  });

  it('refuses the public (401) and a due-before that is not a date (400, naming it)', async () => {
    expectError(await api.request('GET', '/api/v1/deadlines', { token: null }), 401, 'UNAUTHENTICATED');
    expectFieldError(await api.request('GET', '/api/v1/deadlines?due-before=next-week', { token: token.analyst }), 'due-before');
    expectFieldError(await api.request('GET', '/api/v1/deadlines?due-before=2027-02-30', { token: token.analyst }), 'due-before');
    expectFieldError(await api.request('GET', '/api/v1/deadlines?due=2027-02-28', { token: token.analyst }), 'due');
  });

  it('shows the same on /work to a signed-in user, in the menu, and sends the public to sign in', async () => {
    const browser = formClient(api.app);
    const anonymous = await browser.get('/work');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/login?next=%2Fwork');
    expect((await browser.get('/modifications/')).body).not.toContain('href="/work"');
    await browser.signIn('utilita@example.org', PASSWORD);
    const page = await browser.get('/work');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<a href="/work" aria-current="page">What is due</a>');
    expect(page.body).toContain('Due soon (1)');
    expect(page.body).toContain('Top-ups without the SM WAN (Utilita)');
    expect(page.body).not.toContain('Smart meter alerts');
    expect(page.body).not.toContain('Overdue');
  });
}, { clock: () => new Date(now) });
