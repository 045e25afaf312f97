// Signing in and out in a real browser, and what the public sees. Axe: the public change page and the
// refused sign-in form (the sign-in page with its error summary).
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { chromiumAvailable, expectNoAxeViolations, useDemoBrowser } from '../support/browser.js';

describe.skipIf(!chromiumAvailable())('signing in (Chromium, demo register)', () => {
  const demo = useDemoBrowser();

  it('shows the public a read-only register, with no forms', async () => {
    const page = await demo.page();
    await page.goto(`${demo.url}/proposals/MP092`);
    expect(await page.locator('h1').innerText()).toBe('New Planned Maintenance Methodology');
    expect(await page.locator('form[action$="/actions"]').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Edit register entry' }).count()).toBe(0);
    expect(await page.locator('#h-actions ~ ul li').count()).toBeGreaterThan(0);
    expect(await page.getByRole('link', { name: 'Sign in' }).first().isVisible()).toBe(true);
    await expectNoAxeViolations(page);
  });

  it('sends a visitor to sign in, brings them back, and signs them out', async () => {
    const context = await demo.context();
    const page = await context.newPage();
    await page.goto(`${demo.url}/modifications/new`);
    expect(new URL(page.url()).pathname).toBe('/login');

    await page.getByLabel('Email').fill('bradley.baker@secas.example');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.locator('.error-summary').innerText()).toContain('The email or password is not right.');
    await expectNoAxeViolations(page);

    await page.getByLabel('Email').fill('bradley.baker@secas.example');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/modifications/new');
    expect(await page.locator('.viewer').innerText()).toContain('Bradley Baker (Secretariat analyst)');
    const cookie = (await context.cookies()).find((c) => c.name === 'sec_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    expect((await context.cookies()).some((c) => c.name === 'sec_session')).toBe(false);
    await page.goto(`${demo.url}/modifications/new`);
    expect(new URL(page.url()).pathname).toBe('/login');
  });
});
