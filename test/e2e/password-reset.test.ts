// Resetting a forgotten password in a real browser: ask for a link, read the mail at a real SMTP
// server in the test process, follow the link, choose a new password and sign in with it. Each page
// is checked with axe (the new-password form once, refused).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACCOUNT } from '../../src/modules/accounts/accounts.js';
import { addUser } from '../../src/modules/accounts/service.js';
import { drainOutbox } from '../../src/modules/mail/subscriber.js';
import { chromiumAvailable, expectNoAxeViolations, useDemoBrowser } from '../support/browser.js';
import { linkIn, startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

describe.skipIf(!chromiumAvailable())('resetting a password (Chromium)', () => {
  let smtp: TestSmtpServer;
  const email = 'reset.me@example.org';
  const demo = useDemoBrowser({ demo: false, setup: async (server) => {
    await addUser(server.ctx, SYSTEM_ACCOUNT, { email, name: 'Rosa Reset', role: 'analyst', password: 'the forgotten password' });
  } });

  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    await smtp?.close();
  });

  it('asks for a link, follows it from the mail, sets a new password and signs in', async () => {
    const page = await demo.page();
    await page.goto(`${demo.url}/login`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.waitForURL((url) => url.pathname === '/password/forgot');
    expect(await page.locator('h1').innerText()).toBe('Reset your password');
    await expectNoAxeViolations(page);

    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    expect(await page.locator('h1').innerText()).toBe('Check your email');
    expect(await page.locator('main').innerText()).toContain(`If an account exists for ${email}, we have sent a link`);
    await expectNoAxeViolations(page);

    expect(await drainOutbox(demo.server.ctx, { smtpUrl: smtp.url, from: 'Secretariat <no-reply@secretariat.test>' })).toMatchObject({ sent: 1 });
    const mail = smtp.messages.at(-1)!;
    expect(mail.to).toEqual([email]);
    const link = linkIn(mail);
    expect(link.startsWith(`${demo.url}/password/reset?token=`)).toBe(true);

    await page.goto(link);
    expect(await page.locator('h1').innerText()).toBe('Choose a new password');

    await page.getByLabel('New password', { exact: true }).fill('a brand new password');
    await page.getByLabel('New password again', { exact: true }).fill('a different password');
    await page.getByRole('button', { name: 'Change my password' }).click();
    expect(await page.locator('.error-summary').innerText()).toContain('New password again does not match the new password.');
    await expectNoAxeViolations(page);

    await page.getByLabel('New password', { exact: true }).fill('a brand new password');
    await page.getByLabel('New password again', { exact: true }).fill('a brand new password');
    await page.getByRole('button', { name: 'Change my password' }).click();
    expect(await page.locator('h1').innerText()).toBe('Your password has been changed');
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Sign in', exact: true }).last().click();
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('a brand new password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname !== '/login');
    expect(await page.locator('.viewer').innerText()).toContain('Rosa Reset');

    // The link is used up: following it again says so, on an accessible page.
    await page.goto(link);
    expect(await page.locator('h1').innerText()).toBe('This link cannot be used');
    await expectNoAxeViolations(page);
  });
});
