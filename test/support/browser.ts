// Debian's Chromium, headless, through playwright-core (never a downloaded browser). With CI=true
// a missing Chromium fails the run instead of skipping the browser tests.
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { AxeBuilder } from '@axe-core/playwright';
import { expect } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  const present = fs.existsSync(CHROMIUM);
  if (!present && process.env.CI === 'true') throw new Error(`CI=true but Chromium is not installed at ${CHROMIUM} (apt-get install chromium).`);
  return present;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** Runs axe on the page and fails with a readable list of violations. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  // Only violations are read: axe skips writing out every passing node (a quarter of its time on a change page).
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .options({ resultTypes: ['violations'] }).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`);
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/** Signs a browser context in through the real sign-in form (works with JavaScript off too). */
export async function signIn(context: BrowserContext, base: string, email = 'bradley.baker@secas.example', password = DEMO_PASSWORD): Promise<void> {
  const page = await context.newPage();
  try {
    await page.goto(`${base}/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  } finally {
    await page.close();
  }
}
