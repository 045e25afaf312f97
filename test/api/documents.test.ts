// Documents through the JSON API on each database: an analyst uploads real files (multipart), they
// come back byte for byte with their type, name and hash; a restricted document exists only for the
// Secretariat and the committee it was written for (lists, downloads, the change feed, timelines);
// every refusal names its field and leaves nothing behind: no row, no event, no file.
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SYSTEM_ACCOUNT } from '../../src/modules/accounts/accounts.js';
import { addUser, createToken } from '../../src/modules/accounts/service.js';
import { filesFolderFor } from '../../src/platform/files/store.js';
import { describeEachDatabase } from '../support/databases.js';
import { multipartBody, type FilePart } from '../support/multipart.js';
import { sampleDocx, sampleOdt, samplePdf, sampleXlsx } from '../support/sample-files.js';
import { expectError, expectFieldError, seedDirectory, startApi, type Api } from './helpers.js';

const LIMIT = 100 * 1024;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const PASSWORD = 'a password long enough';

describeEachDatabase('documents through the API', ({ ctx, target }) => {
  let api: Api;
  let ref: string;
  const tokens: Record<'party' | 'opsg' | 'ssc' | 'analyst', string> = { party: '', opsg: '', ssc: '', analyst: '' };

  const upload = (fields: Record<string, string>, file?: FilePart, token: string | null = api.token, at = ref) =>
    multipartBody(fields, file ? { file } : {}).then(({ payload, contentType }) => api.app.inject({
      method: 'POST', url: `/api/v1/proposals/${at}/documents`, payload,
      headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    }));
  const as = (who: keyof typeof tokens | 'public', url: string, headers: Record<string, string> = {}) => api.app.inject({
    method: 'GET', url, headers: { ...headers, ...(who === 'public' ? {} : { authorization: `Bearer ${tokens[who]}` }) },
  });
  const report = { kind: 'modification-report', versionLabel: 'v1.0', title: 'Modification Report' };

  /** What a refused upload must not have written. */
  async function footprint() {
    const k = ctx().db.kysely;
    const count = async (table: string) => Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(k)).rows[0].n);
    const folder = target().kind === 'sqlite' ? filesFolderFor(target().location) : '';
    const files = folder && fs.existsSync(folder) ? fs.readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(`${folder}/${f}`).isFile()).length
      : target().kind === 'postgres' ? await count('file_blobs') : 0;
    return { documents: await count('documents'), documentFiles: await count('document_files'), events: await count('events'), files };
  }

  beforeAll(async () => {
    await seedDirectory(ctx());
    api = await startApi(ctx());
    ref = (await api.raise({ title: 'Alignment of credit cover', raisedOn: '2020-01-06', leadAnalyst: 'Joe Hehir' })).reference;
    const users: [keyof typeof tokens, { role: string; organisation?: string; committee?: string[] }][] = [
      ['party', { role: 'party', organisation: 'Utilita' }], ['opsg', { role: 'member', committee: ['OPSG'] }],
      ['ssc', { role: 'member', committee: ['SSC'] }], ['analyst', { role: 'analyst' }],
    ];
    for (const [who, extra] of users) {
      await addUser(ctx(), SYSTEM_ACCOUNT, { email: `${who}@docs.example`, name: `The ${who}`, password: PASSWORD, ...extra });
      tokens[who] = (await createToken(ctx(), { name: who, userEmail: `${who}@docs.example` })).token;
    }
  });
  afterAll(async () => {
    expect(api.serverErrors).toEqual([]);
    await api.close();
  });

  it('takes a PDF and answers 201 with the document, its download address and SHA-256', async () => {
    const pdf = samplePdf('MP Modification Report v1.0');
    const res = await upload({ ...report, publishedOn: '2020-02-03' }, { name: 'report final (2).pdf', type: 'application/pdf', bytes: pdf });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      reference: ref, kind: 'modification-report', kindLabel: 'Modification Report', versionLabel: 'v1.0', title: 'Modification Report',
      publishedOn: '2020-02-03', restricted: false, audienceCommittee: null, fileType: 'pdf', mediaType: 'application/pdf',
      size: pdf.length, sha256: sha256(pdf), filename: `${ref}-modification-report-v1.0.pdf`,
      downloadUrl: `https://secretariat.test/api/v1/proposals/${ref}/documents/${body.id}/file`,
    });
    expect(res.headers.location).toBe(`/api/v1/proposals/${ref}/documents/${body.id}`);
    expect((await api.get(res.headers.location as string)).json()).toEqual(body);
  });

  it('gives the file back byte for byte, with its type, name, and its SHA-256 as ETag', async () => {
    const pdf = samplePdf('Byte for byte');
    const doc = (await upload({ ...report, versionLabel: 'v1.1' }, { name: 'x.pdf', bytes: pdf })).json();
    const res = await api.get(new URL(doc.downloadUrl).pathname);
    expect(res.statusCode).toBe(200);
    expect(Buffer.compare(res.rawPayload, pdf)).toBe(0);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${ref}-modification-report-v1.1.pdf"`);
    expect(res.headers.etag).toBe(`"${sha256(pdf)}"`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const again = await api.app.inject({ method: 'GET', url: new URL(doc.downloadUrl).pathname, headers: { 'if-none-match': `"${sha256(pdf)}"` } });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
  });

  it('tells Word, Excel, OpenDocument, Markdown and plain text from their bytes, and keeps the same bytes once', async () => {
    const files: [FilePart, string, string][] = [
      [{ name: 'requirements.bin', bytes: await sampleDocx() }, 'docx', 'business-requirements'],
      [{ name: 'votes.xlsx', bytes: sampleXlsx() }, 'xlsx', 'change-board-vote'],
      [{ name: 'summary.odt', bytes: sampleOdt() }, 'odt', 'working-group-summary'],
      [{ name: 'legal-text.md', type: 'text/markdown', bytes: Buffer.from('# Legal text\n\nSection H is amended.\n') }, 'md', 'legal-text'],
      [{ name: 'decision.txt', bytes: Buffer.from('The Authority approves.\n') }, 'txt', 'authority-decision'],
    ];
    for (const [file, type, kind] of files) {
      const res = await upload({ kind, versionLabel: 'v0.1', title: `A ${type} file` }, file);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json(), type).toMatchObject({ fileType: type, filename: `${ref}-${kind}-v0.1.${type}` });
      const download = await api.get(new URL(res.json().downloadUrl).pathname);
      expect(Buffer.compare(download.rawPayload, file.bytes), type).toBe(0);
    }
    const before = await footprint();
    const same = files[3][0];
    const twice = await upload({ kind: 'legal-text', versionLabel: 'v0.2', title: 'The same text again' }, same);
    expect(twice.json().sha256).toBe(sha256(same.bytes));
    const after = await footprint();
    expect(after).toEqual({ ...before, documents: before.documents + 1, events: before.events + 1 });
  });

  it('shows a restricted document only to the Secretariat and the members of the committee it was written for', async () => {
    const forOpsg = (await upload({ kind: 'consultation-responses', versionLabel: 'v1.0', title: 'Responses for the OPSG', restricted: 'true', audienceCommittee: 'OPSG' },
      { name: 'responses.pdf', bytes: samplePdf('Restricted to OPSG') })).json();
    const secretariatOnly = (await upload({ kind: 'other', versionLabel: 'v1.0', title: 'Secretariat working note', restricted: 'true' },
      { name: 'note.txt', bytes: Buffer.from('For the Secretariat only.\n') })).json();
    expect(forOpsg).toMatchObject({ restricted: true, audienceCommittee: 'OPSG' });
    expect(secretariatOnly).toMatchObject({ restricted: true, audienceCommittee: null });

    const sees = async (who: keyof typeof tokens | 'public') => {
      const titles = (await as(who, `/api/v1/proposals/${ref}/documents`)).json().items.map((d: { title: string }) => d.title);
      const one = async (d: { id: string }) => (await as(who, `/api/v1/proposals/${ref}/documents/${d.id}`)).statusCode;
      const file = async (d: { id: string }) => (await as(who, `/api/v1/proposals/${ref}/documents/${d.id}/file`)).statusCode;
      const feed = (await as(who, '/api/v1/changes?type=document.added&limit=500')).json().items.map((e: { payload: { title: string } }) => e.payload.title);
      const timeline = (await as(who, `/api/v1/proposals/${ref}/events`)).json().items.map((e: { label: string }) => e.label).join('\n');
      return {
        opsg: [titles.includes(forOpsg.title), await one(forOpsg), await file(forOpsg), feed.includes(forOpsg.title), timeline.includes(forOpsg.title)],
        secretariat: [titles.includes(secretariatOnly.title), await one(secretariatOnly), await file(secretariatOnly), feed.includes(secretariatOnly.title),
          timeline.includes(secretariatOnly.title)],
        public: titles.includes('Modification Report'),
      };
    };
    const hidden = [false, 404, 404, false, false];
    const shown = [true, 200, 200, true, true];
    expect(await sees('public')).toEqual({ opsg: hidden, secretariat: hidden, public: true });
    expect(await sees('party')).toEqual({ opsg: hidden, secretariat: hidden, public: true });
    expect(await sees('ssc')).toEqual({ opsg: hidden, secretariat: hidden, public: true });
    expect(await sees('opsg')).toEqual({ opsg: shown, secretariat: hidden, public: true });
    expect(await sees('analyst')).toEqual({ opsg: shown, secretariat: shown, public: true });
    // Nor does the change's own numbering of its events leave a gap where a hidden one would be.
    const seqs = (await as('public', `/api/v1/proposals/${ref}/events`)).json().items
      .filter((e: { subject: { type: string } }) => e.subject.type === 'proposal').map((e: { seq: number }) => e.seq).sort((x: number, y: number) => x - y);
    expect(seqs).toEqual(seqs.map((_: number, i: number) => i + 1));
    // A 404 says no more than a document that never existed.
    const missing = await as('party', `/api/v1/proposals/${ref}/documents/${forOpsg.id}`);
    expect(missing.json().error.message).toBe(`Document ${forOpsg.id} of ${ref} was not found.`);
    // The members' browsers may keep a restricted file, no shared cache may.
    expect((await as('opsg', `/api/v1/proposals/${ref}/documents/${forOpsg.id}/file`)).headers['cache-control']).toBe('private, no-cache');
  });

  it('refuses bad input by field, and a refusal leaves no row, no event and no file', async () => {
    const pdf = { name: 'r.pdf', bytes: samplePdf('Never kept') };
    const before = await footprint();
    expectFieldError(await upload({ ...report, kind: 'minutes' }, pdf), 'kind');
    const label = expectFieldError(await upload({ ...report, versionLabel: '1.0' }, pdf), 'versionLabel');
    expect(label.message).toContain('v0.1, v0.2 … v1.0');
    for (const bad of ['v1', 'V1.0', 'v1.0.1', 'v01.0', 'version 2']) expectFieldError(await upload({ ...report, versionLabel: bad }, pdf), 'versionLabel');
    const missing = expectFieldError(await upload(report), 'file');
    expect(missing.fields.find((f: { field: string }) => f.field === 'file').message).toBe('is required: choose a file to upload.');
    const exe = expectFieldError(await upload(report, { name: 'report.pdf', type: 'application/pdf', bytes: Buffer.from('MZ\x90\x00\x03\x00', 'latin1') }), 'file');
    expect(exe.message).toContain('PDF, Word (.docx), Excel (.xlsx), OpenDocument text (.odt), Markdown or plain text (UTF-8)');
    expectFieldError(await upload(report, { name: 'empty.pdf', bytes: Buffer.alloc(0) }), 'file');
    expectFieldError(await upload({ ...report, audienceCommittee: 'OPSG' }, pdf), 'audienceCommittee');
    expectFieldError(await upload({ ...report, restricted: 'true', audienceCommittee: 'NOPE' }, pdf), 'audienceCommittee');
    expectFieldError(await upload({ ...report, publishedOn: '2019-12-31' }, pdf), 'publishedOn');
    expectFieldError(await upload({ ...report, publishedOn: '2999-01-01' }, pdf), 'publishedOn');
    expectFieldError(await upload({ ...report, colour: 'blue' }, pdf), 'colour');
    const many = expectFieldError(await upload({ kind: 'minutes', versionLabel: 'x', title: 'Both wrong' }, { name: 'a.bin', bytes: Buffer.from([0xff, 0xfe, 0]) }), 'kind');
    expect(many.fields.map((f: { field: string }) => f.field).sort()).toEqual(['file', 'kind', 'versionLabel']);
    expectError(await upload(report, pdf, api.token, 'DP999'), 404, 'NOT_FOUND');
    expect(await footprint()).toEqual(before);
  });

  it('refuses a file over the limit with 413 naming the limit, having written nothing', async () => {
    const before = await footprint();
    const big = Buffer.concat([samplePdf('Too big'), Buffer.alloc(LIMIT, 0x20)]);
    const error = expectError(await upload(report, { name: 'big.pdf', bytes: big }), 413, 'PAYLOAD_TOO_LARGE');
    expect(error.message).toBe('The file is larger than the limit of 100 KB; nothing was saved.');
    expect(error.fields).toEqual([{ field: 'file', message: 'is larger than the limit of 100 KB.' }]);
    const exactly = Buffer.concat([samplePdf('At the limit')]);
    const padded = Buffer.concat([exactly, Buffer.alloc(LIMIT - exactly.length, 0x20)]);
    expect(padded.length).toBe(LIMIT);
    expect(await footprint()).toEqual(before);
    expect((await upload({ ...report, versionLabel: 'v9.9' }, { name: 'limit.pdf', bytes: padded })).statusCode).toBe(201);
  });

  it('takes only multipart, only with a write token, and only from the Secretariat', async () => {
    const before = await footprint();
    expectError(await api.post(`/api/v1/proposals/${ref}/documents`, report), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectError(await upload(report, { name: 'a.txt', bytes: Buffer.from('text') }, null), 401, 'UNAUTHENTICATED');
    expectError(await upload(report, { name: 'a.txt', bytes: Buffer.from('text') }, api.readToken), 403, 'FORBIDDEN');
    expectError(await upload(report, { name: 'a.txt', bytes: Buffer.from('text') }, tokens.opsg), 403, 'FORBIDDEN');
    expectError(await upload(report, { name: 'a.txt', bytes: Buffer.from('text') }, tokens.party), 403, 'FORBIDDEN');
    const two = await multipartBody(report, { file: [{ name: 'a.txt', bytes: Buffer.from('one') }, { name: 'b.txt', bytes: Buffer.from('two') }] });
    const twoFiles = await api.app.inject({ method: 'POST', url: `/api/v1/proposals/${ref}/documents`, payload: two.payload,
      headers: { 'content-type': two.contentType, authorization: `Bearer ${api.token}` } });
    expect(expectError(twoFiles, 413, 'PAYLOAD_TOO_LARGE').message).toBe('Send at most 1 file at a time.');
    expect(await footprint()).toEqual(before);
    expect((await upload(report, { name: 'a.txt', bytes: Buffer.from('text') }, tokens.analyst)).statusCode).toBe(201);
  });
}, { maxUploadBytes: LIMIT });
