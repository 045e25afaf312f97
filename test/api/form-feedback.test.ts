// What a person sees after sending a form, on the demo register and each database: a write lands on
// a page that says what was done at its top (role="status", from the fixed table of `?done=` codes,
// never text from the address), and a refused lifecycle action says at the top of the page what is
// wrong with each field, linking to that field in the action's form.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildServer } from '../../src/app.js';
import { DONE_MESSAGES } from '../../src/platform/http/flash.js';
import type { HttpServer } from '../../src/platform/http/server.js';
import { describeEachDatabase } from '../support/databases.js';
import { formClient } from '../support/form-client.js';

describeEachDatabase('feedback after a form', ({ ctx }) => {
  let app: HttpServer;
  const serverErrors: string[] = [];

  beforeAll(async () => {
    app = await buildServer(ctx());
    app.addHook('onResponse', async (request, reply) => {
      if (reply.statusCode >= 500) serverErrors.push(`${request.method} ${request.url} ${reply.statusCode}`);
    });
  });
  afterAll(async () => {
    await app?.close();
    expect(serverErrors).toEqual([]);
  });

  const statusBox = (html: string) => /<div class="flash-success" role="status"><p>([^<]*)<\/p><\/div>/.exec(html)?.[1] ?? null;

  it('says what was done after raising and after an action, and refuses at the top with links to the fields', async () => {
    const client = formClient(app);
    expect((await client.signIn('bradley.baker@secas.example')).statusCode).toBe(303);

    const raised = await client.submit('/modifications/new', '/modifications/new', { title: 'Clearer meter read reminders', raisedOn: '' });
    expect(raised.statusCode, raised.body).toBe(303);
    const page = String(raised.headers.location);
    expect(page).toMatch(/\?done=raised$/);
    const landed = await client.get(page);
    expect(statusBox(landed.body)).toBe(DONE_MESSAGES.raised);
    // Only codes of the table are shown; anything else in the address shows nothing.
    const forged = await client.get(page.replace('done=raised', 'done=%3Cb%3Eyou%20won%3C%2Fb%3E'));
    expect(forged.statusCode).toBe(200);
    expect(statusBox(forged.body)).toBeNull();
    expect(forged.body).not.toContain('you won');

    const path = page.split('?')[0];
    const version = /name="version" value="(\d+)"/.exec(landed.body)![1];
    const refused = await client.submit(path, `${path}actions`, { action: 'present-to-csc-initial', version, businessDate: '2999-01-01', note: '' });
    expect(refused.statusCode).toBe(400);
    const box = /<div class="error-summary" role="alert" id="action-error"[^>]*>([\s\S]*?)<\/div>/.exec(refused.body)?.[1] ?? '';
    expect(box).toContain('href="#a-present-to-csc-initial-businessDate"');
    expect(box).not.toContain('Check the fields marked below');
    expect(refused.body).toContain('id="a-present-to-csc-initial-businessDate"');

    const taken = await client.submit(path, `${path}actions`, { action: 'present-to-csc-initial', version, businessDate: '', note: '' });
    expect(taken.statusCode, taken.body).toBe(303);
    expect(String(taken.headers.location)).toMatch(/\?done=action#h-timeline$/);
    expect(statusBox((await client.get(String(taken.headers.location).split('#')[0])).body)).toBe(DONE_MESSAGES.action);
  });

  it('issues a paper only once the issuer confirms, and then says so', async () => {
    const client = formClient(app);
    expect((await client.signIn('bradley.baker@secas.example')).statusCode).toBe(303);
    const paper = /href="(\/papers\/[A-Z]+\/\d{4}-\d{2}-\d{2})"/.exec((await client.get('/papers/')).body)![1];
    const page = (await client.get(paper)).body;
    // The issue form comes after the edits.
    expect(page.indexOf('id="h-issue"')).toBeGreaterThan(page.indexOf('id="h-text"'));
    const unconfirmed = await client.submit(paper, `${paper}/issue`, {});
    expect(unconfirmed.statusCode).toBe(400);
    expect(unconfirmed.body).toContain('href="#f-confirm"');
    expect(unconfirmed.body).not.toContain('<ol class="versions">');
    const issued = await client.submit(paper, `${paper}/issue`, { confirm: 'yes' });
    expect(issued.statusCode, issued.body).toBe(303);
    expect(statusBox((await client.get(String(issued.headers.location))).body)).toBe(DONE_MESSAGES['paper-issued']);
  });
}, { demo: true });
