// Webhooks on SQLite and PostgreSQL against a real receiver (node:http on 127.0.0.1): the refusals,
// a delivery whose signature the test recomputes on its own, only public events ever sent, retries
// after a 500, a timeout, a failed delivery sent again, a hanging endpoint that holds up neither the
// write nor another endpoint, the administrators' pages (the secret shown once, answers escaped)
// and the export without secrets. The clock is the test's; nothing waits for the backoff.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { openContext, startSubscribers } from '../../src/app.js';
import { addUser, createToken } from '../../src/modules/accounts/service.js';
import { SYSTEM_ACCOUNT } from '../../src/modules/accounts/accounts.js';
import { exportRegister } from '../../src/modules/register/service.js';
import { dispatchOnce } from '../../src/platform/events/dispatch.js';
import { sendDue } from '../../src/modules/webhooks/sender.js';
import { webhooksSubscriber } from '../../src/modules/webhooks/subscriber.js';
import { describeEachDatabase } from '../support/databases.js';
import { csrfFrom, formClient } from '../support/form-client.js';
import { multipartBody } from '../support/multipart.js';
import { PROBLEM_STATEMENT, expectError, expectFieldError, seedDirectory, startApi, type Api } from './helpers.js';

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A receiver on 127.0.0.1: each path answers as `answers` says (default 200 "ok"); /hang never answers until released. */
async function startReceiver() {
  const received: Received[] = [];
  const held: http.ServerResponse[] = [];
  const answers: Record<string, (number | [number, string])[]> = {};
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (path === '/hang') {
        held.push(res);
        return;
      }
      const next = answers[path]?.shift() ?? 200;
      const [status, text] = Array.isArray(next) ? next : [next, 'ok'];
      res.writeHead(status, { 'content-type': 'text/plain' }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    received, held, answers, url: (path: string) => `http://127.0.0.1:${port}${path}`,
    on: (path: string) => received.filter((r) => r.path === path),
    release: () => { for (const res of held.splice(0)) res.writeHead(200).end('late'); },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

let now = Date.parse('2027-01-11T10:00:00Z');
const PASSWORD = 'a password long enough';

describeEachDatabase('webhooks', ({ ctx, target }) => {
  let api: Api;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let analystToken = '';
  const dispatch = () => dispatchOnce({ db: ctx().db, clock: ctx().clock, subscribers: [webhooksSubscriber()], context: ctx() }, { only: ['webhooks'] });
  const raise = (title: string) => api.raise({ title, raisedOn: '2027-01-05', problemStatement: PROBLEM_STATEMENT });
  const register = async (body: Record<string, unknown>) => {
    const res = await api.post('/api/v1/webhooks', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string; secret: string; url: string }>();
  };
  const deliveries = async (id: string) => {
    const res = await api.request('GET', `/api/v1/webhooks/${id}/deliveries`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as Record<string, any>[];
  };
  const count = async (table: 'webhook_endpoints' | 'webhook_deliveries') =>
    Number((await ctx().db.kysely.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    now = Date.parse('2027-01-11T10:00:00Z');
    api = await startApi(ctx());
    await seedDirectory(ctx());
    await addUser(ctx(), SYSTEM_ACCOUNT, { email: 'joe@secas.example', name: 'Joe Hehir', role: 'analyst', password: PASSWORD });
    await addUser(ctx(), SYSTEM_ACCOUNT, { email: 'ada@secas.example', name: 'Ada Admin', role: 'admin', password: PASSWORD });
    analystToken = (await createToken(ctx(), { name: 'analyst', userEmail: 'joe@secas.example' })).token;
    receiver = await startReceiver();
    // The subscriber starts at the stream's end when first seen: seen now, before any test writes.
    await dispatch();
  });
  afterAll(async () => {
    await api?.close();
    await receiver?.close();
  });
  afterEach(async () => {
    expect(api.serverErrors.splice(0)).toEqual([]);
    // Each test starts with no endpoints, and the stream handed out.
    for (const e of (await api.request('GET', '/api/v1/webhooks')).json().items) {
      expect((await api.request('DELETE', `/api/v1/webhooks/${e.id}`)).statusCode).toBe(204);
    }
    await dispatch();
    receiver.received.splice(0);
  });

  it('refuses an address that is not http(s) or is this server, and event types that are unknown or never public; writes nothing', async () => {
    const before = await ctx().db.kysely.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const types = ['proposal.raised'];
    expect(expectFieldError(await api.post('/api/v1/webhooks', { url: 'ftp://files.example/in', eventTypes: types }), 'url').fields[0].message)
      .toBe('must start with http:// or https://.');
    expectFieldError(await api.post('/api/v1/webhooks', { url: 'hooks.example', eventTypes: types }), 'url');
    for (const self of ['https://secretariat.test/hooks', 'https://SECRETARIAT.test:443/in', 'http://127.0.0.1:443/', 'https://localhost/in']) {
      const error = expectFieldError(await api.post('/api/v1/webhooks', { url: self, eventTypes: types }), 'url');
      expect(error.fields[0].message, self).toMatch(/^points at this server itself/);
    }
    expect(expectFieldError(await api.post('/api/v1/webhooks', { url: receiver.url('/in'), eventTypes: ['proposal.nope'] }), 'eventTypes').fields[0].message)
      .toBe('names unknown event types: proposal.nope.');
    expect(expectFieldError(await api.post('/api/v1/webhooks', { url: receiver.url('/in'), eventTypes: ['token.created'] }), 'eventTypes').fields[0].message)
      .toMatch(/never reads, so never sent to a webhook: token.created/);
    expectFieldError(await api.post('/api/v1/webhooks', { url: receiver.url('/in'), eventTypes: [] }), 'eventTypes');
    expectFieldError(await api.post('/api/v1/webhooks', { url: receiver.url('/in') }), 'eventTypes');
    expectFieldError(await api.post('/api/v1/webhooks', { url: receiver.url('/in'), eventTypes: types, secret: 'mine' }), 'secret');
    // Both fields at once, each with its message.
    const both = expectError(await api.post('/api/v1/webhooks', { url: 'mailto:x@example.org', eventTypes: ['nope.nope'] }), 400, 'VALIDATION_FAILED');
    expect(both.fields.map((f: { field: string }) => f.field).sort()).toEqual(['eventTypes', 'url']);
    expectError(await api.request('POST', '/api/v1/webhooks', { body: { url: receiver.url('/in'), eventTypes: types }, token: analystToken }), 403, 'FORBIDDEN');
    expectError(await api.request('GET', '/api/v1/webhooks', { token: null }), 401, 'UNAUTHENTICATED');
    expect(await count('webhook_endpoints')).toBe(0);
    const after = await ctx().db.kysely.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('shows the secret once; signs each delivery so the receiver can verify it; a repeated event adds no delivery', async () => {
    const endpoint = await register({ url: receiver.url('/in'), description: 'Our integration', eventTypes: ['proposal.raised'] });
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{44}$/);
    expect((await api.request('GET', `/api/v1/webhooks/${endpoint.id}`)).body).not.toContain('whsec_');
    expect((await api.request('GET', '/api/v1/webhooks')).body).not.toContain('whsec_');

    const raised = await raise('Prepayment top-up without the SM WAN');
    await dispatch();
    expect(await sendDue(ctx())).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    const [got] = receiver.on('/in');
    expect(receiver.on('/in')).toHaveLength(1);
    const id = String(got.headers['webhook-id']);
    const timestamp = String(got.headers['webhook-timestamp']);
    expect(timestamp).toBe(String(Math.floor(now / 1000)));
    expect(got.headers['content-type']).toBe('application/json');
    // Recomputed here, from the secret as shown and the bytes received.
    const key = Buffer.from(endpoint.secret.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${got.body}`).digest('base64');
    expect(got.headers['webhook-signature']).toBe(`v1,${expected}`);
    const body = JSON.parse(got.body);
    expect(body).toMatchObject({ type: 'proposal.raised', data: { id, type: 'proposal.raised', subject: { type: 'proposal', ref: raised.reference } } });
    expect(typeof body.timestamp).toBe('string');

    const [delivery] = await deliveries(endpoint.id);
    expect(delivery).toMatchObject({ eventId: id, eventType: 'proposal.raised', subjectRef: raised.reference, status: 'delivered', attempts: 1,
      lastStatusCode: 200, attemptLog: [{ statusCode: 200, outcome: 'delivered', responseExcerpt: 'ok', error: null }] });

    // At least once: the same event handled again finds its delivery and adds none.
    const event = await ctx().db.kysely.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const { toStored } = await import('../../src/platform/events/stream.js');
    const before = await count('webhook_deliveries');
    await webhooksSubscriber().handle(toStored(event), ctx());
    expect(await count('webhook_deliveries')).toBe(before);
    expect(await sendDue(ctx())).toEqual({ delivered: 0, retrying: 0, failed: 0 });

    // Rotating: the new secret signs from now on.
    const rotated = await api.post(`/api/v1/webhooks/${endpoint.id}/rotate-secret`, undefined);
    expect(rotated.statusCode, rotated.body).toBe(200);
    expect(rotated.json().secret).not.toBe(endpoint.secret);
    expect(rotated.headers['cache-control']).toBe('no-store');
  });

  it('never sends a restricted event, nor one about accounts or webhooks, even to an endpoint that wants everything', async () => {
    const endpoint = await register({ url: receiver.url('/all'), eventTypes: ['*'] });
    const raised = await raise('Credit cover alignment');
    await createToken(ctx(), { name: 'another' });
    const { payload, contentType } = await multipartBody({ kind: 'other', versionLabel: 'v1.0', title: 'Secretariat working note', restricted: 'true' },
      { file: { name: 'note.txt', bytes: Buffer.from('For the Secretariat only.\n') } });
    const upload = await api.app.inject({ method: 'POST', url: `/api/v1/proposals/${raised.reference}/documents`, payload,
      headers: { 'content-type': contentType, authorization: `Bearer ${api.token}` } });
    expect(upload.statusCode, upload.body).toBe(201);
    await api.patch(`/api/v1/webhooks/${endpoint.id}`, { description: 'Everything public' });
    await dispatch();
    await sendDue(ctx());
    const types = receiver.on('/all').map((r) => JSON.parse(r.body).type as string);
    expect(types).toContain('proposal.raised');
    for (const type of types) expect(ctx().catalog.definition(type)!.audience, type).not.toBe('administrators');
    expect(types).not.toContain('document.added');
    expect(types.filter((t) => /^(token|webhook|account)\./.test(t))).toEqual([]);
    expect(receiver.on('/all').map((r) => r.body).join('\n')).not.toContain('Secretariat working note');
    // Every event queued for it was public.
    const queued = await ctx().db.kysely.selectFrom('webhook_deliveries as d').innerJoin('events as e', 'e.id', 'd.event_id')
      .select('e.audience').where('d.endpoint_id', '=', endpoint.id).execute();
    expect(queued.length).toBeGreaterThan(0);
    expect(new Set(queued.map((q) => q.audience))).toEqual(new Set(['public']));
  });

  it('tries again after a 500, when the backoff says, with the same webhook-id; gives up at the end of the schedule; sends again on request', async () => {
    const endpoint = await register({ url: receiver.url('/flaky'), eventTypes: ['proposal.raised'] });
    receiver.answers['/flaky'] = [[500, 'Internal <b>trouble</b>']];
    await raise('Retry me');
    await dispatch();
    expect(await sendDue(ctx())).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    let [delivery] = await deliveries(endpoint.id);
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500, nextAttemptAt: new Date(now + 60_000).toISOString() });
    expect(await sendDue(ctx())).toEqual({ delivered: 0, retrying: 0, failed: 0 }); // not due yet
    now += 61_000;
    expect(await sendDue(ctx())).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    [delivery] = await deliveries(endpoint.id);
    expect(delivery.status).toBe('delivered');
    expect(delivery.attemptLog.map((a: { statusCode: number; outcome: string }) => [a.statusCode, a.outcome])).toEqual([[500, 'refused'], [200, 'delivered']]);
    expect(delivery.attemptLog[0].responseExcerpt).toBe('Internal <b>trouble</b>');
    const ids = receiver.on('/flaky').map((r) => r.headers['webhook-id']);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);

    // A short schedule (injected): three 500s and it has failed.
    receiver.answers['/flaky'] = [500, 500, 500];
    await raise('Fail me');
    await dispatch();
    const schedule = { retryAfterSeconds: [1, 1] };
    expect(await sendDue(ctx(), schedule)).toMatchObject({ retrying: 1 });
    now += 2000;
    expect(await sendDue(ctx(), schedule)).toMatchObject({ retrying: 1 });
    now += 2000;
    expect(await sendDue(ctx(), schedule)).toMatchObject({ failed: 1 });
    now += 3_600_000;
    expect(await sendDue(ctx(), schedule)).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    let failed = (await deliveries(endpoint.id)).find((d) => d.status === 'failed')!;
    expect(failed.attemptLog).toHaveLength(3);

    const resent = await api.post(`/api/v1/webhooks/${endpoint.id}/deliveries/${failed.id}/resend`, undefined);
    expect(resent.statusCode, resent.body).toBe(202);
    expect(await sendDue(ctx())).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    failed = (await deliveries(endpoint.id)).find((d) => d.id === failed.id)!;
    expect(failed).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(failed.attemptLog.map((a: { outcome: string }) => a.outcome)).toEqual(['refused', 'refused', 'refused', 'delivered']);
    expectError(await api.post(`/api/v1/webhooks/${endpoint.id}/deliveries/nope/resend`, undefined), 404, 'NOT_FOUND');
  });

  it('times out an endpoint that does not answer, logs it and tries again later', async () => {
    const endpoint = await register({ url: receiver.url('/hang'), eventTypes: ['proposal.raised'] });
    await raise('Hang on');
    await dispatch();
    expect(await sendDue(ctx(), { timeoutMs: 200 })).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    expect(receiver.held).toHaveLength(1);
    const [delivery] = await deliveries(endpoint.id);
    expect(delivery).toMatchObject({ status: 'pending', lastStatusCode: null, nextAttemptAt: new Date(now + 60_000).toISOString(),
      attemptLog: [{ outcome: 'timeout', statusCode: null, error: 'No answer within 200 ms.' }] });
    receiver.release();
  });

  it('answers a write while an endpoint hangs, and delivers to the other endpoints meanwhile', async () => {
    const hanging = await register({ url: receiver.url('/hang'), eventTypes: ['proposal.raised'] });
    const fast = await register({ url: receiver.url('/fast'), eventTypes: ['proposal.raised'] });
    // This instance's real workers: the dispatcher and the sender, woken by the commit.
    const workers = startSubscribers(ctx());
    try {
      const raised = await raise('Never wait for a webhook');
      // The write has answered (201); the hanging endpoint has not, and the other got its delivery.
      await vi.waitFor(() => expect(receiver.held).toHaveLength(1), { timeout: 10_000 });
      await vi.waitFor(async () => expect((await deliveries(fast.id))[0]?.status).toBe('delivered'), { timeout: 10_000 });
      const [waiting] = await deliveries(hanging.id);
      expect(waiting).toMatchObject({ status: 'pending', attemptLog: [] });
      expect(JSON.parse(receiver.on('/fast')[0].body).data.subject.ref).toBe(raised.reference);
      receiver.release();
      await vi.waitFor(async () => expect((await deliveries(hanging.id))[0]?.status).toBe('delivered'), { timeout: 10_000 });
    } finally {
      receiver.release();
      await workers.stop();
    }
  });

  it('makes each attempt once when two instances send at the same time', async () => {
    const endpoint = await register({ url: receiver.url('/twice'), eventTypes: ['proposal.raised'] });
    for (const title of ['One', 'Two', 'Three', 'Four']) await raise(title);
    await dispatch();
    const other = await openContext(target(), { migrate: false, publicBaseUrl: ctx().publicBaseUrl, clock: () => new Date(now) });
    try {
      const [a, b] = await Promise.all([sendDue(ctx(), { worker: 'instance-a' }), sendDue(other, { worker: 'instance-b' })]);
      expect(a.delivered + b.delivered).toBe(4);
    } finally {
      await other.db.close();
    }
    const ids = receiver.on('/twice').map((r) => r.headers['webhook-id']);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
    expect((await deliveries(endpoint.id)).map((d) => d.attemptLog.length)).toEqual([1, 1, 1, 1]);
  });

  it('lets an administrator register, read, rotate, disable and delete endpoints on pages with CSRF; the secret only once; answers escaped', async () => {
    const admin = formClient(api.app);
    expect((await admin.signIn('ada@secas.example', PASSWORD)).statusCode).toBe(303);
    const list = await admin.get('/admin/webhooks');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Register an endpoint');

    const refused = await admin.post('/admin/webhooks', { _csrf: csrfFrom(list.body), url: 'https://secretariat.test/x', eventTypes: 'proposal.raised' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('points at this server itself');
    expect((await admin.post('/admin/webhooks', { url: receiver.url('/page'), eventTypes: 'proposal.raised' })).statusCode).toBe(403);

    const made = await admin.submit('/admin/webhooks', '/admin/webhooks', { url: receiver.url('/page'), description: '<i>Ours</i>', eventTypes: ['proposal.raised'] });
    expect(made.statusCode, made.body.slice(0, 500)).toBe(200);
    expect(made.headers['cache-control']).toBe('no-store');
    const secret = /whsec_[A-Za-z0-9+/=]+/.exec(made.body)![0];
    const id = /href="\/admin\/webhooks\/([^"]+)"/.exec(made.body)![1];

    receiver.answers['/page'] = [[500, '<script>alert(1)</script>']];
    await raise('Shown on the page');
    await dispatch();
    await sendDue(ctx());
    const page = await admin.get(`/admin/webhooks/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(secret);
    expect(page.body).not.toContain('whsec_');
    expect(page.body).toContain('&lt;script>alert(1)&lt;/script>');
    expect(page.body).not.toContain('<script>alert(1)');
    expect((await admin.get('/admin/webhooks')).body).toContain('&lt;i>Ours&lt;/i>');

    const delivery = (await deliveries(id))[0];
    const resend = await admin.submit(`/admin/webhooks/${id}`, `/admin/webhooks/${id}/deliveries/${delivery.id}/resend`, {});
    expect(resend.statusCode).toBe(303);
    expect(await sendDue(ctx())).toMatchObject({ delivered: 1 });

    const rotated = await admin.submit(`/admin/webhooks/${id}`, `/admin/webhooks/${id}/secret`, {});
    expect(rotated.statusCode).toBe(200);
    expect(rotated.body).toMatch(/whsec_/);
    expect(rotated.body).not.toContain(secret);

    expect((await admin.submit(`/admin/webhooks/${id}`, `/admin/webhooks/${id}/status`, {})).statusCode).toBe(303);
    expect((await api.request('GET', `/api/v1/webhooks/${id}`)).json().status).toBe('disabled');
    await raise('Not while disabled');
    await dispatch();
    expect((await deliveries(id)).map((d) => d.subjectRef)).toHaveLength(1);

    const analyst = formClient(api.app);
    await analyst.signIn('joe@secas.example', PASSWORD);
    expect((await analyst.get('/admin/webhooks')).statusCode).toBe(403);

    // The export keeps the endpoint, never its secret.
    const exported = await exportRegister(ctx());
    expect(exported).toContain(receiver.url('/page'));
    expect(exported).not.toContain('whsec_');

    expect((await admin.submit(`/admin/webhooks/${id}`, `/admin/webhooks/${id}/delete`, {})).statusCode).toBe(303);
    expect(await count('webhook_endpoints')).toBe(0);
    expect((await admin.get(`/admin/webhooks/${id}`)).statusCode).toBe(404);
  });
  it('keeps secrets sealed at rest; after a rotation, signs with both secrets for the grace period, then with the new one only', async () => {
    const endpoint = await register({ url: receiver.url('/grace'), eventTypes: ['proposal.raised'] });
    const stored = await ctx().db.kysely.selectFrom('webhook_endpoints').select(['secret']).where('id', '=', endpoint.id).executeTakeFirstOrThrow();
    expect(stored.secret).toMatch(/^v1:/);
    expect(stored.secret).not.toContain(endpoint.secret.slice('whsec_'.length, 24));
    const rotated = await api.post(`/api/v1/webhooks/${endpoint.id}/rotate-secret`, undefined);
    expect(rotated.statusCode, rotated.body).toBe(200);
    const fresh = rotated.json().secret as string;
    expect(fresh).toMatch(/^whsec_/);

    /** What a receiver does (Standard Webhooks): accept when any of the space-separated signatures is its secret's. */
    const verifies = (secret: string, got: { headers: Record<string, unknown>; body: string }) => {
      const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
      const mine = createHmac('sha256', key).update(`${String(got.headers['webhook-id'])}.${String(got.headers['webhook-timestamp'])}.${got.body}`).digest('base64');
      return String(got.headers['webhook-signature']).split(' ').some((s) => s === `v1,${mine}`);
    };
    await raise('Sent during the grace period');
    await dispatch();
    expect(await sendDue(ctx())).toMatchObject({ delivered: 1 });
    const during = receiver.on('/grace').at(-1)!;
    expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verifies(endpoint.secret, during)).toBe(true);
    expect(verifies(fresh, during)).toBe(true);
    expect(verifies(`whsec_${Buffer.alloc(32, 7).toString('base64')}`, during)).toBe(false);

    now += 25 * 3600_000; // past the 24 hours' grace
    await raise('Sent after the grace period');
    await dispatch();
    expect(await sendDue(ctx())).toMatchObject({ delivered: 1 });
    const after = receiver.on('/grace').at(-1)!;
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verifies(fresh, after)).toBe(true);
    expect(verifies(endpoint.secret, after)).toBe(false);
  });
}, { clock: () => new Date(now) });
