// Submissions through the real server (inject), on SQLite and PostgreSQL: the JSON API, the pages
// with a browser-like cookie jar, and the proof that a confidential submission shows to nobody but
// its Party and the Secretariat: not to the public, another organisation's Party user or a committee
// member, on any page, API route or register search. Whoever may not see it gets exactly what they
// would get for a submission that does not exist (404 when their role may ask at all).
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { buildServer } from '../../app.js';
import { DEMO_PASSWORD } from '../../demo/accounts.js';
import { loadDemo } from '../../demo/load.js';
import { SYSTEM_ACCOUNT } from '../accounts/accounts.js';
import { addUser, createToken } from '../accounts/service.js';
import type { HttpServer } from '../../platform/http/server.js';

type Inject = LightMyRequestResponse;
/** A page without its per-response CSRF tokens, to compare two pages. */
const withoutTokens = (html: string) => html.replace(/name="_csrf" value="[^"]*"/g, '');
const versionOn = (html: string) => /name="version" value="(\d+)"/.exec(html)![1];
const ISSUE = 'What is the issue?';
const NOWHERE = '00000000-0000-4000-8000-000000000000';

/** A browser-like client: keeps cookies, reads the CSRF token from each form it loads. */
function browserOn(app: HttpServer) {
  const jar: Record<string, string> = {};
  const cookie = () => Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; ');
  const remember = (res: Inject) => {
    for (const c of res.cookies as { name: string; value: string; expires?: Date }[]) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) delete jar[c.name];
      else jar[c.name] = c.value;
    }
    return res;
  };
  const csrfFrom = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const client = {
    get: async (url: string) => remember(await app.inject({ method: 'GET', url, headers: { cookie: cookie() } })),
    post: async (url: string, form: Record<string, string>) => remember(await app.inject({
      method: 'POST', url, headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(form).toString(),
    })),
    /** Loads `page` for its CSRF token, then posts the form to `url`. */
    async submit(page: string, url: string, form: Record<string, string>) {
      const loaded = await client.get(page);
      return client.post(url, { _csrf: csrfFrom(loaded.body), ...form });
    },
    async signIn(email: string) {
      const form = await client.get('/login');
      const res = await client.post('/login', { _csrf: csrfFrom(form.body), email, password: DEMO_PASSWORD, next: '/submissions/' });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
      return client;
    },
  };
  return client;
}

describeEachDatabase('submissions: API, pages and who may see them', ({ ctx }) => {
  let app: HttpServer;
  let now = Date.parse('2019-12-02T10:00:00Z'); // a Monday
  const token: Record<string, string> = {};

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, who: string | null, body?: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method, url, headers: { ...headers, ...(who ? { authorization: `Bearer ${token[who]}` } : {}) },
      ...(body !== undefined ? { payload: body as object } : {}) });
  const ok = (res: Inject, status = 200) => {
    expect(res.statusCode, res.body.slice(0, 500)).toBe(status);
    return res.json();
  };
  const content = (title: string, extra: Record<string, unknown> = {}) => ({
    title, summary: `${title}, in brief.`, sections: { [ISSUE]: `${title}: the problem.` }, ...extra,
  });

  beforeAll(async () => {
    ctx().clock = () => new Date(now);
    await loadDemo(ctx());
    await addUser(ctx(), SYSTEM_ACCOUNT, { email: 'ashley.pocock@edf.example', name: 'Ashley Pocock', role: 'party', organisation: 'EDF Energy', password: DEMO_PASSWORD });
    for (const [who, email] of Object.entries({
      andy: 'andy.knowles@utilita.example', edf: 'ashley.pocock@edf.example', hannah: 'hannah.pryce@utilita.example',
      bradley: 'bradley.baker@secas.example', admin: 'admin@secretariat.example',
    })) token[who] = (await createToken(ctx(), { name: who, userEmail: email })).token;
    token.bradleyRead = (await createToken(ctx(), { name: 'r', userEmail: 'bradley.baker@secas.example', scope: 'read' })).token;
    app = await buildServer(ctx());
    await app.ready();
  });
  afterAll(async () => { await app?.close(); });

  it('takes a submission through the API: draft, submit, return, resubmit, raise', async () => {
    now = Date.parse('2019-12-02T10:00:00Z');
    const createdRes = await call('POST', '/api/v1/submissions', 'andy', { title: 'Credit cover for small suppliers' });
    const created = ok(createdRes, 201);
    expect(createdRes.headers.location).toBe(`/api/v1/submissions/${created.id}`);
    expect(createdRes.headers.etag).toBe('"1"');
    expect(created).toMatchObject({ status: 'draft', statusLabel: 'Draft (not yet sent)', organisation: { name: 'Utilita' },
      author: { name: 'Andy Knowles' }, submittedOn: null, dueOn: null, proposal: null, allowed: ['save', 'submit'] });
    expect(created.sections.map((s: { heading: string }) => s.heading)).toEqual(ctx().profile.problemStatementSections);
    expect(created.events.map((e: { step: string }) => e.step)).toEqual(['created']);

    const submitEmpty = await call('POST', `/api/v1/submissions/${created.id}/submit`, 'andy');
    expect(submitEmpty.statusCode).toBe(400);
    expect(submitEmpty.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['summary', 'sections.0']);

    const edited = ok(await call('PUT', `/api/v1/submissions/${created.id}`, 'andy', content('Credit cover for small suppliers'), { 'if-match': '"1"' }));
    expect(edited.version).toBe(2);
    const stale = await call('PUT', `/api/v1/submissions/${created.id}`, 'andy', content('Stale'), { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');

    const submitted = ok(await call('POST', `/api/v1/submissions/${created.id}/submit`, 'andy'));
    expect(submitted).toMatchObject({ status: 'submitted', submittedOn: '2019-12-02', dueOn: '2019-12-09', due: null, allowed: [] });
    expect(ok(await call('POST', `/api/v1/submissions/${created.id}/submit`, 'andy'), 409)?.error?.code).toBe('ACTION_NOT_ALLOWED');

    // The Secretariat's list: due date and marks against the clock.
    now = Date.parse('2019-12-09T08:00:00Z');
    const onDueDay = ok(await call('GET', '/api/v1/submissions', 'bradleyRead')).items.find((s: { id: string }) => s.id === created.id);
    expect(onDueDay).toMatchObject({ dueOn: '2019-12-09', due: 'due-today' });
    now = Date.parse('2019-12-10T08:00:00Z');
    expect(ok(await call('GET', `/api/v1/submissions/${created.id}`, 'bradley'))).toMatchObject({ due: 'overdue', allowed: ['return', 'raise'] });

    expect(ok(await call('POST', `/api/v1/submissions/${created.id}/raise`, 'andy', {}), 403).error.code).toBe('FORBIDDEN');
    expect(ok(await call('POST', `/api/v1/submissions/${created.id}/return`, 'bradley', {}), 400).error.code).toBe('VALIDATION_FAILED');
    expect(ok(await call('POST', `/api/v1/submissions/${created.id}/return`, 'bradleyRead', { comments: 'x' }), 403).error.code).toBe('FORBIDDEN');
    const returned = ok(await call('POST', `/api/v1/submissions/${created.id}/return`, 'bradley', { comments: 'Add the evidence, please.' }));
    expect(returned).toMatchObject({ status: 'returned', due: null });
    expect(returned.events.at(-1)).toMatchObject({ step: 'returned', label: 'Returned with comments', actor: { name: 'Bradley Baker' },
      businessDate: '2019-12-10', comments: 'Add the evidence, please.' });

    now = Date.parse('2019-12-11T09:00:00Z');
    const resubmitted = ok(await call('PUT', `/api/v1/submissions/${created.id}`, 'andy',
      content('Credit cover for small suppliers', { sections: { [ISSUE]: 'Credit cover is too high.', 'Background and evidence': 'Three Parties said so.' }, submit: true })));
    expect(resubmitted).toMatchObject({ status: 'resubmitted', submittedOn: '2019-12-11', dueOn: '2019-12-18' });

    now = Date.parse('2019-12-12T09:00:00Z');
    // No body at all: the lead analyst and comments are optional.
    const raised = ok(await call('POST', `/api/v1/submissions/${created.id}/raise`, 'bradley'));
    expect(raised).toMatchObject({ status: 'raised', proposal: { reference: 'DP098' } });
    expect(raised.proposal.url).toMatch(/^https:\/\/secretariat\.test\/modifications\/credit-cover-for-small-suppliers\/$/);
    const proposal = ok(await call('GET', '/api/v1/proposals/DP098', null));
    expect(proposal).toMatchObject({ raisedOn: '2019-12-12', proposer: { name: 'Andy Knowles' }, organisation: { name: 'Utilita' },
      summary: 'Credit cover for small suppliers, in brief.', problemStatement: { label: '0.1', status: 'draft' } });
    expect(proposal.problemStatement.body).toContain('## Background and evidence\n\nThree Parties said so.');
    expect(ok(await call('GET', '/api/v1/proposals/DP098/events', null)).items.map((e: { type: string }) => e.type)).toEqual(['proposal.raised']);
    const mine = ok(await call('GET', '/api/v1/submissions', 'andy')).items;
    expect(mine.find((s: { id: string }) => s.id === created.id).proposal.reference).toBe('DP098');
  });

  it('checks bodies: a title is needed, unknown fields and sections are refused', async () => {
    expect(ok(await call('POST', '/api/v1/submissions', 'andy', {}), 400).error.code).toBe('VALIDATION_FAILED');
    expect(ok(await call('POST', '/api/v1/submissions', 'andy', { title: 'X', solution: 'No' }), 400).error.code).toBe('VALIDATION_FAILED');
    expect(ok(await call('POST', '/api/v1/submissions', 'andy', { title: 'X', sections: { 'The fix': 'No' } }), 400).error.fields[0].field).toBe('sections');
    expect(ok(await call('POST', '/api/v1/submissions', 'bradley', { title: 'Analysts do not submit' }), 403).error.code).toBe('FORBIDDEN');
    expect(ok(await call('POST', '/api/v1/submissions', null, { title: 'Nobody' }), 401).error.code).toBe('UNAUTHENTICATED');
  });

  it('shows a confidential submission to nobody else: not on any page, API route or register search', async () => {
    now = Date.parse('2019-12-13T09:00:00Z');
    const secret = ok(await call('POST', '/api/v1/submissions', 'andy', {
      title: 'Zebra confidential tariff glitch', summary: 'Quokka pricing flaw', sections: { [ISSUE]: 'Narwhal details.' }, submit: true,
    }), 201);
    const draft = ok(await call('POST', '/api/v1/submissions', 'andy', { title: 'Zebra draft not yet sent' }), 201);
    const words = /Zebra|Quokka|Narwhal/;
    const hides = (res: Inject, what: string) => expect(res.body, what).not.toMatch(words);
    /** The register page echoes the query it was asked; nothing else on it may name the submission. */
    const searchFinds = (page: Inject, q: string, who: string) => {
      expect(page.statusCode).toBe(200);
      expect(page.body, `${who} ?q=${q}`).toContain('No changes match.');
      expect(page.body.replace(`value="${q}"`, '').replace(`q%3D${q}`, '').replace(`?q=${q}&amp;`, '?'), `${who} ?q=${q}`).not.toMatch(words);
    };

    // Whoever may see it does (the control), and the Secretariat does not see the unsent draft.
    expect(ok(await call('GET', `/api/v1/submissions/${secret.id}`, 'bradley')).title).toBe('Zebra confidential tariff glitch');
    expect(ok(await call('GET', `/api/v1/submissions/${secret.id}`, 'andy')).title).toBe('Zebra confidential tariff glitch');
    expect((await call('GET', `/api/v1/submissions/${draft.id}`, 'bradley')).statusCode).toBe(404);
    expect(ok(await call('GET', '/api/v1/submissions', 'bradley')).items.map((s: { id: string }) => s.id)).not.toContain(draft.id);

    // The API, by token: the same answer as for a submission that does not exist.
    for (const who of [null, 'edf', 'hannah'] as const) {
      for (const id of [secret.id, draft.id]) {
        for (const [method, path, body] of [
          ['GET', '', undefined], ['PUT', '', { title: 'Mine now' }], ['POST', '/submit', undefined],
          ['POST', '/return', { comments: 'x' }], ['POST', '/raise', {}],
        ] as const) {
          const res = await call(method, `/api/v1/submissions/${id}${path}`, who, body);
          const absent = await call(method, `/api/v1/submissions/${NOWHERE}${path}`, who, body);
          const label = `${who ?? 'anonymous'} ${method} ${path || '/'} ${id === draft.id ? 'draft' : 'submitted'}`;
          expect(res.statusCode, label).toBe(absent.statusCode);
          // Someone whose role may take this step gets 404, never 403; a role that may never take it
          // (a member submitting, a Party returning) is refused for every submission alike.
          const roleMay = method === 'GET' || (who === 'edf' && (method === 'PUT' || path === '/submit'));
          expect(res.statusCode, label).toBe(who === null ? 401 : roleMay ? 404 : 403);
          expect(res.json().error.message.replace(id, NOWHERE), label).toBe(absent.json().error.message);
          hides(res, label);
        }
      }
      const list = await call('GET', '/api/v1/submissions', who);
      if (who) expect(list.json().items, `${who} list`).toEqual([]);
      else expect(list.statusCode).toBe(401);
      hides(list, `${who} list`);
    }

    // The register and its search, for everyone (a submission is not a change until it is raised).
    for (const who of [null, 'edf', 'hannah', 'bradley', 'andy'] as const) {
      for (const q of ['Zebra', 'Quokka', 'Narwhal', 'tariff glitch']) {
        const api = await call('GET', `/api/v1/proposals?q=${encodeURIComponent(q)}`, who);
        expect(ok(api).total, `${who} ${q}`).toBe(0);
        hides(api, `${who} ${q}`);
      }
    }

    // The pages, signed in through the real form.
    const anonymous = browserOn(app);
    for (const path of ['/submissions/', `/submissions/${secret.id}`, `/submissions/${secret.id}/edit`, `/submissions/${draft.id}`]) {
      const res = await anonymous.get(path);
      expect(res.statusCode, path).toBe(303);
      expect(res.headers.location, path).toBe(`/login?next=${encodeURIComponent(path)}`);
      hides(res, path);
    }
    for (const q of ['Zebra', 'Quokka']) searchFinds(await anonymous.get(`/modifications/?q=${q}`), q, 'anonymous');
    const edfBrowser = await browserOn(app).signIn('ashley.pocock@edf.example');
    const hannahBrowser = await browserOn(app).signIn('hannah.pryce@utilita.example');
    for (const [name, browser] of [['edf', edfBrowser], ['hannah', hannahBrowser]] as const) {
      for (const id of [secret.id, draft.id]) {
        const page = await browser.get(`/submissions/${id}`);
        expect(page.statusCode, `${name} page`).toBe(404);
        const absent = await browser.get(`/submissions/${NOWHERE}`);
        expect(withoutTokens(page.body)).toBe(withoutTokens(absent.body).replace(NOWHERE, id));
        hides(page, `${name} page`);
        const edit = await browser.get(`/submissions/${id}/edit`);
        expect(edit.statusCode, `${name} edit`).toBe(name === 'edf' ? 404 : 403);
        hides(edit, `${name} edit`);
      }
      const list = await browser.get('/submissions/');
      expect(list.statusCode).toBe(200);
      hides(list, `${name} list page`);
      for (const q of ['Zebra', 'Quokka']) searchFinds(await browser.get(`/modifications/?q=${q}`), q, name);
    }
    // A forged form post from another organisation finds nothing either.
    const forged = await edfBrowser.submit('/submissions/', `/submissions/${secret.id}/edit`, { title: 'Taken over', intent: 'submit' });
    expect(forged.statusCode).toBe(404);
    hides(forged, 'forged edit');
    expect(ok(await call('GET', `/api/v1/submissions/${secret.id}`, 'andy')).title).toBe('Zebra confidential tariff glitch');

    // Once raised, the change is public on the register, as every Draft Proposal is; the submission stays private.
    ok(await call('POST', `/api/v1/submissions/${secret.id}/raise`, 'bradley', {}));
    expect(ok(await call('GET', '/api/v1/proposals?q=Zebra', null)).total).toBe(1);
    expect((await call('GET', `/api/v1/submissions/${secret.id}`, 'edf')).statusCode).toBe(404);
    expect((await edfBrowser.get(`/submissions/${secret.id}`)).statusCode).toBe(404);
  });

  it('serves the pages: the Party writes and submits, the analyst sees it due and raises it, the Party sees the Draft Proposal', async () => {
    now = Date.parse('2019-12-16T09:00:00Z'); // Monday: due Monday 23rd
    const andy = await browserOn(app).signIn('andy.knowles@utilita.example');
    const form = await andy.get('/submissions/new');
    expect(form.statusCode).toBe(200);
    ctx().profile.problemStatementSections.forEach((_, i) => expect(form.body).toContain(`<textarea id="f-sections.${i}" name="sections.${i}"`));

    const blank = await andy.submit('/submissions/new', '/submissions/new', { title: 'Page-made problem', summary: '', intent: 'submit' });
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain('There is a problem');
    expect(blank.body).toContain('value="Page-made problem"');

    const saved = await andy.submit('/submissions/new', '/submissions/new', { title: 'Page-made problem', summary: 'In brief.', 'sections.0': 'It breaks.', intent: 'save' });
    expect(saved.statusCode).toBe(303);
    // The page it leads to says what was done (?done=…); the submission's own address is before it.
    expect(saved.headers.location).toMatch(/^\/submissions\/[0-9a-f-]{36}\?done=submission-saved$/);
    const path = (saved.headers.location as string).split('?')[0];
    const draftPage = await andy.get(path);
    expect(draftPage.body).toContain('Draft (not yet sent)');
    expect(draftPage.body).toContain(`href="${path}/edit"`);

    const edit = await andy.get(`${path}/edit`);
    expect(edit.body).toContain('>It breaks.</textarea>');
    const sent = await andy.submit(`${path}/edit`, `${path}/edit`, {
      version: versionOn(edit.body), title: 'Page-made problem', summary: 'In brief.', 'sections.0': 'It breaks.', intent: 'submit',
    });
    expect(sent.statusCode, sent.body.slice(0, 500)).toBe(303);

    now = Date.parse('2019-12-24T09:00:00Z'); // a day after it was due
    const bradley = await browserOn(app).signIn('bradley.baker@secas.example');
    const dashboard = await bradley.get('/submissions/');
    expect(dashboard.statusCode).toBe(200);
    const row = dashboard.body.split('<tr>').find((r) => r.includes('Page-made problem'))!;
    expect(row).toContain('23 December 2019');
    expect(row).toContain('Overdue');
    expect(row).toContain('Utilita');

    const version = versionOn((await bradley.get(path)).body);
    const noComment = await bradley.submit(path, `${path}/return`, { version, comments: '' });
    expect(noComment.statusCode).toBe(400);
    expect(noComment.body).toContain('Comments for the Party is required.');
    const stale = await bradley.submit(path, `${path}/raise`, { version: String(Number(version) - 1), leadAnalyst: '', raiseComments: '' });
    expect(stale.statusCode).toBe(409);
    const raised = await bradley.submit(path, `${path}/raise`, { version, leadAnalyst: 'Bradley Baker', raiseComments: '' });
    expect(raised.statusCode, raised.body.slice(0, 500)).toBe(303);

    const outcome = await andy.signIn('andy.knowles@utilita.example').then((b) => b.get('/submissions/'));
    const mine = outcome.body.split('<tr>').find((r) => r.includes('Page-made problem'))!;
    expect(mine).toMatch(/Raised as <a href="\/modifications\/page-made-problem\/">DP\d{3}<\/a>/);
    expect((await andy.get(`${path}/edit`)).statusCode).toBe(303);
  });
});
