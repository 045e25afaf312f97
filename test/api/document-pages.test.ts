// The change page's documents on the demo register, on each database: each viewer sees the documents
// meant for them (the OPSG's restricted trial report only by its members and the Secretariat), the
// Secretariat sees the upload form, and the form, sent as a browser sends it (multipart, with the
// page's CSRF token and the session cookie), adds a document or comes back with its fields marked.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildServer } from '../../src/app.js';
import { loadDemo } from '../../src/demo/load.js';
import type { HttpServer } from '../../src/platform/http/server.js';
import { describeEachDatabase } from '../support/databases.js';
import { csrfFrom, formClient } from '../support/form-client.js';
import { multipartBody, type FilePart } from '../support/multipart.js';
import { samplePdf } from '../support/sample-files.js';

const TRIAL = 'Planned Maintenance trial: final report to the Operations Group';
const REQUEST = 'DCC Preliminary Assessment request';

describeEachDatabase('documents on the change page', ({ ctx }) => {
  let app: HttpServer;
  let page: string;
  const serverErrors: string[] = [];

  /** A signed-in browser (or the public, without an email). */
  async function browser(email?: string) {
    const client = formClient(app);
    if (email) expect((await client.signIn(email)).statusCode).toBe(303);
    const cookie = () => Object.entries(client.jar).map(([k, v]) => `${k}=${v}`).join('; ');
    const upload = async (fields: Record<string, string>, file?: FilePart, csrf?: string) => {
      const token = csrf ?? csrfFrom((await client.get(page)).body);
      const { payload, contentType } = await multipartBody({ _csrf: token, ...fields }, file ? { file } : {});
      return app.inject({ method: 'POST', url: `${page}documents`, payload, headers: { 'content-type': contentType, cookie: cookie() } });
    };
    return { ...client, upload, documents: async () => documentsSection((await client.get(page)).body) };
  }
  /** The change page's "Documents", without the form's CSRF token (new on every page). */
  const documentsSection = (html: string) => (/<section aria-labelledby="h-docs">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '')
    .replace(/name="_csrf" value="[^"]*"/, '');

  beforeAll(async () => {
    ctx().clock = () => new Date('2019-12-02T10:00:00Z');
    await loadDemo(ctx());
    app = await buildServer(ctx());
    app.addHook('onResponse', async (request, reply) => {
      if (reply.statusCode >= 500) serverErrors.push(`${request.method} ${request.url} ${reply.statusCode}`);
    });
    await app.ready();
    const mp092 = await app.inject({ method: 'GET', url: '/proposals/MP092' });
    page = new URL(mp092.headers.location as string, 'http://x').pathname;
    expect(page).toMatch(/^\/modifications\/[a-z0-9-]+\/$/);
  });
  afterAll(async () => {
    expect(serverErrors).toEqual([]);
    await app.close();
  });

  it('shows each viewer the documents meant for them, with the problem statement versions', async () => {
    const seen = async (email?: string) => {
      const section = await (await browser(email)).documents();
      return { trial: section.includes(TRIAL), request: section.includes(REQUEST), form: section.includes('enctype="multipart/form-data"') };
    };
    expect(await seen()).toEqual({ trial: false, request: true, form: false });
    expect(await seen('andy.knowles@utilita.example')).toEqual({ trial: false, request: true, form: false });
    expect(await seen('hannah.pryce@utilita.example')).toEqual({ trial: true, request: true, form: false });
    expect(await seen('bradley.baker@secas.example')).toEqual({ trial: true, request: true, form: true });
    const section = await (await browser('hannah.pryce@utilita.example')).documents();
    expect(section).toContain('Restricted: the OPSG and the Secretariat');
    expect(section).toContain('Problem statement (agreed)');
    expect(section).toMatch(/<a href="\/api\/v1\/proposals\/MP092\/documents\/[0-9a-f-]+\/file" download>DCC Preliminary Assessment request<\/a>/);
  });

  it('adds a document from the form and lists it', async () => {
    const analyst = await browser('bradley.baker@secas.example');
    const res = await analyst.upload({ kind: 'working-group-summary', versionLabel: 'v0.1', title: 'Working Group 1 summary', publishedOn: '2019-11-28' },
      { name: 'wg1.pdf', type: 'application/pdf', bytes: samplePdf('Working Group 1') });
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe(`${page}?done=document#h-docs`);
    const section = await analyst.documents();
    expect(section).toContain('Working Group 1 summary');
    expect(section).toContain('Working Group summary');
    expect(section).toContain('28 November 2019');
    expect(await (await browser()).documents()).toContain('Working Group 1 summary');
  });

  it('comes back with the fields at fault marked and what was typed kept, having added nothing', async () => {
    const analyst = await browser('bradley.baker@secas.example');
    const before = await analyst.documents();
    const res = await analyst.upload({ kind: 'legal-text', versionLabel: '2', title: 'Legal text <draft>', restricted: 'true', audienceCommittee: 'OPSG' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('There is a problem');
    expect(res.body).toContain('File is required: choose a file to upload.');
    expect(res.body).toContain('Version must be written like v0.1, v0.2 … v1.0');
    expect(res.body).toContain('Choose the file again');
    expect(res.body).toContain('value="Legal text &lt;draft>"');
    expect(res.body).toMatch(/<option value="OPSG" selected>/);
    expect(res.body).toMatch(/id="f-restricted" name="restricted" value="true" checked/);
    const refusedType = await analyst.upload({ kind: 'legal-text', versionLabel: 'v0.1', title: 'Legal text' },
      { name: 'legal.docx', bytes: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03]) });
    expect(refusedType.statusCode).toBe(400);
    expect(refusedType.body).toContain('File is not a type of file kept here. Accepted: PDF, Word (.docx), Excel (.xlsx), OpenDocument text (.odt), Markdown or plain text (UTF-8)');
    expect(await analyst.documents()).toBe(before);
  });

  it('refuses a file over the limit on the form, naming the limit', async () => {
    const analyst = await browser('bradley.baker@secas.example');
    const before = await analyst.documents();
    const big = Buffer.concat([samplePdf('Big'), Buffer.alloc(ctx().maxUploadBytes, 0x20)]);
    const res = await analyst.upload({ kind: 'legal-text', versionLabel: 'v0.1', title: 'Too big' }, { name: 'big.pdf', bytes: big });
    expect(res.statusCode).toBe(413);
    expect(res.body).toContain('File is larger than the limit of 20 MB.');
    expect(await analyst.documents()).toBe(before);
  });

  it('refuses a form without its CSRF token, and one from a viewer who may not add documents', async () => {
    const analyst = await browser('bradley.baker@secas.example');
    const file = { name: 'a.txt', bytes: Buffer.from('text\n') };
    expect((await analyst.upload({ kind: 'other', versionLabel: 'v0.1', title: 'No token' }, file, 'forged')).statusCode).toBe(403);
    const member = await browser('hannah.pryce@utilita.example');
    expect((await member.upload({ kind: 'other', versionLabel: 'v0.1', title: 'A member' }, file)).statusCode).toBe(403);
    const visitor = await browser();
    const res = await visitor.upload({ kind: 'other', versionLabel: 'v0.1', title: 'The public' }, file);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/login\?next=/);
    expect(await analyst.documents()).not.toMatch(/No token|A member|The public/);
  });
});
