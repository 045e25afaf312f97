// Watching a change in a real browser (Debian's Chromium through playwright-core) on the demo
// register: a signed-in user watches MP090 from its page, finds it on their account page with its
// delivery, chooses the daily digest, and stops watching. Each page state reached is checked with axe.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { chromiumAvailable, expectNoAxeViolations, launchBrowser, signIn } from '../support/browser.js';
import { startServer, type RunningServer } from '../support/server.js';

const run = chromiumAvailable() ? describe : describe.skip;

async function navigateBy(page: Page, target: Locator): Promise<void> {
  const [response] = await Promise.all([page.waitForNavigation(), target.click()]);
  if (!response) throw new Error('The click did not load a page.');
}

run('watching a change in a browser (Chromium, demo register)', { timeout: 90_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startServer({ demo: true });
    server.ctx.clock = () => new Date('2019-12-02T10:00:00Z');
    browser = await launchBrowser();
    context = await browser.newContext();
    context.setDefaultTimeout(10_000);
    await signIn(context, server.url);
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('watches a change from its page, sees it on the account page, chooses the digest, and unwatches', async () => {
    await page.goto(`${server.url}/proposals/MP090`);
    const section = page.locator('section[aria-labelledby="h-watch"]');
    await expectNoAxeViolations(page);
    await navigateBy(page, section.getByRole('button', { name: 'Watch MP090' }));
    expect(new URL(page.url()).pathname).toMatch(/^\/modifications\/.+\/$/);
    expect(await section.innerText()).toContain('You watch MP090 (at once)');

    await page.goto(`${server.url}/account`);
    const watches = page.locator('section[aria-labelledby="h-watches"]');
    const row = watches.getByRole('row').filter({ hasText: 'MP090' });
    expect(await row.count()).toBe(1);
    await expectNoAxeViolations(page);

    await row.getByLabel('Mail for MP090').selectOption('digest');
    await navigateBy(page, row.getByRole('button', { name: 'Save the mail for MP090' }));
    expect(await watches.getByLabel('Mail for MP090').inputValue()).toBe('digest');

    await navigateBy(page, watches.getByRole('button', { name: 'Stop watching MP090' }));
    expect(await watches.innerText()).toContain('You watch nothing yet.');
    await expectNoAxeViolations(page);

    await page.goto(`${server.url}/proposals/MP090`);
    expect(await section.getByRole('button', { name: 'Watch MP090' }).count()).toBe(1);
  });
});
