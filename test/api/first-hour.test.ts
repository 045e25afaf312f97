// A newcomer's first hour, through the HTTP server on the demo register (SQLite and PostgreSQL):
// issued papers are public and listed where people look, the served HTML paper keeps its style
// under the site's policy, every menu link of every demo role answers 200, views are recorded from
// the change page, and the home page says what is new and what awaits the viewer.
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PAPER_CSS } from '../../src/modules/papers/render-html.js';
import { londonDate } from '../../src/process/dates.js';
import { describeEachDatabase } from '../support/databases.js';
import { formClient } from '../support/form-client.js';
import { startApi, type Api } from './helpers.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const DEMO_ROLES = {
  party: 'andy.knowles@utilita.example',
  member: 'hannah.pryce@utilita.example',
  analyst: 'bradley.baker@secas.example',
  admin: 'admin@secretariat.example',
} as const;

/** The links of the page's main navigation. */
const navLinks = (html: string): string[] => {
  const nav = /<nav[^>]*aria-label="Main"[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? /<nav[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
  return [...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
};

describeEachDatabase('A newcomer\'s first hour (HTTP, demo register)', ({ ctx }) => {
  let api: Api;
  let paperId: string;
  beforeAll(async () => {
    api = await startApi(ctx());
  });
  afterAll(async () => { await api?.close(); });
  afterEach(() => { expect(api.serverErrors.splice(0)).toEqual([]); });

  describe('issued papers are public', () => {
    it('lists no draft to the public, then every version and format once issued, on /papers/, the committee page and the meeting page', async () => {
      const before = await api.get('/papers/');
      expect(before.statusCode).toBe(200);
      expect(before.body).toContain('No paper has been issued yet.');
      expect(before.body).not.toContain('26 November 2019');

      const issued = await api.post('/api/v1/papers', { committee: 'OPSG', date: '2019-11-26' });
      expect(issued.statusCode, issued.body).toBe(201);
      paperId = issued.json().id;
      expect((await api.post('/api/v1/papers', { committee: 'OPSG', date: '2019-11-26' })).statusCode).toBe(201);

      const page = await api.get('/papers/');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Issued (2 versions)');
      for (const n of [1, 2]) {
        for (const format of ['html', 'pdf', 'docx', 'md']) expect(page.body).toContain(`href="/api/v1/papers/${paperId}/versions/${n}/${format}"`);
      }
      // The public gets no link to the preview page, which is for members and the Secretariat.
      expect(page.body).not.toContain('href="/papers/OPSG/2019-11-26"');

      const committee = await api.get('/committees/OPSG/');
      expect(committee.statusCode).toBe(200);
      expect(committee.body).toContain(`href="/api/v1/papers/${paperId}/versions/2/pdf"`);
      const meetingId = (await ctx().db.kysely.selectFrom('meetings').select('id').where('committee_code', '=', 'OPSG').where('date', '=', '2019-11-26').executeTakeFirstOrThrow()).id;
      const meeting = await api.get(`/meetings/${meetingId}`);
      expect(meeting.statusCode).toBe(200);
      expect(meeting.body).toContain(`href="/api/v1/papers/${paperId}/versions/1/html"`);
      const other = (await ctx().db.kysely.selectFrom('meetings').select('id').where('committee_code', '=', 'OPSG').where('date', '=', '2019-10-29').executeTakeFirstOrThrow()).id;
      expect((await api.get(`/meetings/${other}`)).body).toContain('No paper has been issued for this meeting yet.');
    });

    it('shows members drafts marked as drafts beside the issued papers', async () => {
      const saved = await api.put('/api/v1/papers/text', { committee: 'OPSG', date: '2019-10-29', author: 'Bradley Baker' });
      expect(saved.statusCode, saved.body).toBe(200);
      const member = formClient(api.app);
      await member.signIn(DEMO_ROLES.member);
      const page = await member.get('/papers/');
      expect(page.statusCode).toBe(200);
      expect(page.body).toMatch(/href="\/papers\/OPSG\/2019-10-29">OPSG, 29 October 2019<\/a> — Draft, not issued/);
      expect(page.body).toContain('Issued (2 versions)');
      expect((await api.get('/papers/')).body).not.toContain('29 October 2019');
    });

    it('opens HTML and PDF in the browser and downloads Word and Markdown as OPSG-2019-11-26-v1.*', async () => {
      const expected = { html: 'inline', pdf: 'inline', docx: 'attachment', md: 'attachment' };
      for (const [format, disposition] of Object.entries(expected)) {
        const res = await api.get(`/api/v1/papers/${paperId}/versions/1/${format}`);
        expect(res.statusCode, format).toBe(200);
        expect(res.headers['content-disposition'], format).toBe(`${disposition}; filename="OPSG-2019-11-26-v1.${format}"`);
      }
    });
  });

  describe('the served HTML paper keeps its style', () => {
    it('allows exactly the paper\'s own style sheet by its hash, leaves the bytes as frozen, and the site\'s policy as it was elsewhere', async () => {
      const res = await api.get(`/api/v1/papers/${paperId}/versions/1/html`);
      const stored = (await api.get(`/api/v1/papers/${paperId}`)).json().versions[0].files.find((f: { format: string }) => f.format === 'html');
      expect(sha256(res.rawPayload)).toBe(stored.sha256);
      const hash = createHash('sha256').update(PAPER_CSS).digest('base64');
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain(`style-src 'self' 'sha256-${hash}'`);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      const site = String((await api.get('/papers/')).headers['content-security-policy']);
      expect(site).toMatch(/style-src 'self'(;|$)/);
      const preview = await api.request('GET', '/api/v1/papers/preview?committee=OPSG&date=2019-11-26&format=html');
      expect(String(preview.headers['content-security-policy'])).toContain(`'sha256-${hash}'`);
    });
  });

  describe('menus lead somewhere', () => {
    it('answers 200 for every menu link of every demo role, and shows a Party its own way in', async () => {
      const seen: Record<string, string[]> = {};
      const publicLinks = navLinks((await api.get('/modifications/')).body);
      expect(publicLinks).toContain('/papers/');
      for (const href of publicLinks) expect((await api.get(href)).statusCode, `public ${href}`).toBe(200);
      seen.public = publicLinks;
      for (const [role, email] of Object.entries(DEMO_ROLES)) {
        const client = formClient(api.app);
        expect((await client.signIn(email)).statusCode, role).toBe(303);
        const links = navLinks((await client.get('/modifications/')).body);
        expect(links.length, role).toBeGreaterThan(2);
        for (const href of links) expect((await client.get(href)).statusCode, `${role} ${href}`).toBe(200);
        seen[role] = links;
      }
      expect(seen.party).toContain('/submissions/');
      expect(seen.party).not.toContain('/modifications/new');
      expect(seen.analyst).toContain('/modifications/new');
      for (const role of Object.keys(seen)) expect(seen[role], role).toContain('/papers/');
    });
  });

  describe('views from the change page', () => {
    it('lets a member choose one of their committee\'s meetings on the change page, refuses none chosen at the field, and lists the view on the meeting page', async () => {
      const { slug } = await ctx().db.kysely.selectFrom('proposals').select('slug').where('reference', '=', 'DP094').executeTakeFirstOrThrow();
      const page = `/modifications/${slug}/`;
      const member = formClient(api.app);
      await member.signIn(DEMO_ROLES.member);
      const shown = await member.get(page);
      expect(shown.statusCode).toBe(200);
      expect(shown.body).toContain(`action="${page}views"`);
      const options = [...shown.body.matchAll(/<option value="([^"]+)"[^>]*>([^<]+)<\/option>/g)].map((m) => ({ id: m[1], label: m[2] }));
      const meetingOptions = options.filter((o) => /^[A-Z]+, \d/.test(o.label));
      expect(meetingOptions.length).toBeGreaterThan(0);
      // A member of the OPSG only is offered OPSG meetings.
      expect(meetingOptions.every((o) => o.label.startsWith('OPSG, ')), JSON.stringify(meetingOptions)).toBe(true);
      const meeting = meetingOptions.find((o) => o.label === 'OPSG, 26 November 2019')!;
      expect(meeting).toBeDefined();

      const refused = await member.submit(page, `${page}views`, { 'view-impact': 'none', 'view-comments': 'No meeting chosen' });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('href="#f-view-meeting"');
      expect(refused.body).toContain('No meeting chosen');

      const before = (await api.get('/api/v1/proposals/DP094/views')).json().items.length as number;
      const done = await member.submit(page, `${page}views`, {
        'view-meeting': meeting.id, 'view-impact': 'potential', 'view-furtherInput': 'true', 'view-comments': 'Asked on the change page',
      });
      expect(done.statusCode, done.body.slice(0, 500)).toBe(303);
      expect(done.headers.location).toBe(`${page}#h-views`);
      const views = (await api.get('/api/v1/proposals/DP094/views')).json().items;
      expect(views).toHaveLength(before + 1);
      expect(views).toContainEqual(expect.objectContaining({ committeeCode: 'OPSG', impact: 'potential', furtherInput: true, comments: 'Asked on the change page', businessDate: '2019-11-26' }));
      const atMeeting = await api.get(`/meetings/${meeting.id}`);
      expect(atMeeting.body).toContain('Views recorded at this meeting');
      expect(atMeeting.body).toContain('Asked on the change page');

      // The public gets no form, and a post without a session is refused.
      expect((await api.get(page)).body).not.toContain(`action="${page}views"`);
      const anonymous = await formClient(api.app).post(`${page}views`, { 'view-meeting': meeting.id, 'view-impact': 'none' });
      expect(String(anonymous.statusCode === 303 ? anonymous.headers.location : anonymous.statusCode)).toMatch(/^\/login|^40[13]$/);
      expect((await api.get('/api/v1/proposals/DP094/views')).json().items).toHaveLength(before + 1);
    });
  });

  describe('the home page', () => {
    it('shows the public what is new this month, the next meetings and the latest papers, and someone signed in what awaits them', async () => {
      const today = londonDate(ctx().clock());
      const raised = await api.raise({ title: 'Home page test change', raisedOn: today, organisation: 'Utilita' });
      const moved = await api.act(raised.reference, { action: 'present-to-csc-initial', businessDate: today });
      expect(moved.statusCode, moved.body).toBe(200);
      const meeting = await api.post('/api/v1/meetings', { committee: 'OPSG', date: `${Number(today.slice(0, 4)) + 1}-01-26` });
      expect(meeting.statusCode, meeting.body).toBe(201);

      const home = await api.get('/');
      expect(home.statusCode).toBe(200);
      const section = (id: string) => new RegExp(`<section aria-labelledby="${id}">([\\s\\S]*?)</section>`).exec(home.body)?.[1] ?? '';
      expect(section('h-raised')).toContain(`>${raised.reference}</a> Home page test change`);
      expect(section('h-moved')).toContain(raised.reference);
      expect(section('h-next-meetings')).toContain(`href="/meetings/${meeting.json().id}"`);
      expect(section('h-latest-papers')).toContain(`href="/api/v1/papers/${paperId}/versions/2/html"`);
      expect(home.body).not.toContain('Awaiting your action');

      const analyst = formClient(api.app);
      await analyst.signIn(DEMO_ROLES.analyst);
      const signedIn = await analyst.get('/');
      expect(signedIn.statusCode).toBe(200);
      expect(signedIn.body).toContain('Awaiting your action');
      expect(signedIn.body).toContain('href="/work"');
    });
  });
}, { demo: true });
