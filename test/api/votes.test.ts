// Change Board votes, Authority decisions and appeals through the JSON API, on SQLite and
// PostgreSQL: a vote with an alternative, ballots by voting group with their rationale, the live
// tally only to the committee and the Secretariat until the close, closing that decides a Path 3
// change (or recommends a Path 1 change to the Authority) and publishes the record, the Authority's
// decision with its letter, appeals inside and outside the window and the hold they put on
// scheduling; every refusal with its stable code and nothing written. Clock: Monday 11 January 2027.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { SYSTEM_ACCOUNT } from '../../src/modules/accounts/accounts.js';
import { addUser, createToken } from '../../src/modules/accounts/service.js';
import { insertOrganisation } from '../../src/modules/directory/repository.js';
import { describeEachDatabase } from '../support/databases.js';
import { multipartBody } from '../support/multipart.js';
import { csrfFrom, formClient } from '../support/form-client.js';
import { samplePdf } from '../support/sample-files.js';
import { PROBLEM_STATEMENT, expectError, expectFieldError, seedDirectory, startApi, type Api } from './helpers.js';

const PASSWORD = 'a password long enough';
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const approve = (rationale = 'Better for consumers.', objectives = ['consumer-energy-use']) => ({ choice: 'approve', rationale, objectives });
const reject = (rationale = 'Costs outweigh the benefit.', objectives = ['efficient-metering']) => ({ choice: 'reject', rationale, objectives });
const abstain = { choice: 'abstain' };

describeEachDatabase('API: Change Board votes, Authority decisions and appeals', ({ ctx }) => {
  let api: Api;
  const tokens: Record<string, string> = {};
  let path3 = '';
  let voteId = '';

  const as = (who: string | null, method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) =>
    api.request(method, url, { token: who === null ? null : tokens[who], ...(body !== undefined ? { body } : {}) });
  const ballot = (who: string, id: string, choices: Record<string, unknown>) =>
    as(who, 'PUT', `/api/v1/votes/${id}/ballots/mine`, { choices: Object.entries(choices).map(([option, c]) => ({ option, ...(c as object) })) });
  const count = async (table: string) => Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(ctx().db.kysely)).rows[0].n);

  async function atChangeBoard(title: string, path: string): Promise<string> {
    const p = await api.raise({ title, raisedOn: '2026-12-01', problemStatement: PROBLEM_STATEMENT });
    for (const body of [{ action: 'agree-problem-statement', businessDate: '2026-12-08' }, { action: 'convert', path, route: 'fast-track', businessDate: '2026-12-11' }]) {
      const res = await api.act(p.reference, body);
      expect(res.statusCode, res.body).toBe(200);
    }
    return `MP${p.reference.slice(2)}`;
  }

  beforeAll(async () => {
    await seedDirectory(ctx());
    const at = '2020-01-01T00:00:00.000Z';
    for (const [id, name, category] of [['org-ovo', 'Ovo', 'small-supplier'], ['org-ssen', 'SSEN', 'electricity-network'],
      ['org-ca', 'Citizens Advice', null], ['org-dcc', 'DCC', 'dcc']] as const) {
      await insertOrganisation(ctx().db.kysely, { id, name, partyCategory: category }, at);
    }
    const users: [string, { role: string; organisation?: string; committee?: string[] }][] = [
      ['large', { role: 'member', organisation: 'Utilita', committee: ['CB'] }],
      ['small', { role: 'member', organisation: 'Ovo', committee: ['CB'] }],
      ['network', { role: 'member', organisation: 'SSEN', committee: ['CB'] }],
      ['consumer', { role: 'member', organisation: 'Citizens Advice', committee: ['CB'] }],
      ['dcc', { role: 'member', organisation: 'DCC', committee: ['CB'] }],
      ['opsg', { role: 'member', organisation: 'Utilita', committee: ['OPSG'] }],
      ['party', { role: 'party', organisation: 'Ovo' }],
      ['party2', { role: 'party', organisation: 'Utilita' }],
      ['analyst', { role: 'analyst' }],
    ];
    for (const [who, extra] of users) {
      await addUser(ctx(), SYSTEM_ACCOUNT, { email: `${who}@votes.example`, name: `The ${who} member`, password: PASSWORD, ...extra });
      tokens[who] = (await createToken(ctx(), { name: who, userEmail: `${who}@votes.example` })).token;
    }
    api = await startApi(ctx());
  });
  afterAll(async () => { await api?.close(); });
  afterEach(() => { expect(api.serverErrors.splice(0)).toEqual([]); });

  it('opens a vote only on a change at the Change Board, once, with named alternatives', async () => {
    const dp = (await api.raise({ title: 'Not yet at the board', raisedOn: '2026-12-01' })).reference;
    expectError(await api.post(`/api/v1/proposals/${dp}/votes`, {}), 409, 'NOT_AT_CHANGE_BOARD');
    path3 = await atChangeBoard('Prepayment top-up without the SM WAN', '3');
    expectFieldError(await api.post(`/api/v1/proposals/${path3}/votes`, { alternatives: [{ title: 'Proposed solution' }] }), 'alternatives.0.title');
    expectFieldError(await api.post(`/api/v1/proposals/${path3}/votes`, { businessDate: '2099-01-01' }), 'businessDate');
    expectError(await as('large', 'POST', `/api/v1/proposals/${path3}/votes`, {}), 403, 'FORBIDDEN');
    expect(await count('votes')).toBe(0);

    const res = await api.post(`/api/v1/proposals/${path3}/votes`, {
      proposedSolution: { description: 'Top up at a shop terminal.' }, alternatives: [{ title: 'Alternative A', description: 'Emergency credit instead.' }],
      businessDate: '2027-01-04',
    });
    expect(res.statusCode, res.body).toBe(201);
    voteId = res.json().id;
    expect(res.headers.location).toBe(`/api/v1/votes/${voteId}`);
    expect(res.json()).toMatchObject({
      reference: path3, committee: 'CB', status: 'open', openedOn: '2027-01-04', closedOn: null, outcome: null,
      options: [{ key: 'proposed', title: 'Proposed solution' }, { key: 'alternative-1', title: 'Alternative A', description: 'Emergency credit instead.' }],
    });
    expectError(await api.post(`/api/v1/proposals/${path3}/votes`, {}), 409, 'ALREADY_EXISTS');
  });

  it('takes a ballot from each voting member, refusing non-members, the DCC and incomplete or unreasoned ballots', async () => {
    expectError(await ballot('dcc', voteId, { 'proposed': approve(), 'alternative-1': approve() }), 403, 'NOT_A_VOTING_MEMBER');
    expectError(await ballot('opsg', voteId, { 'proposed': approve(), 'alternative-1': approve() }), 403, 'NOT_A_VOTING_MEMBER');
    expectError(await ballot('party', voteId, { 'proposed': approve(), 'alternative-1': approve() }), 403, 'FORBIDDEN');
    expectFieldError(await ballot('large', voteId, { proposed: approve() }), 'choices');
    expectFieldError(await ballot('large', voteId, { 'proposed': { choice: 'approve' }, 'alternative-1': abstain }), 'choices.0.rationale');
    expectFieldError(await ballot('large', voteId, { 'proposed': approve('Fine', ['world-peace']), 'alternative-1': abstain }), 'choices.0.objectives');
    expectFieldError(await ballot('large', voteId, { 'proposed': { choice: 'maybe' }, 'alternative-1': abstain }), 'choices.0.choice');
    expectFieldError(await ballot('large', voteId, { 'proposed': approve(), 'alternative-9': abstain }), 'choices.1.option');
    expectError(await ballot('large', 'no-such-vote', { proposed: approve() }), 404, 'NOT_FOUND');
    expect(await count('vote_ballots')).toBe(0);

    const first = await ballot('large', voteId, { 'proposed': approve(), 'alternative-1': reject() });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ canVote: true, myBallot: { group: 'large-supplier', organisation: 'Utilita', choices: [
      { option: 'proposed', choice: 'approve', rationale: 'Better for consumers.', objectives: ['consumer-energy-use'] },
      { option: 'alternative-1', choice: 'reject' },
    ] } });
    for (const [who, choices] of [
      ['small', { 'proposed': approve(), 'alternative-1': approve() }],
      ['network', { 'proposed': reject(), 'alternative-1': approve() }],
      ['consumer', { 'proposed': abstain, 'alternative-1': approve() }],
    ] as const) {
      const res = await ballot(who, voteId, choices);
      expect(res.statusCode, res.body).toBe(200);
    }
    // An edit, not a second ballot.
    const edited = await ballot('large', voteId, { 'proposed': approve('Still better for consumers.'), 'alternative-1': abstain });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(await count('vote_ballots')).toBe(4);
  });

  it('shows the live tally, what is needed and the ballots to the committee and the Secretariat, not yet to the public', async () => {
    const pub = (await as(null, 'GET', `/api/v1/votes/${voteId}`)).json();
    expect(pub).toMatchObject({ status: 'open', tallyVisible: false, ballots: null, carried: null, canVote: false });
    expect(pub.options.map((o: { result: unknown }) => o.result)).toEqual([null, null]);
    const outsider = (await as('opsg', 'GET', `/api/v1/votes/${voteId}`)).json();
    expect(outsider.tallyVisible).toBe(false);

    const member = (await as('network', 'GET', `/api/v1/votes/${voteId}`)).json();
    expect(member.tallyVisible).toBe(true);
    expect(member.ballots).toHaveLength(4);
    const [proposed, alternative] = member.options;
    expect(proposed.result.groups.map((g: { group: string; position: string }) => [g.group, g.position])).toEqual([
      ['large-supplier', 'approve'], ['small-supplier', 'approve'], ['network', 'reject'], ['other-sec-party', 'excluded'], ['consumer', 'excluded'],
    ]);
    expect(proposed.result).toMatchObject({ passes: true, counted: 3, approving: 2, needed: 2, toPass: { votes: 0 } });
    expect(alternative.result).toMatchObject({ passes: true, counted: 3, approving: 3, needed: 2 });
    expect(member.carried).toBe('proposed');

    const timeline = async (who: string | null) => (await as(who, 'GET', `/api/v1/proposals/${path3}/events`)).json().items.map((e: { type: string }) => e.type);
    expect(await timeline(null)).not.toContain('vote.ballot-cast');
    expect(await timeline('opsg')).not.toContain('vote.ballot-cast');
    expect(await timeline('small')).toEqual(expect.arrayContaining(['vote.opened', 'vote.ballot-cast', 'vote.ballot-changed']));
  });

  it('closes the vote: decides the Path 3 change, publishes the record, and takes no more ballots', async () => {
    expectFieldError(await api.post(`/api/v1/votes/${voteId}/close`, { businessDate: '2027-01-01' }), 'businessDate');
    const res = await api.post(`/api/v1/votes/${voteId}/close`, { businessDate: '2027-01-06' });
    expect(res.statusCode, res.body).toBe(200);
    const closed = res.json();
    expect(closed).toMatchObject({ status: 'counted', closedOn: '2027-01-06', outcome: 'approve', carried: 'proposed', action: 'change-board-approve' });
    expect((await api.get(`/api/v1/proposals/${path3}`)).json().state).toBe('approved');

    const record = await as(null, 'GET', new URL(closed.record.html).pathname);
    expect(record.statusCode).toBe(200);
    expect(record.headers['content-type']).toMatch(/^text\/html/);
    expect(sha256(record.body)).toBe(closed.record.sha256);
    expect(record.body).toContain('Still better for consumers.');
    expect(closed.record.documents).toHaveLength(2);
    const docs = (await api.get(`/api/v1/proposals/${path3}/documents`)).json().items;
    expect(docs.map((d: { kind: string; fileType: string; restricted: boolean }) => [d.kind, d.fileType, d.restricted]))
      .toEqual(expect.arrayContaining([['change-board-vote', 'pdf', false], ['change-board-vote', 'md', false]]));

    expectError(await ballot('small', voteId, { 'proposed': reject(), 'alternative-1': reject() }), 409, 'VOTE_CLOSED');
    expectError(await api.post(`/api/v1/votes/${voteId}/close`, {}), 409, 'VOTE_CLOSED');

    // Once closed, everyone reads the ballots with their rationale.
    const pub = (await as(null, 'GET', `/api/v1/votes/${voteId}`)).json();
    expect(pub.tallyVisible).toBe(true);
    expect(pub.ballots.find((b: { group: string }) => b.group === 'network').choices[0]).toMatchObject({ choice: 'reject', rationale: 'Costs outweigh the benefit.' });
    const events = (await as(null, 'GET', `/api/v1/proposals/${path3}/events`)).json().items.map((e: { type: string }) => e.type);
    expect(events).toEqual(expect.arrayContaining(['vote.opened', 'vote.closed', 'proposal.action-taken']));
  });

  it('holds a change under appeal: an appeal inside the window stops scheduling until the Authority decides it', async () => {
    expectError(await as('large', 'POST', `/api/v1/proposals/${path3}/appeals`, { grounds: 'Unfair.' }), 403, 'FORBIDDEN');
    expectFieldError(await as('party', 'POST', `/api/v1/proposals/${path3}/appeals`, { grounds: '' }), 'grounds');
    const res = await as('party', 'POST', `/api/v1/proposals/${path3}/appeals`, { grounds: 'Small Suppliers were not consulted.' });
    expect(res.statusCode, res.body).toBe(201);
    const appeal = res.json();
    expect(appeal).toMatchObject({ organisation: 'Ovo', status: 'open', againstAction: 'change-board-approve', againstOn: '2027-01-06', raisedOn: '2027-01-11' });
    expect(appeal.windowClosesOn > '2027-01-20').toBe(true);
    expectError(await as('party', 'POST', `/api/v1/proposals/${path3}/appeals`, { grounds: 'Again.' }), 409, 'ALREADY_EXISTS');

    const held = expectError(await api.post('/api/v1/releases/2027-02/changes', { ref: path3 }), 409, 'GUARD_FAILED');
    expect(held.message).toContain('appeal');

    expectFieldError(await api.post(`/api/v1/appeals/${appeal.id}/decision`, { outcome: 'ignored' }), 'outcome');
    const decided = await api.post(`/api/v1/appeals/${appeal.id}/decision`, { outcome: 'dismissed', note: 'No grounds.' });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ status: 'dismissed', decidedOn: '2027-01-11', decisionNote: 'No grounds.' });
    expectError(await api.post(`/api/v1/appeals/${appeal.id}/decision`, { outcome: 'upheld' }), 409, 'ACTION_NOT_ALLOWED');
    const scheduled = await api.post('/api/v1/releases/2027-02/changes', { ref: path3 });
    expect(scheduled.statusCode, scheduled.body).toBe(200);
  });

  it('refuses an appeal after the window, and one against a change with no self-governance decision', async () => {
    const late = await atChangeBoard('Decided long ago', '3');
    expect((await api.act(late, { action: 'change-board-reject', businessDate: '2026-12-14' })).statusCode).toBe(200);
    const refused = expectError(await as('party', 'POST', `/api/v1/proposals/${late}/appeals`, { grounds: 'Too late?' }), 409, 'APPEAL_WINDOW_CLOSED');
    expect(refused.message).toContain('closed on');
    const undecided = await atChangeBoard('Still at the board', '3');
    expectError(await as('party', 'POST', `/api/v1/proposals/${undecided}/appeals`, { grounds: 'Premature.' }), 409, 'NOT_APPEALABLE');
    expect(await count('appeals')).toBe(1);
  });

  it('recommends a Path 1 change to the Authority, whose decision comes with its letter', async () => {
    const path1 = await atChangeBoard('Authority-led change', '1');
    const opened = await api.post(`/api/v1/proposals/${path1}/votes`, { businessDate: '2027-01-05' });
    expect(opened.statusCode, opened.body).toBe(201);
    const id = opened.json().id;
    expect((await ballot('large', id, { proposed: reject() })).statusCode).toBe(200);
    const closed = await api.post(`/api/v1/votes/${id}/close`, { businessDate: '2027-01-06' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ outcome: 'reject', carried: null, action: 'change-board-recommend' });
    const change = (await api.get(`/api/v1/proposals/${path1}`)).json();
    expect(change.state).toBe('with-authority');

    const decide = async (fields: Record<string, string>, file?: { name: string; bytes: Buffer }, ref = path1) => {
      const { payload, contentType } = await multipartBody(fields, file ? { file } : {});
      return api.app.inject({ method: 'POST', url: `/api/v1/proposals/${ref}/authority-decision`, payload,
        headers: { 'content-type': contentType, authorization: `Bearer ${api.token}` } });
    };
    const letter = samplePdf('Ofgem decision letter');
    const before = await count('documents');
    expectFieldError(await decide({ decision: 'approve' }), 'file');
    expectFieldError(await decide({ decision: 'maybe' }, { name: 'letter.pdf', bytes: letter }), 'decision');
    expectFieldError(await decide({ decision: 'approve', decidedOn: '2099-01-01' }, { name: 'letter.pdf', bytes: letter }), 'decidedOn');
    expectError(await decide({ decision: 'approve' }, { name: 'letter.pdf', bytes: letter }, path3), 409, 'ACTION_NOT_ALLOWED');
    expect(await count('documents')).toBe(before);
    expect(await count('authority_decisions')).toBe(0);

    const res = await decide({ decision: 'send-back', decidedOn: '2027-01-08', note: 'More analysis of costs.' }, { name: 'letter.pdf', bytes: letter });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ reference: path1, decision: 'send-back', decidedOn: '2027-01-08', action: 'authority-send-back' });
    expect((await api.get(`/api/v1/proposals/${path1}`)).json().state).toBe('report-phase');
    const doc = (await api.get(new URL(res.json().documentUrl).pathname)).json();
    expect(doc).toMatchObject({ kind: 'authority-decision', sha256: sha256(letter), restricted: false });
    const page = await api.request('GET', `/proposals/${path1}`, { token: null });
    const changePage = await api.request('GET', page.headers.location as string, { token: null });
    expect(changePage.body).toContain('Authority decision of 8 January 2027');
  });
  it('pages: the member\'s ballot form (CSRF, fields marked when refused), the live tally to members only, the record after the close', async () => {
    const ref = await atChangeBoard('Voted through the pages', '3');
    const analyst = formClient(api.app);
    expect((await analyst.signIn('analyst@votes.example', PASSWORD)).statusCode).toBe(303);
    const changeUrl = (await api.request('GET', `/proposals/${ref}`, { token: null })).headers.location as string;
    expect((await analyst.get(changeUrl)).body).toContain('Open a Change Board vote');
    const twice = await analyst.submit(changeUrl, `${changeUrl}votes`, { alternatives: 'Option B\nOption B' });
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('is the title of another option');
    const opened = await analyst.submit(changeUrl, `${changeUrl}votes`, { alternatives: 'Option B\n', businessDate: '2027-01-05' });
    expect(opened.statusCode, opened.body).toBe(303);
    const id = (opened.headers.location as string).split('/').pop()!;
    expect((await api.get(`/api/v1/votes/${id}`)).json().options.map((o: { title: string }) => o.title)).toEqual(['Proposed solution', 'Option B']);
    expect((await analyst.get(changeUrl)).body).not.toContain('Open a Change Board vote');
    const member = formClient(api.app);
    expect((await member.signIn('small@votes.example', PASSWORD)).statusCode).toBe(303);
    const page = await member.get(`/votes/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Cast your ballot');
    expect(page.body).toContain('Live tally');

    const ballotsBefore = await count('vote_ballots');
    const refused = await member.submit(`/votes/${id}`, `/votes/${id}/ballot`, { 'choice-proposed': 'approve', 'choice-alternative-1': 'abstain' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('is required: say why');
    expect(await count('vote_ballots')).toBe(ballotsBefore);
    const cast = await member.submit(`/votes/${id}`, `/votes/${id}/ballot`, {
      'choice-proposed': 'approve', 'rationale-proposed': 'Helps <small> suppliers compete.', 'objectives-proposed': ['competition', 'consumer-energy-use'],
      'choice-alternative-1': 'reject', 'rationale-alternative-1': 'Too costly.', 'objectives-alternative-1': 'efficient-metering',
    });
    expect(cast.statusCode, cast.body).toBe(303);
    const after = (await member.get(`/votes/${id}`)).body;
    expect(after).toContain('Change my ballot');
    expect(after).toContain('Helps &lt;small> suppliers compete.');
    // Without CSRF, refused.
    expect((await member.post(`/votes/${id}/ballot`, { 'choice-proposed': 'reject' })).statusCode).toBe(403);

    const pub = await as(null, 'GET', `/votes/${id}`);
    expect(pub.body).toContain('published when the vote closes');
    expect(pub.body).not.toContain('suppliers compete');
    expect(pub.body).not.toContain('name="_csrf"');
    const changePage = await api.request('GET', (await api.request('GET', `/proposals/${ref}`, { token: null })).headers.location as string, { token: null });
    expect(changePage.body).toContain('Change Board vote and decisions');
    expect(changePage.body).not.toContain('suppliers compete');

    expect((await api.post(`/api/v1/votes/${id}/close`, { businessDate: '2027-01-07' })).statusCode).toBe(200);
    const closed = await as(null, 'GET', `/votes/${id}`);
    expect(closed.body).toContain('Helps &lt;small> suppliers compete.');
    expect(closed.body).toContain('Frozen record (HTML)');
    expect(closed.body).not.toContain('Cast your ballot');
  });

  it('pages: the Authority\'s decision with its letter, shown only to the Secretariat and only while the change is with the Authority', async () => {
    const ref = await atChangeBoard('Decided through the pages', '1');
    const opened = await api.post(`/api/v1/proposals/${ref}/votes`, { businessDate: '2027-01-05' });
    const id = opened.json().id;
    expect((await ballot('large', id, { proposed: approve() })).statusCode).toBe(200);
    expect((await api.post(`/api/v1/votes/${id}/close`, { businessDate: '2027-01-06' })).statusCode).toBe(200);
    const changeUrl = (await api.request('GET', `/proposals/${ref}`, { token: null })).headers.location as string;

    const analyst = formClient(api.app);
    expect((await analyst.signIn('analyst@votes.example', PASSWORD)).statusCode).toBe(303);
    const withAuthority = (await analyst.get(changeUrl)).body;
    expect(withAuthority).toContain('Record the Authority\'s decision');
    // The Authority's steps are not offered as plain buttons beside it: the list points at the form with the letter.
    for (const step of ['authority-approve', 'authority-reject', 'authority-send-back']) expect(withAuthority).not.toContain(`name="action" value="${step}"`);
    expect(withAuthority).toMatch(/Recorded with .{1,6}Record the Authority.{1,6}s decision.{1,6}, with its letter, under/);
    expect((await as(null, 'GET', changeUrl)).body).not.toContain('Record the Authority\'s decision');
    const member = formClient(api.app);
    expect((await member.signIn('large@votes.example', PASSWORD)).statusCode).toBe(303);
    expect((await member.get(changeUrl)).body).not.toContain('Record the Authority\'s decision');

    const cookie = (c: ReturnType<typeof formClient>) => Object.entries(c.jar).map(([k, v]) => `${k}=${v}`).join('; ');
    const send = async (c: ReturnType<typeof formClient>, fields: Record<string, string>, file?: { name: string; bytes: Buffer }, csrf?: string) => {
      const token = csrf ?? csrfFrom((await c.get(changeUrl)).body);
      const { payload, contentType } = await multipartBody({ _csrf: token, ...fields }, file ? { file } : {});
      return api.app.inject({ method: 'POST', url: `${changeUrl}authority-decision`, payload, headers: { 'content-type': contentType, cookie: cookie(c) } });
    };
    const letter = { name: 'decision.pdf', bytes: samplePdf('Decision letter through the page') };
    const before = [await count('authority_decisions'), await count('documents')];
    const noFile = await send(analyst, { decision: 'approve', decidedOn: '' });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.body).toContain('href="#f-file"');
    expect(noFile.body).toContain('id="f-file"');
    expect(noFile.body).toContain('Choose the letter again');
    const badDecision = await send(analyst, { decision: 'shrug' }, letter);
    expect(badDecision.statusCode).toBe(400);
    expect(badDecision.body).toContain('href="#f-decision"');
    expect((await send(analyst, { decision: 'approve' }, letter, 'forged')).statusCode).toBe(403);
    expect((await send(member, { decision: 'approve' }, letter)).statusCode).toBe(403);
    expect([await count('authority_decisions'), await count('documents')]).toEqual(before);

    const done = await send(analyst, { decision: 'approve', decidedOn: '2027-01-08', note: 'Approved <as proposed>.' }, letter);
    expect(done.statusCode, done.body).toBe(303);
    expect(done.headers.location).toBe(`${changeUrl}?done=authority-decision#h-votes`);
    expect((await api.get(`/api/v1/proposals/${ref}`)).json().state).toBe('approved');
    const landed = (await analyst.get(`${changeUrl}?done=authority-decision`)).body;
    expect(landed).toContain('decision was recorded with its letter.');
    expect(landed).toContain('Authority decision of 8 January 2027');
    expect(landed).toContain('Approved &lt;as proposed>.');
    // No longer with the Authority: no form, and a second decision is refused.
    expect(landed).not.toContain('<summary>Record the Authority\'s decision</summary>');
    const again = await send(analyst, { decision: 'reject' }, letter);
    expect(again.statusCode).toBe(409);
    expect(await count('authority_decisions')).toBe(before[0] + 1);
  });

  it('pages: a Party appeals inside the window, and the Secretariat records the Authority\'s decision on the appeal', async () => {
    const ref = await atChangeBoard('Appealed through the pages', '3');
    const id = (await api.post(`/api/v1/proposals/${ref}/votes`, { businessDate: '2027-01-05' })).json().id;
    expect((await ballot('large', id, { proposed: approve() })).statusCode).toBe(200);
    expect((await api.post(`/api/v1/votes/${id}/close`, { businessDate: '2027-01-07' })).statusCode).toBe(200);
    const changeUrl = (await api.request('GET', `/proposals/${ref}`, { token: null })).headers.location as string;

    const party = formClient(api.app);
    expect((await party.signIn('party@votes.example', PASSWORD)).statusCode).toBe(303);
    const page = (await party.get(changeUrl)).body;
    expect(page).toContain('Appeal to the Authority for Ovo');
    expect(page).toContain('The appeal window against this decision is open until 28 January 2027.');
    const analyst = formClient(api.app);
    expect((await analyst.signIn('analyst@votes.example', PASSWORD)).statusCode).toBe(303);
    expect((await analyst.get(changeUrl)).body).not.toContain('Appeal to the Authority for');
    expect((await as(null, 'GET', changeUrl)).body).not.toContain('Appeal to the Authority for');

    const before = await count('appeals');
    const empty = await party.submit(changeUrl, `${changeUrl}appeals`, { grounds: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('href="#f-grounds"');
    expect(empty.body).toContain('id="f-grounds"');
    expect((await party.post(`${changeUrl}appeals`, { grounds: 'No token.' })).statusCode).toBe(403);
    expect((await analyst.submit(changeUrl, `${changeUrl}appeals`, { grounds: 'Not a Party.' })).statusCode).toBe(403);
    expect(await count('appeals')).toBe(before);

    const raised = await party.submit(changeUrl, `${changeUrl}appeals`, { grounds: 'Small <suppliers> were not heard.' });
    expect(raised.statusCode, raised.body).toBe(303);
    expect(raised.headers.location).toBe(`${changeUrl}?done=appeal-raised#h-votes`);
    const held = (await party.get(`${changeUrl}?done=appeal-raised`)).body;
    expect(held).toContain('The appeal was raised.');
    expect(held).toContain('open: the change is held until the Authority decides it');
    expect(held).not.toContain('Appeal to the Authority for Ovo');
    expect(await count('appeals')).toBe(before + 1);

    const appealId = (await api.get(`/api/v1/proposals/${ref}/events`)).json().items.find((e: { type: string }) => e.type === 'appeal.raised').payload.appealId as string;
    const decisionUrl = `${changeUrl}appeals/${appealId}/decision`;
    expect((await analyst.get(changeUrl)).body).toContain(`action="${decisionUrl}"`);
    expect((await party.get(changeUrl)).body).not.toContain(`action="${decisionUrl}"`);
    expect((await party.submit(changeUrl, decisionUrl, { outcome: 'upheld' })).statusCode).toBe(403);
    const refused = await analyst.submit(changeUrl, decisionUrl, { outcome: 'ignored' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#f-outcome"');
    expect((await analyst.submit(changeUrl, `${changeUrl}appeals/no-such-appeal/decision`, { outcome: 'upheld' })).statusCode).toBe(404);

    const decided = await analyst.submit(changeUrl, decisionUrl, { outcome: 'upheld', note: 'The consultation missed them.' });
    expect(decided.statusCode, decided.body).toBe(303);
    expect(decided.headers.location).toBe(`${changeUrl}?done=appeal-decided#h-votes`);
    const after = (await analyst.get(`${changeUrl}?done=appeal-decided`)).body;
    expect(after).toContain('decision on the appeal was recorded.');
    expect(after).toContain('upheld on 11 January 2027');
    expect(after).not.toContain(`action="${decisionUrl}"`);
    expect((await analyst.submit(changeUrl, decisionUrl, { outcome: 'dismissed' })).statusCode).toBe(409);
  });
}, { clock: () => new Date('2027-01-11T10:00:00Z') });
