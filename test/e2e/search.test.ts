// Searching from the page in a real browser (Debian's Chromium) on the demo register: from the
// menu, typing a query, reading the ranked results with their marked passages, filtering by stage,
// a query that is refused, and following a result to its change. Axe: the results and the refused
// query (the empty search page is the same form without results).
import { describe, expect, it } from 'vitest';
import { catchUpSearch } from '../../src/modules/search/service.js';
import { chromiumAvailable, expectNoAxeViolations, navigateBy, useDemoBrowser } from '../support/browser.js';

const run = chromiumAvailable() ? describe : describe.skip;

run('searching in a browser (Chromium, demo register)', { timeout: 90_000 }, () => {
  // The subscriber's work, done now rather than by a worker in the background.
  const demo = useDemoBrowser({ setup: async (server) => { await catchUpSearch(server.ctx); } });

  it('finds a change from the menu, marks the words found, filters, refuses a bad query and follows a result', async () => {
    const page = await demo.page();
    await page.goto(`${demo.url}/modifications/`);
    await navigateBy(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }));
    expect(new URL(page.url()).pathname).toBe('/search');

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
