// Consultations through the JSON API, on SQLite and PostgreSQL: opening one drives the change's
// lifecycle, one response per organisation (an edit is a new version, all kept, confidential ones
// seen only by the Secretariat and their own organisation), the close collating the published
// responses into documents attached to the change, the automatic close after the closing day, and
// every refusal with its stable code. The clock starts at Monday 11 January 2027.
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { SYSTEM_ACCOUNT } from '../../src/modules/accounts/accounts.js';
import { addUser, createToken } from '../../src/modules/accounts/service.js';
import { closeDueConsultations } from '../../src/modules/consultations/service.js';
import { insertOrganisation } from '../../src/modules/directory/repository.js';
import { describeEachDatabase } from '../support/databases.js';
import { unzip } from '../support/documents.js';
import { PROBLEM_STATEMENT, expectError, expectFieldError, seedDirectory, startApi, type Api } from './helpers.js';

let now = '2027-01-11T10:00:00Z';
const SECRET = 'Our confidential cost estimate is 1.2 million';

describeEachDatabase('API: consultations', ({ ctx }) => {
  let api: Api;
  const tokens: Record<string, string> = {};
  let mp = '';
  let refinementId = '';
  let reportId = '';

  beforeAll(async () => {
    now = '2027-01-11T10:00:00Z';
    api = await startApi(ctx());
    await seedDirectory(ctx());
    const at = '2020-01-01T00:00:00.000Z';
    await insertOrganisation(ctx().db.kysely, { id: 'org-dcc', name: 'DCC', partyCategory: 'dcc' }, at);
    await insertOrganisation(ctx().db.kysely, { id: 'org-ovo', name: 'OVO Energy', partyCategory: 'small-supplier' }, at);
    const users: [string, string, 'party' | 'member'][] = [
      ['utilita', 'Utilita', 'party'], ['ovo', 'OVO Energy', 'party'], ['dcc', 'DCC', 'party'], ['secas', 'SECAS', 'party'], ['member', 'Utilita', 'member'],
    ];
    for (const [name, organisation, role] of users) {
      const email = `${name}@example.test`;
      await addUser(ctx(), SYSTEM_ACCOUNT, { email, name: `User at ${name}`, role, organisation: role === 'party' ? organisation : undefined, committee: role === 'member' ? 'CB' : undefined, password: 'a long enough password' });
      tokens[name] = (await createToken(ctx(), { name, userEmail: email })).token;
    }
    const p = await api.raise({ title: 'Credit cover alignment', raisedOn: '2026-12-01', problemStatement: PROBLEM_STATEMENT });
    for (const body of [{ action: 'agree-problem-statement', businessDate: '2026-12-08' }, { action: 'convert', path: '1', route: 'refinement', businessDate: '2026-12-11' }]) {
      const res = await api.act(p.reference, body);
      expect(res.statusCode, res.body).toBe(200);
    }
    mp = `MP${p.reference.slice(2)}`;
  });
  afterAll(async () => { await api?.close(); });
  afterEach(() => { expect(api.serverErrors.splice(0)).toEqual([]); });

  const as = (who: string | null) => ({
    get: (url: string) => api.request('GET', url, { token: who === null ? null : tokens[who] ?? api.token }),
    put: (url: string, body: unknown) => api.request('PUT', url, { token: tokens[who!] ?? api.token, body }),
  });
  const respond = (who: string, id: string, body: unknown) => as(who).put(`/api/v1/consultations/${id}/responses/mine`, body);
  const actionsOf = async (ref: string) => ((await api.get(`/api/v1/proposals/${ref}/events`)).json().items as { type: string; payload: { action?: string } }[])
    .filter((e) => e.type === 'proposal.action-taken').map((e) => e.payload.action);

  it('opens a Refinement Consultation closing after the profile\'s 15 Working Days, and takes the lifecycle step with it', async () => {
    const res = await api.post(`/api/v1/proposals/${mp}/consultations`, { kind: 'refinement', questions: ['Do you agree with the solution?', 'What would it cost you?'] });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    refinementId = body.id;
    expect(res.headers.location).toBe(`/api/v1/consultations/${refinementId}`);
    expect(body).toMatchObject({
      reference: mp, kind: 'refinement', kindLabel: 'Refinement Consultation', title: `Refinement Consultation on ${mp}`,
      opensOn: '2027-01-11', closesOn: '2027-02-01', open: true, closedOn: null, takesResponses: true, documents: [], collation: null, responses: [],
    });
    expect((await as(null).get(`/consultations/${refinementId}/collation.html`)).statusCode).toBe(404);
    expect(body.respondents.map((r: { name: string }) => r.name)).toEqual(['DCC', 'OVO Energy', 'Utilita']);
    expect(await actionsOf(mp)).toContain('issue-refinement-consultation');
    const list = (await api.get(`/api/v1/proposals/${mp}/consultations`)).json();
    expect(list.items.map((c: { id: string }) => c.id)).toEqual([refinementId]);
    expect(list.items[0].respondents).toBeNull();
  });

  it('refuses bad openings with field messages or stable codes, writing nothing', async () => {
    const url = `/api/v1/proposals/${mp}/consultations`;
    expectFieldError(await api.post(url, { kind: 'survey', questions: ['Q?'] }), 'kind');
    expectFieldError(await api.post(url, { kind: 'refinement', questions: [' '] }), 'questions');
    const past = expectFieldError(await api.post(url, { kind: 'refinement', questions: ['Q?'], closes: '2027-01-08' }), 'closes');
    expect(past.fields[0].message).toBe('cannot be in the past (today is 11 January 2027).');
    const before = expectFieldError(await api.post(url, { kind: 'refinement', questions: ['Q?'], opens: '2027-01-11', closes: '2027-01-11' }), 'closes');
    expect(before.fields[0].message).toBe('must be after the day it opens (11 January 2027).');
    expectFieldError(await api.post(url, { kind: 'refinement', questions: ['Q?'], opens: '2027-01-12' }), 'opens');
    expectError(await api.post(url, { kind: 'refinement', questions: ['Q?'] }), 409, 'ALREADY_EXISTS');
    expectError(await api.post(url, { kind: 'modification-report', questions: ['Q?'] }), 409, 'ALREADY_EXISTS');
    expectError(await api.request('POST', url, { token: tokens.utilita, body: { kind: 'refinement', questions: ['Q?'] } }), 403, 'FORBIDDEN');
    expectError(await api.post('/api/v1/proposals/MP999/consultations', { kind: 'refinement', questions: ['Q?'] }), 404, 'NOT_FOUND');
    const dp = await api.raise({ title: 'Another', raisedOn: '2026-12-01' });
    expectError(await api.post(`/api/v1/proposals/${dp.reference}/consultations`, { kind: 'refinement', questions: ['Q?'] }), 409, 'ACTION_NOT_ALLOWED');
    const none = await api.get(`/api/v1/proposals/${dp.reference}/consultations`);
    expect(none.statusCode, none.body).toBe(200);
    expect(none.json().items).toEqual([]);
    expect((await api.get(`/api/v1/proposals/${mp}/consultations`)).json().items).toHaveLength(1);
  });

  it('takes one response per organisation: a second is an edit, every version kept; confidential ones too', async () => {
    const first = await respond('utilita', refinementId, { answers: ['Yes, broadly.', 'About 10 days of work.'] });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ organisation: 'Utilita', version: 1, confidential: false,
      answers: [{ question: 'Do you agree with the solution?', answer: 'Yes, broadly.' }, { question: 'What would it cost you?', answer: 'About 10 days of work.' }] });
    const edit = await respond('utilita', refinementId, { answers: ['Yes, with one change to the timing.', ''] });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(edit.json().version).toBe(2);
    expect(edit.json().versions.map((v: { version: number; answers: string[] }) => [v.version, v.answers[0]]))
      .toEqual([[1, 'Yes, broadly.'], [2, 'Yes, with one change to the timing.']]);
    const secret = await respond('ovo', refinementId, { answers: ['No.', SECRET], confidential: true });
    expect(secret.statusCode, secret.body).toBe(200);
    expect(secret.json()).toMatchObject({ organisation: 'OVO Energy', version: 1, confidential: true });

    expectFieldError(await respond('ovo', refinementId, { answers: ['', ''] }), 'answers');
    expectFieldError(await respond('ovo', refinementId, { answers: ['a', 'b', 'c'] }), 'answers');
    expectFieldError(await respond('ovo', refinementId, { confidential: true }), 'answers');
    expectError(await respond('secas', refinementId, { answers: ['Hello'] }), 403, 'NOT_A_PARTY');
    expectError(await api.put(`/api/v1/consultations/${refinementId}/responses/mine`, { answers: ['Hello'] }), 403, 'FORBIDDEN');
    expectError(await respond('member', refinementId, { answers: ['Hello'] }), 403, 'FORBIDDEN');
    expectError(await respond('utilita', 'no-such-consultation', { answers: ['Hello'] }), 404, 'NOT_FOUND');
    // Still one response each, OVO's unchanged by the refused attempts.
    const all = (await as('analyst').get(`/api/v1/consultations/${refinementId}`)).json();
    expect(all.responses.map((r: { organisation: string; version: number }) => [r.organisation, r.version])).toEqual([['OVO Energy', 1], ['Utilita', 2]]);
  });

  it('shows each viewer what it may see: the Secretariat everything and who has responded, a Party its own, the public nothing while open', async () => {
    const url = `/api/v1/consultations/${refinementId}`;
    const analyst = (await as('analyst').get(url)).json();
    expect(analyst.respondents.map((r: { name: string; responded: boolean }) => [r.name, r.responded]))
      .toEqual([['DCC', false], ['OVO Energy', true], ['Utilita', true]]);
    expect(analyst.responses.find((r: { organisation: string }) => r.organisation === 'OVO Energy').answers[1].answer).toBe(SECRET);

    const ovo = (await as('ovo').get(url)).json();
    expect(ovo.responses.map((r: { organisation: string }) => r.organisation)).toEqual(['OVO Energy']);
    expect(ovo.mine).toMatchObject({ confidential: true, version: 1 });
    expect(ovo.respondents).toBeNull();
    const utilita = (await as('utilita').get(url)).json();
    expect(utilita.responses.map((r: { organisation: string }) => r.organisation)).toEqual(['Utilita']);
    expect(utilita.refusal).toBeNull();
    const dccView = await as('dcc').get(url);
    expect(dccView.statusCode, dccView.body).toBe(200);
    expect(dccView.json()).toMatchObject({ responses: [], mine: null, refusal: null });

    const pub = await as(null).get(url);
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json()).toMatchObject({ responses: [], mine: null, refusal: null, respondents: null });
    expect(pub.body).not.toContain(SECRET);
    // The response events reach only the organisation and the Secretariat.
    const publicEvents = await as(null).get(`/api/v1/proposals/${mp}/events`);
    expect(publicEvents.body).not.toContain('consultation.response');
    const ovoEvents = (await as('ovo').get('/api/v1/changes')).json().items.map((e: { type: string; payload: { organisation?: string } }) => [e.type, e.payload.organisation]);
    expect(ovoEvents).toContainEqual(['consultation.response-submitted', 'OVO Energy']);
    expect(ovoEvents).not.toContainEqual(['consultation.response-submitted', 'Utilita']);
    const due = (await as('dcc').get('/api/v1/deadlines?due-before=2027-03-01')).json();
    expect(due.items.map((d: { kind: string; dueOn: string }) => [d.kind, d.dueOn])).toContainEqual(['consultation-close', '2027-02-01']);
    const doneDue = (await as('utilita').get('/api/v1/deadlines?due-before=2027-03-01')).json();
    expect(doneDue.items.map((d: { kind: string }) => d.kind)).not.toContain('consultation-close');
  });

  it('closes: the lifecycle step, and the published responses (never a confidential one) collated and attached to the change', async () => {
    now = '2027-01-20T10:00:00Z';
    const res = await api.post(`/api/v1/consultations/${refinementId}/close`, {});
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ open: false, closedOn: '2027-01-20', takesResponses: false });
    expect(body.documents).toHaveLength(2);
    expect(await actionsOf(mp)).toContain('close-refinement-consultation');

    const docs = (await as(null).get(`/api/v1/proposals/${mp}/documents`)).json().items;
    const collated = docs.filter((d: { kind: string }) => d.kind === 'consultation-responses');
    expect(collated.map((d: { title: string; restricted: boolean }) => [d.title, d.restricted]).sort()).toEqual([
      [`Refinement Consultation on ${mp}: responses (PDF)`, false], [`Refinement Consultation on ${mp}: responses (Word)`, false],
    ]);
    const word = await as(null).get(body.documents[0].downloadUrl.replace('https://secretariat.test', ''));
    expect(word.statusCode).toBe(200);
    const xml = unzip(word.rawPayload).get('word/document.xml')!;
    expect(xml).toContain('Yes, with one change to the timing.');
    expect(xml).not.toContain('Yes, broadly.');
    expect(xml).not.toContain(SECRET);
    expect(xml).not.toContain('OVO Energy');
    const pdf = await as(null).get(body.documents[1].downloadUrl.replace('https://secretariat.test', ''));
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // The HTML collation is frozen at the close: served byte for byte, named by its SHA-256, linked from the page.
    expect(body.collation).toEqual({ html: `https://secretariat.test/consultations/${refinementId}/collation.html`, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const html = await as(null).get(`/consultations/${refinementId}/collation.html`);
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(createHash('sha256').update(html.rawPayload).digest('hex')).toBe(body.collation.sha256);
    expect(html.headers.etag).toBe(`"${body.collation.sha256}"`);
    expect(html.body).toContain('Yes, with one change to the timing.');
    expect(html.body).not.toContain('Yes, broadly.');
    expect(html.body).not.toContain(SECRET);
    expect(html.body).not.toContain('OVO Energy');

    // Now the public reads the published responses, still never the confidential one.
    const pub = await as(null).get(`/api/v1/consultations/${refinementId}`);
    expect(pub.json().responses.map((r: { organisation: string }) => r.organisation)).toEqual(['Utilita']);
    expect(pub.json().responses[0].versions).toBeNull();
    expect(pub.body).not.toContain(SECRET);
    const page = await as(null).get(`/consultations/${refinementId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Yes, with one change to the timing.');
    expect(page.body).not.toContain(SECRET);
    expect(page.body).toContain(`href="/consultations/${refinementId}/collation.html"`);

    const late = expectError(await respond('utilita', refinementId, { answers: ['Too late'] }), 409, 'CONSULTATION_CLOSED');
    expect(late.message).toContain('responses are no longer taken');
    expectError(await api.post(`/api/v1/consultations/${refinementId}/close`, {}), 409, 'CONSULTATION_CLOSED');
    expectError(await api.post('/api/v1/consultations/nope/close', {}), 404, 'NOT_FOUND');
  });

  it('a Modification Report Consultation excludes the DCC, moves the change, and closes by itself after its closing day, once', async () => {
    expect((await api.act(mp, { action: 'move-to-report-phase', businessDate: '2027-01-20' })).statusCode).toBe(200);
    const res = await api.post(`/api/v1/proposals/${mp}/consultations`, { kind: 'modification-report', questions: ['Do you support it?'], closes: '2027-02-03' });
    expect(res.statusCode, res.body).toBe(201);
    reportId = res.json().id;
    expect(res.json().respondents.map((r: { name: string }) => r.name)).toEqual(['OVO Energy', 'Utilita']);
    expect((await api.get(`/api/v1/proposals/${mp}`)).json().state).toBe('report-consultation');

    const dcc = expectError(await respond('dcc', reportId, { answers: ['We object.'] }), 403, 'NOT_ELIGIBLE');
    expect(dcc.message).toContain('DCC');
    expect((await as('dcc').get(`/api/v1/consultations/${reportId}`)).json().refusal).toMatchObject({ code: 'NOT_ELIGIBLE' });
    expect((await respond('utilita', reportId, { answers: ['Yes.'] })).statusCode).toBe(200);

    now = '2027-02-03T18:00:00Z';
    expect(await closeDueConsultations(ctx())).toBe(0);
    expect((await respond('ovo', reportId, { answers: ['On the last day.'] })).statusCode).toBe(200);
    now = '2027-02-04T08:00:00Z';
    // Two sweeps at once (two instances): exactly one closes it.
    const closed = await Promise.all([closeDueConsultations(ctx()), closeDueConsultations(ctx())]);
    expect(closed[0] + closed[1]).toBe(1);
    expect(await closeDueConsultations(ctx())).toBe(0);
    const after = (await as('analyst').get(`/api/v1/consultations/${reportId}`)).json();
    expect(after).toMatchObject({ open: false, closedOn: '2027-02-04' });
    expect(after.documents).toHaveLength(2);
    expect((await api.get(`/api/v1/proposals/${mp}`)).json().state).toBe('change-board');
    const closes = (await as('analyst').get('/api/v1/changes')).json().items.filter((e: { type: string }) => e.type === 'consultation.closed');
    expect(closes.map((e: { payload: { automatic: boolean; responses: number } }) => [e.payload.automatic, e.payload.responses])).toEqual([[false, 2], [true, 2]]);
    expectError(await respond('ovo', reportId, { answers: ['After.'] }), 409, 'CONSULTATION_CLOSED');
  });

  it('closes on the first read after its closing day when no sweep has run', async () => {
    now = '2027-02-04T09:00:00Z';
    const other = await api.raise({ title: 'Third change', raisedOn: '2026-12-01', problemStatement: PROBLEM_STATEMENT });
    for (const body of [{ action: 'agree-problem-statement', businessDate: '2026-12-08' }, { action: 'convert', path: '3', route: 'refinement', businessDate: '2026-12-11' }]) {
      expect((await api.act(other.reference, body)).statusCode).toBe(200);
    }
    const ref = `MP${other.reference.slice(2)}`;
    const opened = await api.post(`/api/v1/proposals/${ref}/consultations`, { kind: 'refinement', questions: ['Any views?'], closes: '2027-02-05' });
    expect(opened.statusCode, opened.body).toBe(201);
    now = '2027-02-08T09:00:00Z';
    const read = (await as(null).get(`/api/v1/consultations/${opened.json().id}`)).json();
    expect(read).toMatchObject({ open: false, closedOn: '2027-02-08' });
    expect(await actionsOf(ref)).toContain('close-refinement-consultation');
  });
}, { clock: () => new Date(now) });
