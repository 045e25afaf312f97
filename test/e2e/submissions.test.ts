// A Party's submission in a real browser (Debian's Chromium through playwright-core) against a real
// server on the demo register: the Party user writes and submits a draft problem statement, the
// analyst sees it on the dashboard with its reply due date, raises it, and the Party sees the Draft
// Proposal it became. Every page state reached is checked with axe. The server's clock is fixed so
// the Working Days and the "due today" mark are the same on any day the test runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { chromiumAvailable, expectNoAxeViolations, launchBrowser, signIn } from '../support/browser.js';
import { startServer, type RunningServer } from '../support/server.js';

const run = chromiumAvailable() ? describe : describe.skip;

async function navigateBy(page: Page, target: Locator): Promise<void> {
  const [response] = await Promise.all([page.waitForNavigation(), target.click()]);
  if (!response) throw new Error('The click did not load a page.');
}

run('a Party submission in a browser (Chromium, demo register)', { timeout: 90_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let base: string;
  let now = Date.parse('2019-12-02T10:00:00Z'); // Monday 2 December 2019: the reply is due Monday 9th
  let submissionPath = '';
  const title = 'Prepayment top-ups when the SM WAN is down';

  const contextFor = async (email: string): Promise<BrowserContext> => {
    const context = await browser.newContext();
    context.setDefaultTimeout(10_000);
    await signIn(context, base, email);
    return context;
  };

  beforeAll(async () => {
    server = await startServer({ demo: true });
    server.ctx.clock = () => new Date(now);
    base = server.url;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lets the Party user write a draft, save it, and submit it', async () => {
    const context = await contextFor('andy.knowles@utilita.example');
    const page = await context.newPage();
    await page.goto(`${base}/submissions/`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe("Your organisation's submissions");
    await expectNoAxeViolations(page);

    await navigateBy(page, page.getByRole('link', { name: 'Start a new submission' }));
    expect(new URL(page.url()).pathname).toBe('/submissions/new');
    await expectNoAxeViolations(page);

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
    await expectNoAxeViolations(page);

    await navigateBy(page, page.getByRole('link', { name: 'Edit and submit' }));
    expect(await page.getByLabel('Desired outcome').inputValue()).toBe('A way to top up without the SM WAN.');
    await navigateBy(page, page.getByRole('button', { name: 'Submit to the Secretariat' }));
    const summary = await page.locator('.summary-list').innerText();
    expect(summary).toContain('Submitted');
    expect(summary).toContain('9 December 2019');
    expect(await page.locator('ol.timeline').innerText()).toContain('Submitted to the Secretariat by Andy Knowles');
    await expectNoAxeViolations(page);
    await context.close();
  });

  it('shows the analyst the submission due today, and lets them raise it as a Draft Proposal', async () => {
    now = Date.parse('2019-12-09T09:30:00Z');
    const context = await contextFor('bradley.baker@secas.example');
    const page = await context.newPage();
    await page.goto(`${base}/submissions/`);
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
    await expectNoAxeViolations(page);

    await page.goto(`${base}/submissions/`);
    expect(await page.getByRole('table', { name: 'Replied' }).innerText()).toContain('Raised as DP098');
    await expectNoAxeViolations(page);
    await context.close();
  });

  it('shows the Party the outcome, linked to the Draft Proposal with its problem statement', async () => {
    const context = await contextFor('andy.knowles@utilita.example');
    const page = await context.newPage();
    await page.goto(`${base}/submissions/`);
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
    await expectNoAxeViolations(page);
    await context.close();
  });
});
