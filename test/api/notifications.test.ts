// Notifications through the real server, a real database on each engine and a real SMTP server in
// the test process: watches made through the API, events written by the real use cases, the
// subscribers run as an instance's dispatcher runs them, and the mail read at the SMTP server.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { subscribers } from '../../src/app.js';
import { SYSTEM_ACCOUNT } from '../../src/modules/accounts/accounts.js';
import { addUser, createToken } from '../../src/modules/accounts/service.js';
import { storeDocument } from '../../src/modules/documents/service.js';
import { notify, sendDigests } from '../../src/modules/notifications/service.js';
import { isTrigger } from '../../src/modules/notifications/notifications.js';
import { dispatchOnce } from '../../src/platform/events/dispatch.js';
import { readStream } from '../../src/platform/events/stream.js';
import { describeEachDatabase } from '../support/databases.js';
import { formClient } from '../support/form-client.js';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../support/smtp.js';
import { PROBLEM_STATEMENT, expectError, expectFieldError, seedDirectory, startApi, type Api } from './helpers.js';

/** A header of a raw message, unfolded. */
function header(mail: ReceivedMail, name: string): string {
  const head = mail.raw.slice(0, mail.raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  return new RegExp(`^${name}:\\s*(.*)$`, 'mi').exec(head)?.[1]?.trim() ?? '';
}

describeEachDatabase('notifications: watches, mail at once and by digest, unsubscribe', ({ ctx }) => {
  let api: Api;
  let smtp: TestSmtpServer;
  const now = Date.parse('2026-06-01T09:00:00Z');
  const tokens: Record<string, string> = {};
  const to = (who: string) => smtp.messages.filter((m) => m.to.includes(`${who}@example.org`));

  /** What every instance's dispatcher does: turns until nothing is left (notifications, then mail). */
  async function pump(): Promise<number> {
    let handled = 0;
    for (let round = 0; round < 20; round += 1) {
      const turn = await dispatchOnce({ db: ctx().db, clock: ctx().clock, subscribers, context: ctx() });
      handled += turn.handled;
      if (turn.handled + turn.parked + turn.failed === 0) break;
    }
    return handled;
  }

  const watchAs = (who: string, body: unknown) => api.request('POST', '/api/v1/watches', { body, token: tokens[who] });
  const raise = (title: string, summary = '') => api.raise({ title, summary, raisedOn: '2026-05-01', problemStatement: PROBLEM_STATEMENT });
  const agree = async (ref: string) => {
    const res = await api.act(ref, { action: 'agree-problem-statement', businessDate: '2026-06-01' });
    expect(res.statusCode, res.body).toBe(200);
  };

  beforeAll(async () => {
    ctx().clock = () => new Date(now);
    smtp = await startSmtpServer();
    ctx().mail = { smtpUrl: smtp.url, from: 'Secretariat <no-reply@secretariat.test>' };
    await seedDirectory(ctx());
    api = await startApi(ctx());
    await pump(); // registers the subscribers: notifications starts at the stream's end
    const people = [
      { who: 'pat', role: 'party', organisation: 'Utilita' },
      { who: 'ana', role: 'analyst' },
      { who: 'dee', role: 'analyst' },
      { who: 'sam', role: 'analyst' },
    ];
    for (const p of people) {
      const user = await addUser(ctx(), SYSTEM_ACCOUNT, { email: `${p.who}@example.org`, name: p.who.toUpperCase(), role: p.role, organisation: p.organisation, password: 'a password long enough' });
      tokens[p.who] = (await createToken(ctx(), { name: p.who, accountId: user.id })).token;
    }
  });
  afterEach(() => {
    expect(api.serverErrors).toEqual([]);
  });
  afterAll(async () => {
    await api?.close();
    await smtp?.close();
  });

  it('mails a watcher at once when a stage changes, saying why, with one-click unsubscribe headers; passes never send twice', async () => {
    const p = await raise('Top-up without the WAN');
    const made = await watchAs('pat', { change: p.reference });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ kind: 'change', target: p.reference, reason: `You watch ${p.reference}`, delivery: 'immediate' });
    expect((await watchAs('pat', { change: p.reference.toLowerCase() })).statusCode).toBe(200); // the same watch again
    await agree(p.reference);
    await pump();
    const mails = to('pat');
    expect(mails).toHaveLength(1);
    expect(mails[0].text).toContain(`You watch ${p.reference}.`);
    expect(mails[0].text).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
    expect(mails[0].text).toContain(`${ctx().publicBaseUrl}/modifications/${p.slug}/`);
    const unsubscribe = header(mails[0], 'List-Unsubscribe');
    expect(unsubscribe).toMatch(new RegExp(`^<${ctx().publicBaseUrl}/unsubscribe/[A-Za-z0-9_-]{20,}>$`));
    expect(header(mails[0], 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');

    // More passes, and the event handed to the subscriber again (delivery is at least once): no second mail.
    await pump();
    const [event] = (await readStream(ctx().db.kysely, 'everything', { limit: 1000, types: ['proposal.action-taken'] })).filter((e) => e.payload.reference === p.reference);
    expect(isTrigger(event)).toBe(true);
    expect(await notify(ctx(), event)).toBe(1);
    await pump();
    expect(to('pat')).toHaveLength(1);
    // The link is stored hashed: the token itself is nowhere in the database.
    const token = /\/unsubscribe\/([^>]+)>/.exec(unsubscribe)![1];
    const stored = await ctx().db.kysely.selectFrom('unsubscribe_tokens').select('token_hash').execute();
    expect(stored.some((r) => r.token_hash === token)).toBe(false);
    expect(stored.length).toBeGreaterThan(0);
  });

  it('one-click unsubscribe: GET asks, POST (no sign-in, no CSRF) ends the watch, and no further mail comes', async () => {
    const p = await raise('Unsubscribe me');
    expect((await watchAs('dee', { change: p.reference })).statusCode).toBe(201);
    await storeDocument(ctx(), SYSTEM_ACCOUNT, p.reference, { kind: 'other', versionLabel: 'v1.0', title: 'Public note', restricted: false, filename: 'note.txt', bytes: Buffer.from('A note.') });
    await pump();
    expect(to('dee')).toHaveLength(1);
    const link = /<([^>]+)>/.exec(header(to('dee')[0], 'List-Unsubscribe'))![1];
    const path = link.slice(ctx().publicBaseUrl.length);

    const ask = await api.app.inject({ method: 'GET', url: path });
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain(`You watch ${p.reference}.`);
    expect((await api.request('GET', '/api/v1/watches', { token: tokens.dee })).json().items).toHaveLength(1);

    const done = await api.app.inject({ method: 'POST', url: path, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.body).toContain(`You no longer watch ${p.reference}`);
    expect((await api.request('GET', '/api/v1/watches', { token: tokens.dee })).json().items).toEqual([]);
    const removed = await readStream(ctx().db.kysely, 'everything', { limit: 1000, types: ['watch.removed'] });
    expect(removed.at(-1)?.payload).toMatchObject({ how: 'unsubscribe-link', label: p.reference });

    await agree(p.reference);
    await pump();
    expect(to('dee')).toHaveLength(1);
    // The link is spent: a second click finds nothing to stop.
    expect((await api.app.inject({ method: 'POST', url: path, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).statusCode).toBe(404);
    expect((await api.app.inject({ method: 'GET', url: '/unsubscribe/not-a-token' })).statusCode).toBe(404);
  });

  it('never mails a Party watcher what it may not read: a restricted document reaches only the Secretariat watcher', async () => {
    const p = await raise('Restricted papers');
    expect((await watchAs('pat', { change: p.reference })).statusCode).toBe(201);
    expect((await watchAs('ana', { change: p.reference })).statusCode).toBe(201);
    const patBefore = to('pat').length;
    const anaBefore = to('ana').length;
    await storeDocument(ctx(), SYSTEM_ACCOUNT, p.reference, { kind: 'other', versionLabel: 'v0.1', title: 'Secret costing', restricted: true, filename: 'cost.txt', bytes: Buffer.from('Costs.') });
    await pump();
    expect(to('pat')).toHaveLength(patBefore);
    expect(to('ana')).toHaveLength(anaBefore + 1);
    expect(to('ana').at(-1)!.text).toContain('Secret costing');
    expect(smtp.messages.some((m) => m.text.includes('Secret costing') && m.to.includes('pat@example.org'))).toBe(false);
  });

  it('bundles several events into one daily digest, sent once per day however often the sender runs', async () => {
    const a = await raise('Digest one');
    const b = await raise('Digest two');
    const first = await watchAs('sam', { change: a.reference, delivery: 'digest' });
    expect(first.statusCode, first.body).toBe(201);
    const second = await watchAs('sam', { change: b.reference });
    const changed = await api.request('PATCH', `/api/v1/watches/${second.json().id}`, { body: { delivery: 'digest' }, token: tokens.sam });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().delivery).toBe('digest');
    await agree(a.reference);
    await agree(b.reference);
    await storeDocument(ctx(), SYSTEM_ACCOUNT, b.reference, { kind: 'other', versionLabel: 'v1.0', title: 'Digest paper', restricted: false, filename: 'd.txt', bytes: Buffer.from('D.') });
    await pump();
    expect(to('sam')).toHaveLength(0);

    // Two senders at once (two instances), then again: one digest.
    const sent = await Promise.all([sendDigests(ctx()), sendDigests(ctx())]);
    expect(sent[0] + sent[1]).toBe(1);
    expect(await sendDigests(ctx())).toBe(0);
    await pump();
    expect(to('sam')).toHaveLength(1);
    const digest = to('sam')[0];
    expect(digest.subject).toContain('daily digest');
    expect(digest.subject).toContain('3 updates');
    expect(digest.text).toContain(`You watch ${a.reference}:`);
    expect(digest.text).toContain(`You watch ${b.reference}:`);
    expect(digest.text).toContain('Digest paper');
    // Days as a person reads them, in the subject and each line.
    expect(`${digest.subject}\n${digest.text}`).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
    expect(digest.text).toMatch(/^- \d{1,2} [A-Z][a-z]+ \d{4}: /m);
    expect(header(digest, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');

    // Something new the same day waits for tomorrow's digest.
    await storeDocument(ctx(), SYSTEM_ACCOUNT, a.reference, { kind: 'other', versionLabel: 'v1.0', title: 'Late paper', restricted: false, filename: 'l.txt', bytes: Buffer.from('L.') });
    await pump();
    expect(await sendDigests(ctx())).toBe(0);
    const tomorrow = now + 24 * 3600 * 1000;
    ctx().clock = () => new Date(tomorrow);
    try {
      expect(await sendDigests(ctx())).toBe(1);
      await pump();
    } finally {
      ctx().clock = () => new Date(now);
    }
    expect(to('sam')).toHaveLength(2);
    expect(to('sam')[1].text).toContain('Late paper');
    expect(to('sam')[1].text).not.toContain('Digest paper');
  });

  it('watches a committee and a search, and matches a search by its filters and words', async () => {
    const c = await watchAs('ana', { committee: 'opsg' });
    expect(c.statusCode, c.body).toBe(201);
    expect(c.json()).toMatchObject({ kind: 'committee', target: 'OPSG', reason: 'You watch the OPSG committee' });
    const s = await watchAs('ana', { search: { q: 'smart meter', stage: 'development' } });
    expect(s.statusCode, s.body).toBe(201);
    expect(s.json().reason).toMatch(/^You watch the search: words "smart meter", stage /);
    const before = to('ana').length;
    await raise('Prepayment top-ups', 'When the smart meter cannot reach the WAN.');
    await raise('Unrelated title', 'Nothing here.');
    await pump();
    expect(to('ana')).toHaveLength(before + 1);
    expect(to('ana').at(-1)!.text).toMatch(/You watch the search: words "smart meter"/);

  });

  it("matches a search as the search page does: its query syntax, its committee filter, and only texts the watcher may read", async () => {
    const watched = await watchAs('dee', { search: { q: '"credit cover" -gas', committee: 'OPSG' } });
    expect(watched.statusCode, watched.body).toBe(201);
    expect(watched.json()).toMatchObject({ target: 'q=%22credit+cover%22+-gas&committee=OPSG', reason: 'You watch the search: words ""credit cover" -gas", committee OPSG' });
    const party = await watchAs('pat', { search: { q: 'zebrafish' } });
    expect(party.statusCode).toBe(201);
    expect((await watchAs('sam', { search: { q: 'zebrafish' } })).statusCode).toBe(201);
    expectFieldError(await watchAs('dee', { search: { q: '-gas' } }), 'q');
    expectFieldError(await watchAs('dee', { search: { committee: 'NOPE' } }), 'committee');

    const meeting = await api.post('/api/v1/meetings', { committee: 'OPSG', date: '2026-07-01', location: 'London' });
    expect(meeting.statusCode, meeting.body).toBe(201);
    const onAgenda = async (ref: string) => {
      const res = await api.post(`/api/v1/meetings/${meeting.json().id}/agenda`, { ref, purpose: 'for-information', text: 'Item' });
      expect(res.statusCode, res.body).toBe(201);
    };
    const found = await raise('Alpha', 'Aligning credit cover with the Code.');
    const excluded = await raise('Beta', 'Credit cover for gas suppliers.');
    const elsewhere = await raise('Gamma', 'Credit cover, but no committee has it.');
    await onAgenda(found.reference);
    await onAgenda(excluded.reference);
    // The word is only in a document restricted to the Secretariat: a Party's search does not find it.
    const hidden = await raise('Delta', 'Nothing to see.');
    await storeDocument(ctx(), SYSTEM_ACCOUNT, hidden.reference, { kind: 'other', versionLabel: 'v0.1', title: 'Working notes', restricted: true, filename: 'notes.txt', bytes: Buffer.from('The zebrafish estimate.') });
    await pump();
    const before = { dee: to('dee').length, pat: to('pat').length, sam: to('sam').length };
    for (const p of [found, excluded, elsewhere, hidden]) await agree(p.reference);
    await pump();
    const about = (who: keyof typeof before) => to(who).slice(before[who]).map((m) => /^\d{1,2} [A-Z][a-z]+ \d{4}: (\S+):/m.exec(m.text)?.[1]);
    expect(about('dee')).toEqual([found.reference]);
    expect(about('sam')).toEqual([hidden.reference]);
    expect(about('pat')).toEqual([]);
    expect((await api.request('DELETE', `/api/v1/watches/${party.json().id}`, { token: tokens.pat })).statusCode).toBe(204);
  });

  it('watches a committee and a search from the pages that offer it, through a confirming form with CSRF', async () => {
    const committee = await api.app.inject({ method: 'GET', url: '/committees/OPSG/' });
    expect(committee.body).toContain('href="/watches/new?committee=OPSG"');
    const list = await api.app.inject({ method: 'GET', url: '/modifications/?q=wan' });
    expect(list.body).toContain('href="/watches/new?q=wan&amp;search=1"');
    expect((await api.app.inject({ method: 'GET', url: '/watches/new?committee=OPSG' })).headers.location).toMatch(/^\/login\?next=/);

    const browser = formClient(api.app, { remoteAddress: '10.9.9.9' });
    expect((await browser.signIn('pat@example.org', 'a password long enough')).statusCode).toBe(303);
    const ask = await browser.get('/watches/new?committee=OPSG');
    expect(ask.statusCode).toBe(200);
    expect((await browser.post('/watches', { committee: 'OPSG' })).statusCode).toBe(403); // no CSRF token
    const made = await browser.submit('/watches/new?committee=OPSG', '/watches', { committee: 'OPSG', delivery: 'digest' });
    expect(made.statusCode, made.body).toBe(303);
    const search = await browser.submit('/watches/new?q=wan&search=1', '/watches', { 'search.q': 'wan', delivery: 'immediate' });
    expect(search.statusCode, search.body).toBe(303);
    const refused = await browser.submit('/watches/new?committee=NOPE', '/watches', { committee: 'NOPE' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('unknown committee');
    const account = await browser.get('/account');
    expect(account.body).toContain('The OPSG committee');
    expect(account.body).toContain('Search: words &quot;wan&quot;');
    const items = (await api.request('GET', '/api/v1/watches', { token: tokens.pat })).json().items;
    expect(items.filter((w: { kind: string }) => w.kind !== 'change').map((w: { kind: string; delivery: string }) => `${w.kind}:${w.delivery}`).sort())
      .toEqual(['committee:digest', 'search:immediate']);
  });

  it('refuses bad input with field-level messages and stable codes, and keeps each user to their own watches', async () => {
    expectFieldError(await watchAs('pat', {}), 'change');
    expectFieldError(await watchAs('pat', { change: 'MP999' }), 'change');
    expectFieldError(await watchAs('pat', { committee: 'NOPE' }), 'committee');
    expectFieldError(await watchAs('pat', { search: { stage: 'nowhere' } }), 'stage');
    expectFieldError(await watchAs('pat', { search: { partyCategory: 'pirates' } }), 'partyCategory');
    expectFieldError(await watchAs('pat', { change: 'DP001', committee: 'OPSG' }), 'committee');
    expectError(await watchAs('pat', { change: 'DP001', delivery: 'weekly' }), 400, 'VALIDATION_FAILED');
    expectError(await watchAs('pat', { change: 'DP001', extra: 1 }), 400, 'VALIDATION_FAILED');
    expectError(await api.request('GET', '/api/v1/watches', { token: null }), 401, 'UNAUTHENTICATED');
    const mine = (await api.request('GET', '/api/v1/watches', { token: tokens.pat })).json().items;
    expect(mine.length).toBeGreaterThan(0);
    expectError(await api.request('DELETE', `/api/v1/watches/${mine[0].id}`, { token: tokens.ana }), 404, 'NOT_FOUND');
    expectError(await api.request('PATCH', `/api/v1/watches/${mine[0].id}`, { body: { delivery: 'digest' }, token: tokens.ana }), 404, 'NOT_FOUND');
    expect((await api.request('DELETE', `/api/v1/watches/${mine[0].id}`, { token: tokens.pat })).statusCode).toBe(204);
    expectError(await api.request('DELETE', `/api/v1/watches/${mine[0].id}`, { token: tokens.pat }), 404, 'NOT_FOUND');
    // The built-in administrator has no address to mail.
    expectError(await api.post('/api/v1/watches', { change: 'DP001' }), 403, 'FORBIDDEN');
  });
});
