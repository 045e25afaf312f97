// Feeds on each engine, read back with real parsers: Atom with fast-xml-parser, iCalendar with
// ical.js. They show the public record only, newest first, with text that survives markup and
// iCalendar's special characters; meeting times are Europe/London written as UTC; a repeated poll
// gets 304; an old address of a change is redirected; unknown committees and changes are 404.
import ICAL from 'ical.js';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { PUBLIC } from '../../src/modules/accounts/accounts.js';
import { readerFilter } from '../../src/modules/accounts/permissions.js';
import { readStream } from '../../src/platform/events/stream.js';
import { describeEachDatabase } from '../support/databases.js';
import { PROBLEM_STATEMENT, seedDirectory, startApi, type Api } from './helpers.js';

const TRICKY = 'Alerts <b>bold</b> & "quoted", with; semicolons';
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['entry', 'link', 'category'].includes(name) });

interface Entry { id: string; title: { '#text': string }; link: { '@href': string }[]; category: { '@term': string }[]; summary?: { '#text': string } }

describeEachDatabase('Feeds: Atom and iCalendar', ({ ctx }) => {
  let api: Api;
  let reference: string;
  let slug: string;
  beforeAll(async () => {
    await seedDirectory(ctx());
    api = await startApi(ctx());
    const raised = await api.raise({ title: TRICKY, raisedOn: '2027-05-01', problemStatement: PROBLEM_STATEMENT });
    reference = raised.reference;
    slug = new URL(raised.url).pathname.split('/')[2];
    const plan = async (body: Record<string, unknown>) => {
      const res = await api.post('/api/v1/meetings', body);
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ id: string }>().id;
    };
    const summer = await plan({ committee: 'OPSG', date: '2027-06-08', startTime: '10:00', location: 'Room 1, Floor 2; London', onlineUrl: 'https://meet.example/secret', title: '' });
    expect((await api.post(`/api/v1/meetings/${summer}/agenda`, { ref: reference, purpose: 'for-information', text: 'New Draft Proposal' })).statusCode).toBe(201);
    await plan({ committee: 'PANEL', date: '2027-01-15', startTime: '10:00', location: 'London', title: 'Panel in winter' });
    const cancelled = await plan({ committee: 'PANEL', date: '2027-07-16', location: 'London' });
    const res = await api.request('PATCH', `/api/v1/meetings/${cancelled}`, { body: { status: 'cancelled' }, headers: { 'if-match': '*' } });
    expect(res.statusCode, res.body).toBe(200);
    await plan({ committee: 'OPSG', date: '2024-01-09', location: 'Long ago' });
  });
  afterAll(async () => { await api?.close(); });
  afterEach(() => { expect(api.serverErrors.splice(0)).toEqual([]); });

  const atom = async (url: string) => {
    const res = await api.get(url);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const feed = parser.parse(res.body).feed as { id: string; title: string; updated: string; entry?: Entry[]; link: { '@rel': string; '@href': string }[] };
    return { feed, entries: feed.entry ?? [], res };
  };
  const calendar = async (url: string) => {
    const res = await api.get(url);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.body.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const component = new ICAL.Component(ICAL.parse(res.body));
    return { res, events: component.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)), component };
  };

  it('gives the register feed: the newest public events first, absolute links, markup kept as text', async () => {
    const { feed, entries } = await atom('/feeds/changes.atom');
    expect(feed.link.find((l) => l['@rel'] === 'self')!['@href']).toBe('https://secretariat.test/feeds/changes.atom');
    const publicEvents = await readStream(ctx().db.kysely, readerFilter(PUBLIC), { limit: 10_000 });
    const newest = publicEvents.reverse().slice(0, 50);
    expect(entries.map((e) => e.id)).toEqual(newest.map((e) => `urn:uuid:${e.id}`));
    expect(entries.every((e) => e.link[0]['@href'].startsWith('https://secretariat.test/'))).toBe(true);
    const raised = entries.find((e) => e.category[0]['@term'] === 'proposal.raised')!;
    expect(raised.summary!['#text']).toContain(TRICKY);
    expect(raised.link[0]['@href']).toBe(`https://secretariat.test/modifications/${slug}/`);
    expect(feed.updated).toBe(newest[0].recordedAt);
  });

  it('keeps events the public may not read out of every feed', async () => {
    // Anticipated impacts written for a committee's next paper are for its members until issued:
    // the event is about the change, in the stream, and in no feed.
    const saved = await api.put(`/api/v1/proposals/${reference}/anticipated-impacts`, { committee: 'OPSG', text: 'Members only' });
    expect(saved.statusCode, saved.body).toBe(204);
    const all = await readStream(ctx().db.kysely, 'everything', { limit: 10_000 });
    const hidden = all.filter((e) => e.audience !== 'public').map((e) => `urn:uuid:${e.id}`);
    expect(hidden.length).toBeGreaterThan(0);
    for (const url of ['/feeds/changes.atom', '/committees/OPSG/feed.atom', `/modifications/${slug}/feed.atom`]) {
      const { entries } = await atom(url);
      expect(entries.filter((e) => hidden.includes(e.id))).toEqual([]);
    }
  });

  it("gives one change's feed and one committee's, and 404 for what does not exist", async () => {
    const change = await atom(`/modifications/${slug}/feed.atom`);
    expect(change.feed.title).toBe(`${reference} ${TRICKY}`);
    expect(change.entries.length).toBeGreaterThanOrEqual(1);
    expect(change.entries.every((e) => e.link[0]['@href'] === `https://secretariat.test/modifications/${slug}/`)).toBe(true);

    const committee = await atom('/committees/opsg/feed.atom');
    const terms = committee.entries.map((e) => e.category[0]['@term']);
    expect(terms).toContain('meeting.planned');
    expect(terms).toContain('meeting.agenda-item-added');
    expect(committee.entries.some((e) => e.title['#text'].startsWith('PANEL'))).toBe(false);

    expect((await api.get('/committees/NOPE/feed.atom')).statusCode).toBe(404);
    expect((await api.get('/modifications/no-such-change/feed.atom')).statusCode).toBe(404);
    expect((await api.get('/modifications/no-such-change/calendar.ics')).statusCode).toBe(404);
    expect((await api.get('/committees/NOPE/meetings.ics')).statusCode).toBe(404);
  });

  it('answers 304 to a poll that has seen the feed, and a new entry after a write', async () => {
    const first = await api.get('/feeds/changes.atom');
    const again = await api.request('GET', '/feeds/changes.atom', { token: null, headers: { 'if-none-match': first.headers.etag as string } });
    expect(again.statusCode).toBe(304);
    const other = await api.raise({ title: 'Another change', raisedOn: '2027-05-02' });
    const after = await api.request('GET', '/feeds/changes.atom', { token: null, headers: { 'if-none-match': first.headers.etag as string } });
    expect(after.statusCode).toBe(200);
    const entries = parser.parse(after.body).feed.entry as Entry[];
    expect(entries[0].title['#text']).toBe(`${other.reference}: ${(await readStream(ctx().db.kysely, 'everything', { limit: 10_000 })).at(-1)!.label}`);
  });

  it("redirects an old address of a change's feed to its new one", async () => {
    const version = await api.version(reference);
    const res = await api.request('PATCH', `/api/v1/proposals/${reference}`, { body: { slug: 'renamed-alerts' }, headers: { 'if-match': `"${version}"` } });
    expect(res.statusCode, res.body).toBe(200);
    const moved = await api.get(`/modifications/${slug}/feed.atom`);
    expect(moved.statusCode).toBe(301);
    expect(moved.headers.location).toBe('/modifications/renamed-alerts/feed.atom');
    slug = 'renamed-alerts';
  });

  it('gives meetings as iCalendar: a year back and all planned, London times in UTC, cancelled marked, no online link', async () => {
    const { events, res } = await calendar('/feeds/meetings.ics');
    const byDate = new Map(events.map((e) => [e.startDate.toString().slice(0, 10), e]));
    expect([...byDate.keys()].sort()).toEqual(['2027-01-15', '2027-06-08', '2027-07-16']);
    // 10:00 in June is British Summer Time (09:00 UTC); in January it is GMT.
    expect(byDate.get('2027-06-08')!.startDate.toJSDate().toISOString()).toBe('2027-06-08T09:00:00.000Z');
    expect(byDate.get('2027-01-15')!.startDate.toJSDate().toISOString()).toBe('2027-01-15T10:00:00.000Z');
    expect(byDate.get('2027-06-08')!.location).toBe('Room 1, Floor 2; London');
    expect(byDate.get('2027-06-08')!.description).toContain(`${reference}: New Draft Proposal`);
    expect(byDate.get('2027-07-16')!.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(byDate.get('2027-07-16')!.startDate.isDate).toBe(true);
    expect(res.body).not.toContain('meet.example');
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);

    const panel = await calendar('/committees/PANEL/meetings.ics');
    expect(panel.events.map((e) => e.startDate.toString().slice(0, 10))).toEqual(['2027-01-15', '2027-07-16']);
    expect(panel.events[0].summary).toBe('Panel in winter');
  });

  it("gives a change's calendar: the meetings whose agenda names it", async () => {
    const { events } = await calendar(`/modifications/${slug}/calendar.ics`);
    expect(events.map((e) => e.startDate.toString().slice(0, 10))).toEqual(['2027-06-08']);
  });

  it('gives releases as whole-day events with stable ids', async () => {
    const { events } = await calendar('/feeds/releases.ics');
    const listed = (await api.get('/api/v1/releases')).json().items as { name: string; date: string }[];
    expect(events.map((e) => e.summary)).toEqual(listed.map((r) => r.name));
    expect(events.every((e) => e.startDate.isDate)).toBe(true);
    const again = await calendar('/feeds/releases.ics');
    expect(again.events.map((e) => e.uid)).toEqual(events.map((e) => e.uid));
  });

  it('announces the feeds in the pages that show them', async () => {
    const list = (await api.get('/modifications/')).body;
    expect(list).toContain('<link rel="alternate" type="application/atom+xml"');
    expect(list).toContain('href="/feeds/changes.atom"');
    const page = (await api.get(`/modifications/${slug}/`)).body;
    expect(page).toContain(`href="/modifications/${slug}/feed.atom"`);
    expect(page).toContain(`href="/modifications/${slug}/calendar.ics"`);
    expect((await api.get('/committees/OPSG')).body).toContain('href="/committees/OPSG/meetings.ics"');
  });
}, { clock: () => new Date('2027-05-10T12:00:00Z') });
