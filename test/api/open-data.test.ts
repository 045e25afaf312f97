// The register as open data on SQLite and PostgreSQL: the filtered list as CSV (read back by a
// parser written here from RFC 4180), the whole register as JSON checked against its published
// JSON Schema by a real validator, and the download's cursor into the change feed.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describeEachDatabase } from '../support/databases.js';
import { PROBLEM_STATEMENT, expectFieldError, seedDirectory, startApi, type Api } from './helpers.js';

/** RFC 4180, read: quoted fields with doubled quotes and line breaks, CRLF between records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; } else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

describeEachDatabase('API: the register as open data', ({ ctx }) => {
  let api: Api;
  let tricky = '';

  beforeAll(async () => {
    api = await startApi(ctx());
    await seedDirectory(ctx());
    await api.raise({ title: 'Top-up without the WAN', raisedOn: '2026-11-02', organisation: 'Utilita', problemStatement: PROBLEM_STATEMENT });
    tricky = (await api.raise({ title: '=HYPERLINK("http://evil.example","Click"), with "quotes"', raisedOn: '2026-11-03',
      summary: 'Two lines,\nand a comma', urgent: true, problemStatement: PROBLEM_STATEMENT })).reference;
    const res = await api.act(tricky, { action: 'agree-problem-statement', businessDate: '2026-11-10' });
    expect(res.statusCode, res.body).toBe(200);
  });
  afterAll(async () => { await api?.close(); });
  afterEach(() => { expect(api.serverErrors.splice(0)).toEqual([]); });

  it('gives every change the filters match as CSV, to anyone, with formulas made inert and text intact', async () => {
    const res = await api.get('/api/v1/proposals?format=csv&limit=1');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="sec-register-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.body.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parseCsv(res.body.slice(1));
    expect(header.slice(0, 6)).toEqual(['Reference', 'Title', 'Stage', 'Stage id', 'Path', 'Raised on']);
    expect(rows).toHaveLength(2);
    const row = (ref: string) => Object.fromEntries(header.map((h, i) => [h, rows.find((r) => r[0] === ref)![i]]));
    expect(row(tricky)).toMatchObject({
      Title: '\'=HYPERLINK("http://evil.example","Click"), with "quotes"', Stage: 'Problem statement agreed', Urgent: 'yes',
      'What is the issue?': 'Two lines,\nand a comma', 'Raised on': '2026-11-03',
    });
    expect(rows.find((r) => r[0] !== tricky)).toEqual(expect.arrayContaining(['Utilita', 'large-supplier', 'no']));

    const filtered = parseCsv((await api.get('/api/v1/proposals?format=csv&stage=development')).body.slice(1));
    expect(filtered.slice(1).map((r) => r[3])).toEqual(['development']);
    expectFieldError(await api.get('/api/v1/proposals?format=xml'), 'format');
  });

  it('gives the whole register as JSON that its published JSON Schema accepts, with a cursor into the change feed', async () => {
    const schemaRes = await api.get('/api/v1/register.schema.json');
    expect(schemaRes.statusCode).toBe(200);
    expect(schemaRes.headers['content-type']).toBe('application/schema+json; charset=utf-8');
    const schema = schemaRes.json();
    expect(schema.$id).toBe('https://secretariat.test/api/v1/register.schema.json');

    const res = await api.get('/api/v1/register.json');
    expect(res.statusCode, res.body).toBe(200);
    const download = res.json();
    const ajv = new Ajv2020.default({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    expect(validate(download), JSON.stringify(validate.errors)).toBe(true);
    expect(download).toMatchObject({ code: 'Smart Energy Code', count: 2, $schema: schema.$id });
    expect(download.changes.map((c: { reference: string }) => c.reference)).toContain(tricky);
    // A document that breaks the schema is refused by it: the check can fail.
    expect(validate({ ...download, count: -1 })).toBe(false);

    const after = await api.get(`/api/v1/changes?after=${encodeURIComponent(download.changesAfter)}`);
    expect(after.statusCode, after.body).toBe(200);
    expect(after.json().items).toEqual([]);
    expect((await api.act(tricky, { action: 'convert', path: '3', route: 'fast-track', businessDate: '2026-11-20' })).statusCode).toBe(200);
    const next = (await api.get(`/api/v1/changes?after=${encodeURIComponent(download.changesAfter)}`)).json();
    expect(next.items.map((e: { type: string }) => e.type)).toContain('proposal.action-taken');
    expect((await api.get('/api/v1/register.json')).json().changes.find((c: { reference: string }) => c.reference === `MP${tricky.slice(2)}`))
      .toMatchObject({ state: 'change-board' });
  });

  it('links the downloads from the register page, with the page\'s filters', async () => {
    const page = await api.get('/modifications/?stage=development');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('href="/api/v1/proposals?stage=development&amp;format=csv"');
    expect(page.body).toContain('href="/api/v1/register.json"');
  });
}, { clock: () => new Date('2027-01-11T10:00:00Z') });
