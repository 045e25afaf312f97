// A Party's submission in a real browser (Debian's Chromium through playwright-core) against a real
// server on the demo register: the Party user writes and submits a draft problem statement, the
// analyst sees it on the dashboard with its reply due date, raises it, and the Party sees the Draft
// Proposal it became. Axe: the refused form, the submitted submission (the Party's) and the
// analyst's view of it, the analyst's list (awaiting a reply) and the Party's (with the outcome); the
// change page is checked elsewhere. The server's clock is fixed so the Working Days and the "due
// today" mark are the same on any day the test runs.
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, expectNoAxeViolations, navigateBy, useDemoBrowser } from '../support/browser.js';

const run = chromiumAvailable() ? describe : describe.skip;

run('a Party submission in a browser (Chromium, demo register)', { timeout: 90_000 }, () => {
  let now = Date.parse('2019-12-02T10:00:00Z'); // Monday 2 December 2019: the reply is due Monday 9th
  let submissionPath = '';
  const title = 'Prepayment top-ups when the SM WAN is down';

  const demo = useDemoBrowser({ setup: (server) => { server.ctx.clock = () => new Date(now); } });

  it('lets the Party user write a draft, save it, and submit it', async () => {
    const page = await demo.page('andy.knowles@utilita.example');
    await page.goto(`${demo.url}/submissions/`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe("Your organisation's submissions");

    await navigateBy(page, page.getByRole('link', { name: 'Start a new submission' }));
    expect(new URL(page.url()).pathname).toBe('/submissions/new');

    // Submitting without a summary comes back with the problem named.
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('What is the issue?', { exact: true }).fill('Prepayment customers cannot top up while the SM WAN is unavailable.');
    await navigateBy(page, page.getByRole('button', { name: 'Submit to the Secretariat' }));
    expect(await page.locator('.error-summary').innerText()).toContain('Summary of the issue is required before you submit.');
    expect(await page.getByLabel('Title').inputValue()).toBe(title);
    await expectNoAxeViolations(page);

    await page.getByLabel('Summary of the issue').fill('Customers on prepayment lose supply when the SM WAN is down.');
    await page.getByLabel('Desired outcome').fill('A way to top up without the SM WAN.');
    await navigateBy(page, page.getByRole('button', { name: 'Save draft' }));
    submissionPath = new URL(page.url()).pathname;
    expect(submissionPath).toMatch(/^\/submissions\/[0-9a-f-]{36}$/);
    expect(await page.locator('.summary-list').innerText()).toContain('Draft (not yet sent)');

    await navigateBy(page, page.getByRole('link', { name: 'Edit and submit' }));
    expect(await page.getByLabel('Desired outcome').inputValue()).toBe('A way to top up without the SM WAN.');
    await navigateBy(page, page.getByRole('button', { name: 'Submit to the Secretariat' }));
    const summary = await page.locator('.summary-list').innerText();
    expect(summary).toContain('Submitted');
    expect(summary).toContain('9 December 2019');
    expect(await page.locator('ol.timeline').innerText()).toContain('Submitted to the Secretariat by Andy Knowles');
    await expectNoAxeViolations(page);
  });

  it('shows the analyst the submission due today, and lets them raise it as a Draft Proposal', async () => {
    now = Date.parse('2019-12-09T09:30:00Z');
    // A week on, the sessions signed in before have ended.
    demo.forgetSessions();
    const page = await demo.page('bradley.baker@secas.example');
    await page.goto(`${demo.url}/submissions/`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Submissions');
    const row = page.getByRole('table', { name: 'Awaiting a reply' }).getByRole('row').filter({ hasText: title });
    expect(await row.innerText()).toContain('9 December 2019');
    expect(await row.innerText()).toContain('Due today');
    expect(await row.innerText()).toContain('Utilita');
    await expectNoAxeViolations(page);

    await navigateBy(page, row.getByRole('link', { name: title }));
    expect(new URL(page.url()).pathname).toBe(submissionPath);
    await expectNoAxeViolations(page);

    await page.getByLabel('Lead Analyst').selectOption('Bradley Baker');
    await navigateBy(page, page.getByRole('button', { name: 'Raise as Draft Proposal' }));
    const link = page.locator('.summary-list').getByRole('link', { name: /^DP\d{3}$/ });
    expect(await link.innerText()).toBe('DP098');
    expect(await page.locator('ol.timeline').innerText()).toContain('Raised as Draft Proposal DP098 by Bradley Baker');

    await page.goto(`${demo.url}/submissions/`);
    expect(await page.getByRole('table', { name: 'Replied' }).innerText()).toContain('Raised as DP098');
  });

  it('shows the Party the outcome, linked to the Draft Proposal with its problem statement', async () => {
    const page = await demo.page('andy.knowles@utilita.example');
    await page.goto(`${demo.url}/submissions/`);
    const row = page.getByRole('row').filter({ hasText: title });
    expect(await row.innerText()).toContain('Raised as DP098');
    await expectNoAxeViolations(page);

    await navigateBy(page, row.getByRole('link', { name: 'DP098' }));
    expect(new URL(page.url()).pathname).toBe('/modifications/prepayment-top-ups-when-the-sm-wan-is-down/');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(title);
    const text = await page.locator('main').innerText();
    expect(text).toContain('Andy Knowles');
    expect(text).toContain('Utilita');
    expect(text).toContain('Prepayment customers cannot top up while the SM WAN is unavailable.');
  });
});
