// Faults found by trying the product from outside (issue 11, item 15), each held by a test here on
// SQLite and PostgreSQL: a meeting's outcome form without a reference, a form version past the
// database's integer, a race lost without If-Match, caching of what a signed-in reader sees, and a
// request body that trickles in.
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/app.js';
import { describeEachDatabase, freshDatabase } from '../support/databases.js';
import { formClient } from '../support/form-client.js';
import { expectError, startApi, type Api } from './helpers.js';

describeEachDatabase('found from outside', ({ ctx }) => {
  let api: Api;
  let meetingId: string;
  beforeAll(async () => {
    api = await startApi(ctx());
    meetingId = (await ctx().db.kysely.selectFrom('meetings').select('id').where('committee_code', '=', 'CSC').orderBy('date', 'desc').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => { await api?.close(); });
  afterEach(() => { expect(api.serverErrors.splice(0)).toEqual([]); });

  const analyst = async () => {
    const browser = formClient(api.app);
    expect((await browser.signIn('bradley.baker@secas.example')).statusCode).toBe(303);
    return browser;
  };

  it('answers a meeting outcome posted without a reference with 400 and the form, not 500', async () => {
    const browser = await analyst();
    for (const form of [{ action: 'present-to-csc-initial' }, {}, { ref: '', action: '' }] as Record<string, string>[]) {
      const res = await browser.submit(`/meetings/${meetingId}`, `/meetings/${meetingId}/outcomes`, form);
      expect(res.statusCode, res.body.slice(0, 500)).toBe(400);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
    }
  });

  it('takes a form version of 2^31 or more as stale (409), never as a query the database refuses', async () => {
    const browser = await analyst();
    for (const version of ['2147483648', '4294967296', '99999999999999999999']) {
      const res = await browser.submit('/papers/OPSG/2019-11-26', '/papers/OPSG/2019-11-26/text', { author: 'An Author', version });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(409);
    }
    const page = await api.request('GET', '/api/v1/papers/x/versions/2147483648/pdf');
    expectError(page, 400, 'VALIDATION_FAILED');
    const list = await api.get('/api/v1/proposals?offset=99999999999');
    expectError(list, 400, 'VALIDATION_FAILED');
  });

  it('answers a write that lost a race without If-Match with 409 WRITE_CONFLICT, never 412', async () => {
    // Ten saves of the paper's text at once, none naming a version: each is judged on what is there
    // when it runs; those that lost to another writer between reading and writing get 409.
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) =>
      api.put('/api/v1/papers/text', { committee: 'OPSG', date: '2019-11-26', author: `Author ${i}` })));
    for (const res of answers) {
      expect([200, 409], res.body).toContain(res.statusCode);
      if (res.statusCode === 409) expect(res.json().error.code).toBe('WRITE_CONFLICT');
    }
    // A stale If-Match is still a failed precondition.
    const stale = await api.put('/api/v1/papers/text', { committee: 'OPSG', date: '2019-11-26', author: 'Late' }, { 'if-match': '"1"' });
    expectError(stale, 412, 'VERSION_CONFLICT');
  });

  it('keeps what a signed-in reader sees out of every cache (no-store), pages and API alike', async () => {
    const browser = await analyst();
    for (const url of ['/modifications/', '/committees/OPSG', '/work', '/account', `/meetings/${meetingId}`]) {
      const res = await browser.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toMatch(/no-store/);
    }
    for (const url of ['/api/v1/proposals', '/api/v1/proposals/DP094', '/api/v1/committees/OPSG', '/api/v1/deadlines']) {
      const res = await api.request('GET', url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toMatch(/no-store/);
    }
    // The public's answers may be kept, but are checked again.
    expect((await api.get('/api/v1/proposals')).headers['cache-control']).not.toMatch(/no-store/);
  });
}, { demo: true });

describe('a request body that trickles in', () => {
  let close: () => Promise<void> = async () => {};
  afterAll(() => close());

  it('is cut off with 408 once the request timeout passes', async () => {
    const db = await freshDatabase('sqlite');
    const { openContext } = await import('../../src/app.js');
    const ctx = await openContext(db.target);
    const app = await buildServer(ctx, { requestTimeoutMs: 1000 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    close = async () => { await app.close(); await ctx.db.close(); await db.drop(); };
    const port = (app.server.address() as net.AddressInfo).port;
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      let received = '';
      let timer: NodeJS.Timeout | undefined;
      socket.on('connect', () => {
        // A form anyone may post, so the body is read rather than refused for its credentials first.
        socket.write('POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\ne');
        // One byte now and then, never the whole body.
        timer = setInterval(() => { if (socket.writable) socket.write(' '); }, 200);
      });
      socket.on('data', (chunk) => { received += chunk.toString(); });
      socket.on('close', () => { clearInterval(timer); resolve(received); });
      socket.on('error', (error) => { clearInterval(timer); if (received) resolve(received); else reject(error); });
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).error.code).toBe('REQUEST_TIMEOUT');
  });
});
