// A document in a real browser (Debian's Chromium through playwright-core) on the demo register:
// the analyst opens a change, adds a PDF through the form on its page, finds it listed, and
// downloads it, byte for byte, under the name the register gives it. A form sent without a file
// comes back saying so. Axe: the page with the document listed and with the form refused (the form
// merely opened is checked with every other form of the change page in register.test.ts).
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumAvailable, expectNoAxeViolations, navigateBy, useDemoBrowser } from '../support/browser.js';
import { samplePdf } from '../support/sample-files.js';

const run = chromiumAvailable() ? describe : describe.skip;

run('documents in a browser (Chromium, demo register)', { timeout: 90_000 }, () => {
  let page: Page;
  const pdf = samplePdf('MP090 Modification Report, version 1.0');
  const demo = useDemoBrowser({ setup: (server) => { server.ctx.clock = () => new Date('2019-12-02T10:00:00Z'); } });

  beforeAll(async () => {
    page = await demo.page('bradley.baker@secas.example', { acceptDownloads: true });
  });

  it('adds a PDF through the change page\'s form and lists it', async () => {
    await page.goto(`${demo.url}/proposals/MP090`);
    const docs = page.locator('section[aria-labelledby="h-docs"]');
    await docs.getByText('Add a document').click();

    await docs.getByLabel('File').setInputFiles({ name: 'final report.pdf', mimeType: 'application/pdf', buffer: pdf });
    await docs.getByLabel('Kind of document').selectOption({ label: 'Modification Report' });
    await docs.getByLabel('Version').fill('v1.0');
    await docs.getByLabel('Title', { exact: true }).fill('MP090 Modification Report');
    await navigateBy(page, docs.getByRole('button', { name: 'Add document' }));

    expect(new URL(page.url()).hash).toBe('#h-docs');
    const row = docs.getByRole('row').filter({ hasText: 'MP090 Modification Report' });
    expect((await row.innerText()).split('\t')).toEqual(['MP090 Modification Report', 'Modification Report', 'v1.0', '2 December 2019', `PDF, ${pdf.length} bytes`]);
    await expectNoAxeViolations(page);
  });

  it('downloads it byte for byte, named after the change, its kind and version', async () => {
    const link = page.locator('section[aria-labelledby="h-docs"]').getByRole('link', { name: 'MP090 Modification Report' });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('MP090-modification-report-v1.0.pdf');
    const saved = fs.readFileSync(await download.path());
    expect(Buffer.compare(saved, pdf)).toBe(0);
  });

  it('brings a form sent without a file back, saying so and keeping what was typed', async () => {
    await page.goto(`${demo.url}/proposals/MP090`);
    const docs = page.locator('section[aria-labelledby="h-docs"]');
    await docs.getByText('Add a document').click();
    await docs.getByLabel('Kind of document').selectOption({ label: 'Legal text' });
    await docs.getByLabel('Version').fill('v0.1');
    await docs.getByLabel('Title', { exact: true }).fill('Legal text, first draft');
    await navigateBy(page, docs.getByRole('button', { name: 'Add document' }));

    expect(await page.locator('.error-summary').innerText()).toContain('File is required: choose a file to upload.');
    expect(await page.getByLabel('Title', { exact: true }).inputValue()).toBe('Legal text, first draft');
    await expectNoAxeViolations(page);
  });
});
