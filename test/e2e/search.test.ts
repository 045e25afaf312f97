// Searching from the page in a real browser (Debian's Chromium) on the demo register: from the
// menu, typing a query, reading the ranked results with their marked passages, filtering by stage,
// a query that is refused, and following a result to its change. Each state is checked with axe.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page, Response } from 'playwright-core';
import { catchUpSearch } from '../../src/modules/search/service.js';
import { chromiumAvailable, expectNoAxeViolations, launchBrowser } from '../support/browser.js';
import { startServer, type RunningServer } from '../support/server.js';

const run = chromiumAvailable() ? describe : describe.skip;

async function navigateBy(page: Page, target: Locator): Promise<Response> {
  const [response] = await Promise.all([page.waitForNavigation(), target.click()]);
  if (!response) throw new Error('The click did not load a page.');
  return response;
}

run('searching in a browser (Chromium, demo register)', { timeout: 90_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer({ demo: true });
    // The subscriber's work, done now rather than by a worker in the background.
    await catchUpSearch(server.ctx);
    browser = await launchBrowser();
    const context = await browser.newContext();
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('finds a change from the menu, marks the words found, filters, refuses a bad query and follows a result', async () => {
    await page.goto(`${server.url}/modifications/`);
    await navigateBy(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }));
    expect(new URL(page.url()).pathname).toBe('/search');
    await expectNoAxeViolations(page);

    await page.getByLabel('Search for').fill('maintenance');
    expect((await navigateBy(page, page.getByRole('button', { name: 'Search' }))).status()).toBe(200);
    const results = page.locator('ol.search-results > li');
    expect(await results.count()).toBeGreaterThan(0);
    const first = results.first().locator('h2 a');
    expect(await first.innerText()).toMatch(/^MP092: /);
    expect((await results.first().locator('mark').allInnerTexts()).map((t) => t.toLowerCase())).toContain('maintenance');
    expect(await page.getByRole('status').innerText()).toMatch(/^Showing 1–\d+ of \d+ changes?, best match first$/);
    await expectNoAxeViolations(page);

    // A stage no change of these is in: nothing matches, and the form keeps what was chosen.
    await page.getByLabel('Stage').selectOption({ label: 'Implemented' });
    await navigateBy(page, page.getByRole('button', { name: 'Search' }));
    expect(await page.getByRole('status').innerText()).toBe('No changes match.');
    expect(await page.getByLabel('Search for').inputValue()).toBe('maintenance');

    await page.getByLabel('Stage').selectOption({ label: 'Any stage' });
    await page.getByLabel('Search for').fill('-maintenance');
    const refused = await navigateBy(page, page.getByRole('button', { name: 'Search' }));
    expect(refused.status()).toBe(400);
    expect(await page.getByRole('alert').innerText()).toContain('add a word to look for');
    await expectNoAxeViolations(page);

    await page.getByLabel('Search for').fill('"planned maintenance');
    await navigateBy(page, page.getByRole('button', { name: 'Search' }));
    await navigateBy(page, page.locator('ol.search-results > li h2 a').first());
    expect(new URL(page.url()).pathname).toBe('/modifications/new-planned-maintenance-methodology/');
  });
});
