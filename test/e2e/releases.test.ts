// A release in a real browser (Debian's Chromium through playwright-core) against a real server on
// the demo register: the analyst opens the February 2027 SEC Release from the releases list,
// schedules an approved change into it (and is told why a Draft Proposal cannot be), sees it due on
// /work, and on the release's day implements the release; the change's page then names the release
// and shows it Implemented. Axe: the releases list, the release page with a refused schedule and
// implemented, and /work. The server's clock is fixed, so the calendar and the dates read the same
// any day the test runs.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SYSTEM_ACCOUNT } from '../../src/modules/accounts/accounts.js';
import * as proposals from '../../src/modules/proposals/service.js';
import { chromiumAvailable, expectNoAxeViolations, navigateBy, useDemoBrowser } from '../support/browser.js';

const run = chromiumAvailable() ? describe : describe.skip;

run('a release in a browser (Chromium, demo register)', { timeout: 90_000 }, () => {
  let page: Page;
  let now = Date.parse('2027-02-01T10:00:00Z'); // Monday 1 February 2027
  let approved = '';
  let draft = '';

  const demo = useDemoBrowser({ setup: async (server) => {
    server.ctx.clock = () => new Date(now);
    const ctx = server.ctx;
    const p = await proposals.raiseProposal(ctx, SYSTEM_ACCOUNT, { title: 'Faster prepayment top-ups', raisedOn: '2026-11-02',
      problemStatement: '## What is the issue?\n\nTop-ups are slow.\n' });
    await proposals.actOnProposal(ctx, SYSTEM_ACCOUNT, p.reference, { action: 'agree-problem-statement', businessDate: '2026-11-10' });
    const mp = await proposals.actOnProposal(ctx, SYSTEM_ACCOUNT, p.reference, { action: 'convert', businessDate: '2026-11-20', inputs: { path: '3', route: 'fast-track' } });
    await proposals.actOnProposal(ctx, SYSTEM_ACCOUNT, mp.reference, { action: 'change-board-approve', businessDate: '2027-01-20' });
    approved = mp.reference;
    draft = (await proposals.raiseProposal(ctx, SYSTEM_ACCOUNT, { title: 'Still in development', raisedOn: '2027-01-25' })).reference;
  } });
  beforeAll(async () => {
    page = await signedIn();
  });

  // The server's clock moves by weeks between tests, beyond any session: each such test signs in again.
  async function signedIn(): Promise<Page> {
    await page?.context().close();
    demo.forgetSessions();
    return demo.page('bradley.baker@secas.example');
  }

  it('lists the coming releases of the calendar and opens one', async () => {
    await page.goto(`${demo.url}/releases/`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Releases');
    const row = page.getByRole('row').filter({ hasText: 'February 2027 SEC Release' });
    expect(await row.innerText()).toContain('25 February 2027');
    await expectNoAxeViolations(page);
    await navigateBy(page, row.getByRole('link', { name: 'February 2027 SEC Release' }));
    expect(new URL(page.url()).pathname).toBe('/releases/2027-02');
    expect(await page.locator('main').innerText()).toContain('No change is scheduled into this release yet.');
  });

  it('schedules an approved change, and says why a Draft Proposal cannot be', async () => {
    await page.getByLabel('Change reference').fill(draft);
    await navigateBy(page, page.getByRole('button', { name: 'Schedule into this release' }));
    expect(await page.locator('.error-summary').innerText()).toContain('"Schedule for a SEC Release" is not possible in the state "Development Stage".');
    expect(await page.getByLabel('Change reference').inputValue()).toBe(draft);
    await expectNoAxeViolations(page);

    await page.getByLabel('Change reference').fill(approved);
    await navigateBy(page, page.getByRole('button', { name: 'Schedule into this release' }));
    const row = page.getByRole('table', { name: 'Changes in the February 2027 SEC Release' }).getByRole('row').filter({ hasText: approved });
    expect(await row.innerText()).toContain('Pending implementation');
    expect(await page.locator('.summary-list').innerText()).toContain('Planned');
    expect(await page.locator('main').innerText()).toContain('it can be implemented from that day');
  });

  it('shows the release as due on /work as its day comes', async () => {
    now = Date.parse('2027-02-22T09:00:00Z');
    page = await signedIn();
    await page.goto(`${demo.url}/work`);
    const row = page.getByRole('table', { name: 'Due soon' }).getByRole('row').filter({ hasText: 'February 2027 SEC Release' });
    expect(await row.innerText()).toContain('1 change to implement');
    expect(await row.innerText()).toContain('25 February 2027');
    await expectNoAxeViolations(page);
  });

  it('implements the release on its day: the change is Implemented and its page names the release', async () => {
    now = Date.parse('2027-02-25T16:00:00Z');
    page = await signedIn();
    await page.goto(`${demo.url}/releases/2027-02`);
    await navigateBy(page, page.getByRole('button', { name: 'Implement the release' }));
    expect(await page.locator('.summary-list').innerText()).toContain('Implemented on 25 February 2027');
    const row = page.getByRole('table', { name: 'Changes in the February 2027 SEC Release' }).getByRole('row').filter({ hasText: approved });
    expect(await row.innerText()).toContain('Implemented');
    expect(await row.innerText()).toContain('25 February 2027');
    expect(await page.getByRole('button', { name: 'Implement the release' }).count()).toBe(0);
    await expectNoAxeViolations(page);

    await navigateBy(page, row.getByRole('link'));
    const register = await page.locator('.summary-list').innerText();
    expect(register).toContain('Implemented');
    expect(register).toContain('25 February 2027');
    await navigateBy(page, page.locator('.summary-list').getByRole('link', { name: 'February 2027 SEC Release' }));
    expect(new URL(page.url()).pathname).toBe('/releases/2027-02');
  });
});
