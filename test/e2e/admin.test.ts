// Administration and one's own account in a real browser: an administrator adds a user, changes
// their role and finds it in the audit log; stored markup stays text (no dialog ever opens); a user
// creates an API token, uses it and revokes it. Axe, once per page state: the users list, the add-user
// form refused, a user's page, the audit log filtered, the organisations and an organisation's page,
// and the account page with a new token (its other states are the same template with less on it).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumAvailable, expectNoAxeViolations, signIn, useDemoBrowser } from '../support/browser.js';

const SCRIPT = '<script>alert(1)</script>';

describe.skipIf(!chromiumAvailable())('administration and own account (Chromium, demo register)', () => {
  let page: Page;
  /** Any alert, confirm or prompt a page opened: stored markup must never run. */
  const dialogs: string[] = [];
  const demo = useDemoBrowser();

  beforeAll(async () => {
    const context = await demo.context('admin@secretariat.example');
    context.on('page', (p) => p.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); }));
    page = await context.newPage();
  });

  const path = () => new URL(page.url()).pathname;

  it('adds a user, changes their role, and finds the change in the audit log', async () => {
    await page.goto(`${demo.url}/modifications/`);
    await page.locator('.viewer').getByRole('link', { name: 'Admin' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/users');
    expect(await page.locator('h1').innerText()).toBe('Users');
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Add a user' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/users/new');
    // A refused form keeps what was typed, says what is wrong, and is still accessible.
    await page.getByLabel('Email', { exact: true }).fill('ruth.cole@secas.example');
    await page.getByLabel('Name', { exact: true }).fill('Ruth Cole');
    await page.getByLabel('Role', { exact: true }).selectOption('member');
    await page.getByRole('button', { name: 'Add user' }).click();
    expect(await page.locator('.error-summary').innerText()).toContain('Committees is required for a committee member.');
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Ruth Cole');
    await expectNoAxeViolations(page);

    await page.getByLabel('Role', { exact: true }).selectOption('analyst');
    await page.getByLabel(/^Set an initial password now/).check();
    await page.getByLabel(/^Initial password/).fill('a long enough password');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.waitForURL((url) => /^\/admin\/users\/[^/]+$/.test(url.pathname) && url.pathname !== '/admin/users/new');
    expect(await page.locator('[role=status]').innerText()).toContain('User added.');
    expect(await page.locator('h1').innerText()).toBe('Ruth Cole');
    await expectNoAxeViolations(page);

    await page.getByLabel('Role', { exact: true }).selectOption('member');
    await page.getByLabel('Operations Group (OPSG)').check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL((url) => url.searchParams.get('saved') === 'changes');
    expect(await page.locator('.summary-list').innerText()).toContain('Committee member');

    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/audit');
    await page.getByLabel('Kind', { exact: true }).selectOption('role-changed');
    await page.getByLabel('User email').fill('ruth.cole@secas.example');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL((url) => url.searchParams.get('kind') === 'role-changed');
    const rows = page.locator('table tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain('ruth.cole@secas.example: role: analyst → member; committees: — → OPSG');
    await expectNoAxeViolations(page);

    // The new user signs in with the password chosen for them.
    const theirs = await demo.context();
    await signIn(theirs, demo.url, 'ruth.cole@secas.example', 'a long enough password');
    const theirPage = await theirs.newPage();
    await theirPage.goto(`${demo.url}/account`);
    expect(await theirPage.locator('.viewer').innerText()).toContain('Ruth Cole (Committee member)');
    expect(await theirPage.locator('.viewer').getByRole('link', { name: 'Admin' }).count()).toBe(0);
    await theirs.close();
  });

  it('keeps stored markup inert on every admin page: shown as text, never run', async () => {
    await page.goto(`${demo.url}/admin/organisations`);
    // The listener works: a dialog the test opens itself is caught (and dismissed).
    await page.evaluate(() => alert('probe'));
    expect(dialogs.splice(0)).toEqual(['probe']);
    await expectNoAxeViolations(page);
    await page.getByLabel('Name', { exact: true }).fill(SCRIPT);
    await page.getByLabel('Party category', { exact: true }).selectOption('dcc');
    await page.getByRole('button', { name: 'Add organisation' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/organisations');
    await page.getByRole('link', { name: SCRIPT }).click();
    await page.waitForURL((url) => /^\/admin\/organisations\/./.test(url.pathname));
    expect(await page.locator('h1').innerText()).toBe(SCRIPT);
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe(SCRIPT);
    await expectNoAxeViolations(page);
    const organisationPage = page.url();

    await page.goto(`${demo.url}/admin/users/new`);
    await page.getByLabel('Email', { exact: true }).fill('markup@example.org');
    await page.getByLabel('Name', { exact: true }).fill(SCRIPT);
    await page.getByLabel('Role', { exact: true }).selectOption('party');
    await page.getByLabel('Organisation', { exact: true }).selectOption({ label: SCRIPT });
    // An invitation, the default: the user's page says it is on its way.
    expect(await page.getByLabel(/^Email them an invitation/).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.waitForURL((url) => url.searchParams.get('saved') === 'invited');
    expect(await page.locator('[role=status]').innerText()).toContain('markup@example.org');
    const userPage = page.url();

    for (const url of [`${demo.url}/admin/users`, userPage, `${demo.url}/admin/organisations`, organisationPage, `${demo.url}/admin/audit`]) {
      await page.goto(url);
      expect(await page.locator('main').innerText(), url).toContain(SCRIPT);
      expect(await page.locator('main script').count(), url).toBe(0);
    }
    expect(dialogs).toEqual([]);
  });

  it('creates an API token on the account page, shown once, and revokes it', async () => {
    await page.goto(`${demo.url}/modifications/`);
    await page.locator('.viewer').getByRole('link', { name: 'Account' }).click();
    await page.waitForURL((url) => url.pathname === '/account');
    expect(await page.locator('.summary-list').innerText()).toContain('admin@secretariat.example');

    await page.getByLabel('Token name').fill('nightly export');
    await page.getByLabel('Scope', { exact: true }).selectOption('read');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = await page.locator('#new-token').innerText();
    expect(token).toMatch(/^sec_/);
    await expectNoAxeViolations(page);
    const api = (t: string) => fetch(`${demo.url}/api/v1/proposals?limit=1`, { headers: { authorization: `Bearer ${t}` } });
    expect((await api(token)).status).toBe(200);

    await page.goto(`${demo.url}/account`);
    expect(await page.content()).not.toContain(token);
    const row = page.locator('tr', { hasText: 'nightly export' });
    expect(await row.innerText()).toContain('read');
    await row.getByRole('button', { name: 'Revoke the token nightly export' }).click();
    await page.waitForURL((url) => url.pathname === '/account');
    expect(await page.locator('tr', { hasText: 'nightly export' }).getByRole('button').count()).toBe(0);
    expect((await api(token)).status).toBe(401);
    expect(dialogs).toEqual([]);
    expect(path()).toBe('/account');
  });
});
