// Watching a change in a real browser (Debian's Chromium through playwright-core) on the demo
// register: a signed-in user watches MP090 from its page, finds it on their account page with its
// delivery, chooses the daily digest, and stops watching. The account page with a watched change is
// checked with axe (the change page is checked in register.test.ts).
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, expectNoAxeViolations, navigateBy, useDemoBrowser } from '../support/browser.js';

const run = chromiumAvailable() ? describe : describe.skip;

run('watching a change in a browser (Chromium, demo register)', { timeout: 90_000 }, () => {
  const demo = useDemoBrowser({ setup: (server) => { server.ctx.clock = () => new Date('2019-12-02T10:00:00Z'); } });

  it('watches a change from its page, sees it on the account page, chooses the digest, and unwatches', async () => {
    const page = await demo.page('bradley.baker@secas.example');
    await page.goto(`${demo.url}/proposals/MP090`);
    const section = page.locator('section[aria-labelledby="h-watch"]');
    await navigateBy(page, section.getByRole('button', { name: 'Watch MP090' }));
    expect(new URL(page.url()).pathname).toMatch(/^\/modifications\/.+\/$/);
    expect(await section.innerText()).toContain('You watch MP090 (at once)');

    await page.goto(`${demo.url}/account`);
    const watches = page.locator('section[aria-labelledby="h-watches"]');
    const row = watches.getByRole('row').filter({ hasText: 'MP090' });
    expect(await row.count()).toBe(1);
    await expectNoAxeViolations(page);

    await row.getByLabel('Mail for MP090').selectOption('digest');
    await navigateBy(page, row.getByRole('button', { name: 'Save the mail for MP090' }));
    expect(await watches.getByLabel('Mail for MP090').inputValue()).toBe('digest');

    await navigateBy(page, watches.getByRole('button', { name: 'Stop watching MP090' }));
    expect(await watches.innerText()).toContain('You watch nothing yet.');

    await page.goto(`${demo.url}/proposals/MP090`);
    expect(await section.getByRole('button', { name: 'Watch MP090' }).count()).toBe(1);
  });
});
