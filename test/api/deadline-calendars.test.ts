// The public deadlines as iCalendar, on SQLite and PostgreSQL, read back with ical.js: a
// consultation's closing day, the end of an appeal window and a release, for the whole register, a
// committee (the changes on its agendas) and one change. Whole-day events with stable ids, text
// that survives iCalendar's special characters, lines folded at 75 octets. What only some may read
// (a Party's submission awaiting its critical-friend reply, a paper due to a committee, the
// Authority's own target) is in the Secretariat's list of what is due and in no calendar. The
// clock is fixed at Monday 1 March 2027.
import ICAL from 'ical.js';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { SYSTEM_ACCOUNT } from '../../src/modules/accounts/accounts.js';
import { addUser, createToken } from '../../src/modules/accounts/service.js';
import * as committees from '../../src/modules/committees/service.js';
import { insertOrganisation } from '../../src/modules/directory/repository.js';
import * as proposals from '../../src/modules/proposals/service.js';
import * as releases from '../../src/modules/releases/service.js';
import { describeEachDatabase } from '../support/databases.js';
import { PROBLEM_STATEMENT, seedDirectory, startApi, type Api } from './helpers.js';

const admin = SYSTEM_ACCOUNT;
const TRICKY = 'Alerts; tariffs, prepayment \\ <b>credit</b>';
const SUBMISSION = 'Confidential submission about top-ups';

describeEachDatabase('Feeds: public deadlines as iCalendar', ({ ctx }) => {
  let api: Api;
  let partyToken = '';
  const refs: Record<string, string> = {};
  const slugs: Record<string, string> = {};
  let consultationId = '';
  let releaseId = '';

  async function raise(title: string, steps: { action: string; businessDate: string; inputs?: Record<string, string> }[]) {
    let p = await proposals.raiseProposal(ctx(), admin, { title, raisedOn: '2026-11-02', problemStatement: PROBLEM_STATEMENT });
    for (const step of steps) p = await proposals.actOnProposal(ctx(), admin, p.reference, step);
    return p;
  }

  beforeAll(async () => {
    api = await startApi(ctx());
    await seedDirectory(ctx());
    await insertOrganisation(ctx().db.kysely, { id: 'org-edf', name: 'EDF Energy', partyCategory: 'large-supplier' }, '2020-01-01T00:00:00.000Z');
    await addUser(ctx(), admin, { email: 'edf@example.org', name: 'edf', role: 'party', organisation: 'EDF Energy', password: 'a long enough password' });
    partyToken = (await createToken(ctx(), { name: 'edf', userEmail: 'edf@example.org' })).token;
    const submitted = await api.request('POST', '/api/v1/submissions', { token: partyToken,
      body: { title: SUBMISSION, summary: 'In brief.', sections: { 'What is the issue?': 'It is broken.' }, submit: true } });
    expect(submitted.statusCode, submitted.body).toBe(201);

    const agreed = { action: 'agree-problem-statement', businessDate: '2026-11-10' };
    const governed = await raise(TRICKY, [agreed,
      { action: 'convert', businessDate: '2026-11-20', inputs: { path: '3', route: 'fast-track' } },
      { action: 'change-board-approve', businessDate: '2027-02-08' }]);
    const consulted = await raise('Credit cover alignment', [agreed, { action: 'convert', businessDate: '2026-11-20', inputs: { path: '1', route: 'refinement' } }]);
    await raise('Authority change', [agreed,
      { action: 'convert', businessDate: '2026-11-20', inputs: { path: '2', route: 'fast-track' } },
      { action: 'change-board-recommend', businessDate: '2027-01-20', inputs: { recommendation: 'approve' } }]);
    refs.governed = governed.reference;
    refs.consulted = consulted.reference;
    slugs.governed = governed.slug;
    slugs.consulted = consulted.slug;

    const opened = await api.post(`/api/v1/proposals/${refs.consulted}/consultations`, { kind: 'refinement', questions: ['Do you agree?'] });
    expect(opened.statusCode, opened.body).toBe(201);
    consultationId = opened.json().id;

    // The self-governed change is on the OPSG's agenda; the one consulted on is on no committee's.
    const meeting = await committees.createMeeting(ctx(), admin, { committee: 'OPSG', date: '2027-03-09', status: 'planned' });
    await committees.addAgendaItem(ctx(), admin, meeting.id, { ref: refs.governed, purpose: 'for-information', text: 'Decided' });
    const release = await releases.planRelease(ctx(), admin, { name: 'March fix release', date: '2027-03-03' });
    await releases.scheduleChange(ctx(), admin, release.id, { ref: refs.governed });
    releaseId = release.id;
  });
  afterAll(async () => { await api?.close(); });
  afterEach(() => { expect(api.serverErrors.splice(0)).toEqual([]); });

  const calendar = async (url: string) => {
    const res = await api.request('GET', url, { token: null });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.body.endsWith('\r\n')).toBe(true);
    expect(res.body.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const component = new ICAL.Component(ICAL.parse(res.body));
    const events = component.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    return { res, component, events, rows: events.map((e) => [e.startDate.toString(), e.summary]) };
  };

  it("gives the register's public deadlines as whole-day events, earliest first, with their text intact", async () => {
    const { events, rows, component } = await calendar('/feeds/deadlines.ics');
    expect(rows).toEqual([
      ['2027-03-01', `Appeal window closes: ${refs.governed} ${TRICKY}`],
      ['2027-03-03', 'Release to implement: March fix release'],
      ['2027-03-22', `Consultation closes: ${refs.consulted}: Refinement Consultation on ${refs.consulted}`],
    ]);
    expect(component.getFirstPropertyValue('x-wr-calname')).toBe('Smart Energy Code: deadlines');
    expect(events.every((e) => e.startDate.isDate && e.endDate.isDate)).toBe(true);
    expect(events[0].endDate.toString()).toBe('2027-03-02');
    expect(events[0].component.getFirstPropertyValue('url')).toBe(`https://secretariat.test/modifications/${slugs.governed}/`);
    expect(events[0].description).toContain('The decision of 2027-02-08 may be appealed');
    expect(events[1].description).toContain(refs.governed);
    expect(events[2].component.getFirstPropertyValue('url')).toBe(`https://secretariat.test/consultations/${consultationId}`);
    expect(events.every((e) => e.component.getFirstPropertyValue('dtstamp') !== null)).toBe(true);
    expect(events.map((e) => e.uid)).toEqual([
      `deadline-appeal-window-${(await proposals.findProposal(ctx(), ctx().db.kysely, refs.governed)).id}-2027-02-08@secretariat.test`,
      `deadline-release-${releaseId}@secretariat.test`,
      `deadline-consultation-close-${consultationId}@secretariat.test`,
    ]);
  });

  it('keeps the same ids when a date moves, so calendar apps update the event', async () => {
    const before = await calendar('/feeds/deadlines.ics');
    const closed = await api.post(`/api/v1/consultations/${consultationId}/close`, {});
    expect(closed.statusCode, closed.body).toBe(200);
    const after = await calendar('/feeds/deadlines.ics');
    expect(after.events.map((e) => e.uid).sort()).toEqual(before.events.map((e) => e.uid).sort());
    const moved = after.events.find((e) => e.uid === before.events[2].uid)!;
    expect(moved.startDate.toString()).toBe('2027-03-01');
    expect(moved.description).toContain('closed on 2027-03-01');
  });

  it("gives a committee's calendar (the changes it deals with) and a change's, and 404 for what does not exist", async () => {
    const opsg = await calendar('/committees/opsg/deadlines.ics');
    expect(opsg.rows.map(([, s]) => s)).toEqual([`Appeal window closes: ${refs.governed} ${TRICKY}`, 'Release to implement: March fix release']);
    expect((await calendar('/committees/PANEL/deadlines.ics')).events).toEqual([]);
    const governed = await calendar(`/modifications/${slugs.governed}/deadlines.ics`);
    expect(governed.rows.map(([day]) => day)).toEqual(['2027-03-01', '2027-03-03']);
    const consulted = await calendar(`/modifications/${slugs.consulted}/deadlines.ics`);
    expect(consulted.events.map((e) => e.uid)).toEqual([`deadline-consultation-close-${consultationId}@secretariat.test`]);
    expect((await api.get('/committees/NOPE/deadlines.ics')).statusCode).toBe(404);
    expect((await api.get('/modifications/no-such-change/deadlines.ics')).statusCode).toBe(404);
  });

  it('never shows what only some may read, though the Secretariat has it in its list of what is due', async () => {
    const res = await api.request('GET', '/api/v1/deadlines?due-before=2027-06-01');
    expect(res.statusCode, res.body).toBe(200);
    const due = res.json().items as { kind: string; title: string }[];
    const kinds = new Set(due.map((d) => d.kind));
    expect(kinds).toContain('critical-friend-reply');
    expect(kinds).toContain('paper-due');
    expect(kinds).toContain('authority-decision');
    for (const url of ['/feeds/deadlines.ics', '/committees/OPSG/deadlines.ics', `/modifications/${slugs.governed}/deadlines.ics`]) {
      const { res, events } = await calendar(url);
      expect(res.body).not.toContain('Confidential submission');
      expect(events.map((e) => e.summary).filter((s) => /Critical-friend|paper|Authority decision/i.test(s))).toEqual([]);
    }
  });

  it('links the calendars from the pages they describe', async () => {
    const list = (await api.get('/modifications/')).body;
    expect(list).toContain('<link rel="alternate" type="text/calendar" title="Smart Energy Code: deadlines (iCalendar)" href="/feeds/deadlines.ics"');
    expect(list).toMatch(/<a href="\/feeds\/deadlines\.ics" type="text\/calendar">/);
    const page = (await api.get(`/modifications/${slugs.governed}/`)).body;
    expect(page).toContain(`href="/modifications/${slugs.governed}/deadlines.ics"`);
    expect((await api.get('/committees/OPSG')).body).toContain('href="/committees/OPSG/deadlines.ics"');
  });
}, { clock: () => new Date('2027-03-01T10:00:00Z') });
