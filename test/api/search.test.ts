// Search on each database: ranking and the register's filters; snippets whose text is escaped and
// whose only markup is our <mark>; the index in step after each kind of write (raise, edit, an
// action's note, a problem statement, a document's upload); restricted documents found only by
// those who may read them; `secretariat search reindex`; and queries of any shape answered 200 or
// 400 VALIDATION_FAILED, never 500 (a property test over random text).
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACCOUNT } from '../../src/modules/accounts/accounts.js';
import { addUser, createToken } from '../../src/modules/accounts/service.js';
import { catchUpSearch } from '../../src/modules/search/service.js';
import { cli } from '../support/cli.js';
import { describeEachDatabase } from '../support/databases.js';
import { multipartBody, type FilePart } from '../support/multipart.js';
import { sampleDocx, samplePdf } from '../support/sample-files.js';
import { PROBLEM_STATEMENT, expectError, expectFieldError, seedDirectory, startApi, type Api } from './helpers.js';

const PASSWORD = 'a password long enough';

interface Hit { reference: string; title: string; url: string; score: number; matches: { kind: string; heading: string; snippet: string; snippetHtml: string }[] }

describeEachDatabase('search', ({ ctx, target }) => {
  let api: Api;
  const refs: Record<'prepay' | 'alerts' | 'tariff', string> = { prepay: '', alerts: '', tariff: '' };
  const tokens: Record<'opsg' | 'ssc' | 'analyst', string> = { opsg: '', ssc: '', analyst: '' };

  const search = async (query: string, token: string | null = null) => {
    const res = await api.request('GET', `/api/v1/search?${query}`, { token });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ total: number; items: Hit[] }>();
  };
  const found = async (q: string, token: string | null = null, filters = '') =>
    (await search(`q=${encodeURIComponent(q)}${filters}`, token)).items.map((h) => h.reference);
  const upload = (fields: Record<string, string>, file: FilePart, ref: string) =>
    multipartBody(fields, { file }).then(({ payload, contentType }) => api.app.inject({
      method: 'POST', url: `/api/v1/proposals/${ref}/documents`, payload,
      headers: { 'content-type': contentType, authorization: `Bearer ${api.token}` },
    }));

  beforeAll(async () => {
    await seedDirectory(ctx());
    api = await startApi(ctx());
    refs.prepay = (await api.raise({
      title: 'Prepayment top-up without the WAN', summary: 'Prepayment customers lose supply when the SM WAN is down.',
      raisedOn: '2025-01-10', leadAnalyst: 'Joe Hehir', organisation: 'Utilita', problemStatement: PROBLEM_STATEMENT,
    })).reference;
    refs.alerts = (await api.raise({ title: 'Alerts for DNOs about outages', summary: 'Tell the DNO about an <b>Outage</b> & its end; one prepayment meter too.', raisedOn: '2025-03-01' })).reference;
    refs.tariff = (await api.raise({ title: 'Tariff data flows', summary: 'Tariffs sent to meters.', raisedOn: '2025-05-01' })).reference;
    const meeting = await api.post('/api/v1/meetings', { committee: 'OPSG', date: '2027-06-08', location: 'London' });
    expect(meeting.statusCode, meeting.body).toBe(201);
    expect((await api.post(`/api/v1/meetings/${meeting.json().id}/agenda`, { ref: refs.alerts, purpose: 'for-information', text: 'New' })).statusCode).toBe(201);
    const users: [keyof typeof tokens, { role: string; committee?: string[] }][] = [
      ['opsg', { role: 'member', committee: ['OPSG'] }], ['ssc', { role: 'member', committee: ['SSC'] }], ['analyst', { role: 'analyst' }],
    ];
    for (const [who, extra] of users) {
      await addUser(ctx(), SYSTEM_ACCOUNT, { email: `${who}@search.example`, name: `The ${who}`, password: PASSWORD, ...extra });
      tokens[who] = (await createToken(ctx(), { name: who, userEmail: `${who}@search.example`, scope: 'read' })).token;
    }
    await catchUpSearch(ctx());
  });
  afterAll(async () => { await api?.close(); });
  afterEach(() => { expect(api.serverErrors.splice(0)).toEqual([]); });

  it('ranks the change that says it most first, and finds a change by any of its references', async () => {
    const result = await search('q=prepayment');
    expect(result.total).toBe(2);
    expect(result.items.map((h) => h.reference)).toEqual([refs.prepay, refs.alerts]);
    expect(result.items[0].score).toBeGreaterThan(result.items[1].score);
    expect(result.items[0].url).toMatch(/^https?:\/\/[^/]+\/modifications\/[^/]+\/$/);
    const number = refs.prepay.slice(2);
    expect(await found(`MP${number}`)).toEqual([refs.prepay]);
    expect(await found(refs.prepay)).toEqual([refs.prepay]);
  });

  it('reads phrases, exclusions and OR', async () => {
    expect(await found('"lose supply"')).toEqual([refs.prepay]);
    expect(await found('"supply lose"')).toEqual([]);
    expect(await found('prepayment -outage')).toEqual([refs.prepay]);
    expect((await found('tariff OR outages')).sort()).toEqual([refs.alerts, refs.tariff].sort());
    expect(await found('tariff outages')).toEqual([]);
  });

  it('combines with the register\'s filters', async () => {
    expect(await found('prepayment', null, '&stage=development')).toHaveLength(2);
    expect(await found('prepayment', null, '&stage=refinement')).toEqual([]);
    expect(await found('prepayment', null, '&raisedFrom=2025-02-01')).toEqual([refs.alerts]);
    expect(await found('prepayment', null, '&raisedTo=2025-02-01')).toEqual([refs.prepay]);
    expect(await found('prepayment', null, '&partyCategory=large-supplier')).toEqual([refs.prepay]);
    expect(await found('prepayment', null, '&leadAnalyst=p-joe')).toEqual([refs.prepay]);
    expect(await found('prepayment', null, '&committee=OPSG')).toEqual([refs.alerts]);
    expect(await found('prepayment', null, '&committee=SSC')).toEqual([]);
    expectFieldError(await api.get('/api/v1/search?q=x&raisedFrom=2025-02-01&raisedTo=2025-01-01'), 'raisedTo');
    expectFieldError(await api.get('/api/v1/search?q=x&stage=nowhere'), 'stage');
  });

  it('escapes the text of snippets: our <mark> is the only markup, in JSON and on the page', async () => {
    const hit = (await search('q=outage')).items.find((h) => h.reference === refs.alerts)!;
    const summary = hit.matches.find((m) => m.kind === 'summary')!;
    expect(summary.snippet).toContain('<b>Outage</b> & its end');
    expect(summary.snippetHtml).toContain('&lt;b&gt;<mark>Outage</mark>&lt;/b&gt; &amp; its end');
    expect(summary.snippetHtml.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    const page = await api.get('/search?q=outage');
    expect(page.statusCode).toBe(200);
    // preact escapes < and & in text (a > alone opens nothing).
    expect(page.body).toContain('&lt;b><mark>Outage</mark>&lt;/b> &amp; its end');
    expect(page.body).not.toContain('<b>Outage');
  });

  it('keeps the index in step with each kind of write', async () => {
    const ref = refs.tariff;
    const version = await api.version(ref);
    const edited = await api.request('PATCH', `/api/v1/proposals/${ref}`, {
      body: { summary: 'Zebracrossing flows.', note: 'Quokka reasons for the edit' }, headers: { 'if-match': `"${version}"` },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((await api.act(ref, { action: 'present-to-csc-initial', businessDate: '2025-05-10', note: 'Wombat decision recorded' })).statusCode).toBe(200);
    expect((await api.put(`/api/v1/proposals/${ref}/problem-statement`, { body: PROBLEM_STATEMENT.replace('Prepayment customers lose supply', 'Tariff data comes late').replace('Reported by several Suppliers.', 'Platypus evidence.') })).statusCode).toBe(200);
    const pdf = await upload({ kind: 'modification-report', versionLabel: 'v1.0', title: 'Modification Report' },
      { name: 'report.pdf', type: 'application/pdf', bytes: samplePdf('Kangaroo analysis of tariffs') }, ref);
    expect(pdf.statusCode, pdf.body).toBe(201);
    const raised = await api.raise({ title: 'Echidna register entry', raisedOn: '2025-05-02' });
    await catchUpSearch(ctx());
    for (const [word, kind] of [['zebracrossing', 'summary'], ['quokka', 'note'], ['wombat', 'note'], ['platypus', 'problem-statement'], ['kangaroo', 'document']]) {
      const hits = (await search(`q=${word}`)).items;
      expect(hits.map((h) => h.reference), word).toEqual([ref]);
      expect(hits[0].matches.map((m) => m.kind), word).toContain(kind);
    }
    expect(await found('echidna')).toEqual([raised.reference]);
    // What the edit replaced is no longer found.
    expect(await found('tariffs sent')).toEqual([]);
    // Handling every event again changes nothing: the subscriber is idempotent, and skips events its
    // entries already reflect (no change is rebuilt: the times they were indexed stay as they were).
    const entries = () => sql<{ key: string; indexed_at: string }>`select key, indexed_at from search_entries order by key`.execute(ctx().db.kysely).then((r) => r.rows);
    const before = await entries();
    await sql`update event_subscribers set position = 0 where name = 'search'`.execute(ctx().db.kysely);
    expect(await catchUpSearch(ctx())).toBeGreaterThan(10);
    expect(await entries()).toEqual(before);
  });

  it('finds a restricted document only for those who may read it, and never shows its text to others', async () => {
    const docx = await upload({ kind: 'other', versionLabel: 'v1.0', title: 'Members briefing', restricted: 'true', audienceCommittee: 'OPSG' },
      { name: 'briefing.docx', bytes: await sampleDocx('Secretsauce prepayment arrangements') }, refs.alerts);
    expect(docx.statusCode, docx.body).toBe(201);
    await catchUpSearch(ctx());
    expect(await found('secretsauce')).toEqual([]);
    expect(await found('secretsauce', tokens.ssc)).toEqual([]);
    expect(await found('secretsauce', tokens.opsg)).toEqual([refs.alerts]);
    expect(await found('secretsauce', tokens.analyst)).toEqual([refs.alerts]);
    // The change is public, so "prepayment" finds it for everyone, without the restricted passage.
    const publicHit = (await search('q=prepayment')).items.find((h) => h.reference === refs.alerts)!;
    expect(JSON.stringify(publicHit)).not.toMatch(/secretsauce|Members briefing/i);
    const memberHit = (await search('q=prepayment', tokens.opsg)).items.find((h) => h.reference === refs.alerts)!;
    expect(memberHit.matches.map((m) => m.heading)).toContain('Document: Members briefing');
    const page = await api.get('/search?q=secretsauce');
    expect(page.body).toContain('No changes match.');
    const csv = await api.get('/search.csv?q=secretsauce');
    expect(csv.body.trim().split('\r\n')).toHaveLength(1);
  });

  it('answers CSV with the same results, one row per change', async () => {
    const res = await api.get('/api/v1/search?q=prepayment&format=csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toBe('reference,title,url,stage,score,matched,snippet');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual((await found('prepayment')));
    const page = await api.get('/search.csv?q=prepayment');
    expect(page.body).toBe(res.body);
  });

  it('rebuilds the index with `secretariat search reindex`', async () => {
    const before = await found('prepayment OR kangaroo');
    await sql`delete from search_entries`.execute(ctx().db.kysely);
    expect(await found('prepayment')).toEqual([]);
    const run = await cli(['search', 'reindex'], { DATABASE_URL: target().location });
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(/^Indexed 4 change\(s\) and 2 document\(s\): \d+ entries\.\n$/);
    expect(await found('prepayment OR kangaroo')).toEqual(before);
    // The subscriber goes on from where the rebuild read the stream.
    const positions = await sql<{ s: number; e: number }>`select (select position from event_subscribers where name = 'search') as s,
      (select max(position) from events) as e`.execute(ctx().db.kysely);
    expect(Number(positions.rows[0].s)).toBe(Number(positions.rows[0].e));
  });

  // Last: the two changes it raises would change what the tests above count.
  it('ranks a change that says every word more often above one that says each once', async () => {
    const often = (await api.raise({ title: 'Bilby burrow survey', summary: 'Bilby numbers by burrow: bilby after bilby, burrow after burrow.', raisedOn: '2025-06-01' })).reference;
    const once = (await api.raise({ title: 'Survey of the islands', summary: 'One bilby was seen near its burrow.', raisedOn: '2025-06-02' })).reference;
    await catchUpSearch(ctx());
    const result = await search('q=bilby%20burrow');
    expect(result.items.map((h) => h.reference)).toEqual([often, once]);
    expect(result.items[0].score).toBeGreaterThan(result.items[1].score);
    expect(await found('bilby OR burrow')).toEqual([often, once]);
    expect(await found('"bilby burrow" -islands')).toEqual([often]);
  });

  describe('bad queries', () => {
    it('reads unbalanced quotes and lone operators as well as it can', async () => {
      expect(await found('"lose supply')).toEqual([refs.prepay]);
      expect(await found('OR')).toEqual([]);
      expect(await found('-')).toEqual([]);
      expect(await found('" OR - "')).toEqual([]);
      expect(await found('prepayment OR')).toHaveLength(2);
      expect(await found('NEAR(a b) * ^ : {x}')).toEqual([]);
      expect((await search('')).total).toBe(0);
    });

    it('refuses only-excluded, 10,000 terms and overlong text with 400 VALIDATION_FAILED naming q', async () => {
      expectFieldError(await api.get('/api/v1/search?q=-prepayment'), 'q');
      const many = Array.from({ length: 10_000 }, (_, i) => `w${i}`).join(' ');
      expectError(await api.get(`/api/v1/search?q=${encodeURIComponent(many.slice(0, 900))}`), 400, 'VALIDATION_FAILED');
      expectError(await api.get(`/api/v1/search?q=${encodeURIComponent(many)}`), 400, 'VALIDATION_FAILED');
      const page = await api.get(`/search?q=${encodeURIComponent(many.slice(0, 900))}`);
      expect(page.statusCode).toBe(400);
      expect(page.body).toContain('more than 30 words');
    });

    it('answers any text with 200 or a 400 VALIDATION_FAILED, never anything else', async () => {
      const syntax = fc.constantFrom('"', '-', 'OR', 'AND', 'NOT', 'NEAR', '*', '(', ')', ':', '^', '\'', '\\', '!', '&', '|', '<->', ' ', 'prepayment', 'é', '\u0000', '\uE000');
      const text = fc.oneof(fc.string({ maxLength: 60, unit: 'grapheme' }), fc.array(syntax, { maxLength: 25 }).map((parts) => parts.join('')));
      await fc.assert(fc.asyncProperty(text, async (q) => {
        const res = await api.get(`/api/v1/search?q=${encodeURIComponent(q)}`);
        expect([200, 400], res.body).toContain(res.statusCode);
        if (res.statusCode === 400) expect(res.json().error.code).toBe('VALIDATION_FAILED');
      }), { numRuns: 120 });
    });
  });
});
