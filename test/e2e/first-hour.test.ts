// A newcomer's first hour in a real browser (Debian's Chromium) on the demo register: the home page,
// a public reader opening an issued paper (styled under the site's own policy), a Party's menu, and
// a committee member recording a view from the change page. One browser, few pages. Axe: the home
// page and the papers page as the public see them, and the change page as a committee member's.
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACCOUNT } from '../../src/modules/accounts/accounts.js';
import { issuePaper } from '../../src/modules/papers/service.js';
import { chromiumAvailable, expectNoAxeViolations, navigateBy, useDemoBrowser } from '../support/browser.js';

const run = chromiumAvailable() ? describe : describe.skip;

run('a newcomer\'s first hour in a browser (Chromium, demo register)', { timeout: 90_000 }, () => {
  const demo = useDemoBrowser({ setup: async (server) => {
    await issuePaper(server.ctx, SYSTEM_ACCOUNT, { committee: 'OPSG', date: '2019-11-26' });
  } });

  it('shows the public the home page, the issued paper in every format, and the HTML paper styled', async () => {
    const base = demo.url;
    const page = await demo.page();
    const blocked: string[] = [];
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) blocked.push(m.text()); });

    expect((await page.goto(`${base}/`))?.status()).toBe(200);
    await expect(page.getByRole('heading', { name: 'Latest papers' }).count()).resolves.toBe(1);
    const latest = page.getByRole('region', { name: 'Latest papers' });
    await expect(latest.getByRole('link', { name: 'OPSG paper, 26 November 2019' }).count()).resolves.toBe(1);
    await expectNoAxeViolations(page);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Papers' }).click();
    await page.waitForURL(`${base}/papers/`);
    const formats = page.getByRole('link', { name: /^OPSG, 26 November 2019, version 1, / });
    expect(await formats.allInnerTexts()).toEqual(['HTML', 'PDF', 'Word', 'Markdown']);
    await expect(page.getByText('Issued (version 1)').count()).resolves.toBe(1);
    await expectNoAxeViolations(page);

    // HTML opens in the browser, styled by its own style sheet, which the policy allows by hash.
    const response = await navigateBy(page, formats.filter({ hasText: 'HTML' }));
    expect(response.status()).toBe(200);
    const style = await page.evaluate(() => {
      const s = getComputedStyle(document.body);
      return { font: s.fontFamily, maxWidth: s.maxWidth };
    });
    expect(style.font).toContain('DejaVu Sans');
    expect(style.maxWidth).not.toBe('none');
    expect(blocked).toEqual([]);
  });

  it('shows a Party the way to send a problem statement, not a form it may not use', async () => {
    const page = await demo.page('andy.knowles@utilita.example');
    await page.goto(`${demo.url}/`);
    const menu = page.getByRole('navigation', { name: 'Main' });
    await expect(menu.getByRole('link', { name: 'Send a problem statement' }).count()).resolves.toBe(1);
    await expect(menu.getByRole('link', { name: 'Raise a Draft Proposal' }).count()).resolves.toBe(0);
    await expect(page.getByRole('heading', { name: 'Awaiting your action' }).count()).resolves.toBe(1);
  });

  it('lets a committee member record a view from the change page, choosing the meeting', async () => {
    const page = await demo.page('hannah.pryce@utilita.example');
    await page.goto(`${demo.url}/proposals/DP094`);
    const views = page.getByRole('region', { name: 'Committee views' });
    await views.getByText('Record a committee view').click();
    await views.getByLabel('Meeting').selectOption({ label: 'OPSG, 26 November 2019' });
    await views.getByLabel('Impact').selectOption('potential');
    await views.getByLabel('Comments').fill('Recorded from the change page');
    await navigateBy(page, views.getByRole('button', { name: 'Record view' }));
    const row = page.getByRole('region', { name: 'Committee views' }).getByRole('row').filter({ hasText: 'Recorded from the change page' });
    await expect(row.count()).resolves.toBe(1);
    expect(await row.innerText()).toContain('26 November 2019');
    await expectNoAxeViolations(page);
  });
});
