// The API's documentation in a real browser: the "API" link of the menu opens /api/docs, Swagger UI
// (served from its package, no CDN) lists the operations, and the page keeps to the site's Content
// Security Policy: no violation reported on the console, no request leaving the site.
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, useDemoBrowser } from '../support/browser.js';

const run = chromiumAvailable() ? describe : describe.skip;

run('the API documentation in a browser', { timeout: 60_000 }, () => {
  const demo = useDemoBrowser({ demo: false });

  it('opens from the menu, lists the operations and breaks no CSP rule', async () => {
    const page = await demo.page();
    const problems: string[] = [];
    const outside: string[] = [];
    // The browser's own request for /favicon.ico (the site has none) is not the page's doing.
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('request', (request) => { if (!request.url().startsWith(demo.url) && !request.url().startsWith('data:')) outside.push(request.url()); });

    await page.goto(`${demo.url}/modifications/`);
    await Promise.all([page.waitForURL('**/api/docs'), page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API' }).click()]);
    const listProposals = page.locator('.opblock-summary-path').filter({ hasText: /^\/api\/v1\/proposals$/ });
    await listProposals.first().waitFor();
    expect(await page.locator('.opblock').count()).toBeGreaterThan(5);
    expect(await page.locator('.info .title').innerText()).toContain('Secretariat API');
    expect(problems).toEqual([]);
    expect(outside).toEqual([]);
  });
});
