// Committees and the monthly paper in a real browser: Debian's Chromium driven by playwright-core
// against a real server on the demo register. Axe, once per page state: the papers page, a day with
// no meeting (404), the paper page with refused impacts and issued, the committees list, a
// committee's page, an OPSG meeting with a refused view, and a Panel meeting with its decision form.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { chromiumAvailable, expectNoAxeViolations, navigateBy, useDemoBrowser } from '../support/browser.js';

const run = chromiumAvailable() ? describe : describe.skip;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** One entry of a change's timeline, found by its label. */
function timelineEntry(page: Page, label: string): Locator {
  return page.locator('ol.timeline > li').filter({ has: page.locator('.event-label', { hasText: label }) });
}

// The tests share one server and run in order: the paper is edited, then issued; the committee
// pages are visited last.
run('committees and papers in a browser (Chromium, demo register)', { timeout: 90_000 }, () => {
  let context: BrowserContext;
  let page: Page;
  let base: string;
  const paperPath = '/papers/OPSG/2019-11-26';
  const demo = useDemoBrowser();

  beforeAll(async () => {
    base = demo.url;
    context = await demo.context('bradley.baker@secas.example', { acceptDownloads: true });
  });

  const newPage = async () => {
    page = await context.newPage();
    return page;
  };
  const preview = () => page.getByRole('region', { name: 'Preview', exact: true });

  it('opens the OPSG paper of 26 November 2019 from the papers page', async () => {
    await newPage();
    const response = await page.goto(`${base}/papers/`);
    expect(response?.status()).toBe(200);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Committee papers');
    // The demo's paper, with its author, is listed as in preparation.
    await expect(page.getByRole('link', { name: 'OPSG, 26 November 2019' }).count()).resolves.toBe(1);
    await expectNoAxeViolations(page);

    await page.getByLabel('Committee').selectOption('OPSG');
    await page.getByLabel('Meeting date').fill('2019-11-26');
    const opened = await navigateBy(page, page.getByRole('button', { name: 'Open the paper' }));
    expect(opened.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe(paperPath);
    // The page's own heading (the preview below repeats the paper's title).
    expect(await page.getByRole('heading', { level: 1 }).first().innerText()).toBe('New Draft Proposals and Modification Proposals');
    await expect(page.locator('.kicker').innerText()).resolves.toBe('Operations Group, 26 November 2019');

    const text = await preview().innerText();
    for (const ref of ['DP094', 'DP095', 'DP096', 'DP097', 'MP092']) expect(text).toContain(ref);
    expect(text).toContain('Appendix E');
    expect(text.indexOf('DP094')).toBeLessThan(text.indexOf('DP097'));
    // The preview links each format.
    const formats = page.getByRole('region', { name: 'Preview in each format' });
    expect(await formats.getByRole('link').allInnerTexts()).toEqual(['MD', 'HTML', 'DOCX', 'PDF']);
    await page.close();
  });

  it('says which days the committee meets when the chosen day has none', async () => {
    await newPage();
    await page.goto(`${base}/papers/`);
    await page.getByLabel('Committee').selectOption('OPSG');
    await page.getByLabel('Meeting date').fill('2019-11-27');
    const response = await navigateBy(page, page.getByRole('button', { name: 'Open the paper' }));
    expect(response.status()).toBe(404);
    await expect(page.locator('main').innerText()).resolves.toContain('26 November 2019');
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('edits the recommendation and the anticipated impacts of DP094, and the preview shows both', async () => {
    await newPage();
    await page.goto(`${base}${paperPath}`);
    const recommendation = 'The OPSG is invited to DISCUSS the new Draft Proposals and to say which <ones> it wants to follow.';
    await page.getByLabel('Recommendation').fill(recommendation);
    let response = await navigateBy(page, page.getByRole('button', { name: 'Save text' }));
    expect(response.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe(paperPath);
    await expect(preview().innerText()).resolves.toContain(recommendation);
    await expect(page.getByLabel('Recommendation').inputValue()).resolves.toBe(recommendation);
    await expect(page.getByLabel('Author').inputValue()).resolves.toBe('Bradley Baker');

    const impacts = 'Engineers may have to visit premises where the SM WAN cannot be restored remotely.';
    const other = 'Suppliers may have to retrain their installers.';
    const field = page.getByLabel('Anticipated Operational Impacts: DP094');
    await expect(field.inputValue()).resolves.toContain('We would welcome the OPSG\'s comments on this.');
    // Every change's box is in one form, saved by one button.
    const form = page.locator('form.impact-form');
    await expect(form.count()).resolves.toBe(1);
    await expect(form.getByRole('textbox').count()).resolves.toBe(4);
    await expect(form.getByRole('button').allInnerTexts()).resolves.toEqual(['Save the anticipated impacts']);
    await field.fill(impacts);
    await page.getByLabel('Anticipated Operational Impacts: DP096').fill(other);
    response = await navigateBy(page, page.getByRole('button', { name: 'Save the anticipated impacts' }));
    expect(response.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe(paperPath);
    await expect(page.getByRole('status').innerText()).resolves.toBe('The anticipated impacts were saved.');
    const text = await preview().innerText();
    expect(text).toContain(impacts);
    expect(text).toContain(other);
    expect(text).not.toContain('We would welcome the OPSG\'s comments on this.');
    await expect(page.getByLabel('Anticipated Operational Impacts: DP094').inputValue()).resolves.toBe(impacts);
    await expect(page.getByLabel('Anticipated Operational Impacts: DP096').inputValue()).resolves.toBe(other);
    // The other changes keep theirs.
    await expect(page.getByLabel('Anticipated Operational Impacts: DP095').inputValue()).resolves.toContain('ask the OPSG to tell us');

    // A box too long refuses the whole form: the message at the top links to that box.
    await page.getByLabel('Anticipated Operational Impacts: DP095').fill('x'.repeat(5_001));
    await page.getByLabel('Anticipated Operational Impacts: DP097').fill('Not saved while DP095 is refused.');
    response = await navigateBy(page, page.getByRole('button', { name: 'Save the anticipated impacts' }));
    expect(response.status()).toBe(400);
    const link = page.getByRole('alert').getByRole('link', { name: 'Anticipated Operational Impacts: DP095 must be at most 5000 characters.' });
    await link.click();
    await expect(page.evaluate(() => document.activeElement?.id ?? location.hash)).resolves.toMatch(/f-impacts\.DP095/);
    await expect(preview().innerText()).resolves.not.toContain('Not saved while DP095 is refused.');
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('refuses text saved from a stale page with 409, as every stale form is, keeping what was typed', async () => {
    const first = await newPage();
    const second = await context.newPage();
    await first.goto(`${base}${paperPath}`);
    await second.goto(`${base}${paperPath}`);
    await first.getByLabel('Team').fill('SECAS Change Team');
    let response = await navigateBy(first, first.getByRole('button', { name: 'Save text' }));
    expect(response.status()).toBe(200);

    const typed = 'Typed on a page loaded before the other save.';
    await second.getByLabel('Recommendation').fill(typed);
    response = await navigateBy(second, second.getByRole('button', { name: 'Save text' }));
    expect(response.status()).toBe(409);
    await expect(second.getByRole('alert').innerText()).resolves.toContain('changed by someone else');
    await expect(second.getByLabel('Recommendation').inputValue()).resolves.toBe(typed);
    // Nothing of the second save was written.
    await first.reload();
    const text = await first.getByRole('region', { name: 'Preview', exact: true }).innerText();
    expect(text).not.toContain(typed);
    expect(text).toContain('SECAS Change Team');
    expect(text).toContain('The OPSG is invited to DISCUSS the new Draft Proposals');
    await second.close();
    await first.close();
  });

  it('issues version 1 with a link to each format, and the downloaded Markdown matches the SHA-256 shown', async () => {
    await newPage();
    await page.goto(`${base}${paperPath}`);
    await page.getByLabel(/issue version 1 now/).check();
    const response = await navigateBy(page, page.getByRole('button', { name: 'Issue version 1' }));
    expect(response.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe(paperPath);
    const issue = page.getByRole('region', { name: 'Issue', exact: true });
    const version = issue.locator('ol.versions > li').filter({ hasText: 'Version 1' });
    await expect(version.count()).resolves.toBe(1);
    expect(await version.getByRole('link').allInnerTexts()).toEqual(['MD', 'HTML', 'DOCX', 'PDF']);
    await expect(issue.getByRole('button', { name: 'Issue version 2' }).count()).resolves.toBe(1);

    // The SHA-256 of each file is shown under the version.
    await version.locator('summary').click();
    const lines = await version.locator('code').allInnerTexts();
    expect(lines).toHaveLength(4);
    const mdLine = lines.find((l) => l.startsWith('OPSG-2019-11-26-v1.md '));
    expect(mdLine).toBeDefined();
    const shown = mdLine!.split(' ').at(-1)!;
    expect(shown).toMatch(/^[0-9a-f]{64}$/);
    await expectNoAxeViolations(page);

    // Downloaded as the browser would: an attachment whose bytes hash to the SHA-256 on the page.
    const md = version.getByRole('link', { name: 'MD', exact: true });
    const [download] = await Promise.all([page.waitForEvent('download'), md.click()]);
    expect(download.suggestedFilename()).toBe('OPSG-2019-11-26-v1.md');
    const path = await download.path();
    const bytes = Buffer.from(await (await import('node:fs/promises')).readFile(path));
    expect(sha256(bytes)).toBe(shown);
    const text = bytes.toString('utf8');
    expect(text).toContain('The OPSG is invited to DISCUSS the new Draft Proposals');
    expect(text).toContain('Engineers may have to visit premises');

    // The same through the link's address, with the SHA-256 as its ETag.
    const href = (await md.getAttribute('href'))!;
    const fetched = await page.request.get(`${base}${href}`);
    expect(fetched.status()).toBe(200);
    expect(sha256(await fetched.body())).toBe(shown);
    expect(fetched.headers().etag).toBe(`"${shown}"`);
    for (const format of ['html', 'docx', 'pdf']) {
      const file = await page.request.get(`${base}${(await version.getByRole('link', { name: format.toUpperCase(), exact: true }).getAttribute('href'))!}`);
      expect(file.status(), format).toBe(200);
      const line = lines.find((l) => l.startsWith(`OPSG-2019-11-26-v1.${format} `))!;
      expect(sha256(await file.body()), format).toBe(line.split(' ').at(-1));
    }
    await page.close();
  });

  it('shows a committee and one of its meetings, and records an OPSG view that appears on the change\'s timeline', async () => {
    await newPage();
    let response = (await page.goto(`${base}/committees/`))!;
    expect(response.status()).toBe(200);
    await expectNoAxeViolations(page);
    await navigateBy(page, page.getByRole('link', { name: 'Operations Group (OPSG)' }));
    expect(new URL(page.url()).pathname).toBe('/committees/OPSG/');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Operations Group (OPSG)');
    const members = page.getByRole('region', { name: 'Members' });
    await expect(members.getByRole('row').filter({ hasText: 'Morgan Reeve' }).innerText()).resolves.toContain('Chair');
    await expectNoAxeViolations(page);

    const meetings = page.getByRole('region', { name: 'Meetings' });
    await expect(meetings.getByRole('listitem').filter({ hasText: '26 November 2019' }).innerText()).resolves.toBe('26 November 2019 — Held, Online');
    response = await navigateBy(page, meetings.getByRole('link', { name: '26 November 2019' }));
    expect(response.status()).toBe(200);
    expect(new URL(page.url()).pathname).toMatch(/^\/meetings\/[^/]+$/);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('OPSG meeting, 26 November 2019');
    const meetingUrl = page.url();
    // Every id on the page is unique, so each label names its own form's field (axe no longer checks this).
    const ids = await page.locator('[id]').evaluateAll((els) => els.map((e) => e.id));
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);

    const form = page.getByRole('region', { name: "Record the OPSG's view on a change" });
    await form.getByLabel('Proposal reference').fill('DP094');
    await form.getByLabel('Operational Impacts').selectOption('potential');
    await form.getByLabel('Wants to give further input').check();
    await form.getByLabel('Comments').fill('The group wants to see how <engineers> are sent out.');
    response = await navigateBy(page, form.getByRole('button', { name: 'Record view' }));
    expect(response.status()).toBe(200);
    expect(new URL(page.url()).pathname).toMatch(/^\/meetings\/[^/]+$/);

    response = (await page.goto(`${base}/proposals/DP094`))!;
    expect(response.status()).toBe(200);
    const entry = timelineEntry(page, 'Operations Group view: potential operational impact; wants to give further input');
    await expect(entry.count()).resolves.toBe(1);
    await expect(entry.locator('time').innerText()).resolves.toBe('26 November 2019');
    await expect(entry.innerText()).resolves.toContain('The group wants to see how <engineers> are sent out.');

    // A refused view says why and keeps what was typed; nothing is recorded.
    await page.goto(meetingUrl);
    const again = page.getByRole('region', { name: "Record the OPSG's view on a change" });
    await again.getByLabel('Proposal reference').fill('DP999');
    await again.getByLabel('Comments').fill('Kept after the refusal.');
    response = await navigateBy(page, again.getByRole('button', { name: 'Record view' }));
    expect(response.status()).toBe(404);
    await expect(again.getByRole('alert').innerText()).resolves.toContain('DP999');
    await expect(again.getByLabel('Proposal reference').inputValue()).resolves.toBe('DP999');
    await expect(again.getByLabel('Comments').inputValue()).resolves.toBe('Kept after the refusal.');
    await expectNoAxeViolations(page);

    // An agenda item added through its own form (not the view form's fields).
    await page.goto(meetingUrl);
    const agenda = page.getByRole('region', { name: 'Add an agenda item' });
    await agenda.getByLabel('Proposal reference (optional)').fill('DP095');
    await agenda.getByLabel('Purpose').selectOption('initial-discussion');
    response = await navigateBy(page, agenda.getByRole('button', { name: 'Add item' }));
    expect(response.status()).toBe(200);
    const items = page.getByRole('region', { name: 'Agenda and outcomes' });
    await expect(items.getByRole('row').filter({ hasText: 'DP095' }).innerText()).resolves.toContain('Initial discussion');
    // With DP095 on the agenda, the view form offers it.
    await expect(page.getByRole('region', { name: "Record the OPSG's view on a change" }).getByLabel('Proposal reference').inputValue()).resolves.toBe('DP095');
    await page.close();
  });

  it('shows a Panel meeting with its decision form, every field labelled once', async () => {
    await newPage();
    await page.goto(`${base}/committees/PANEL/`);
    const response = await navigateBy(page, page.getByRole('region', { name: 'Meetings' }).getByRole('link', { name: '15 November 2019' }));
    expect(response.status()).toBe(200);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Panel meeting, 15 November 2019');
    // The conversions taken at that meeting are its outcomes.
    const outcomes = await page.getByRole('region', { name: 'Agenda and outcomes' }).innerText();
    expect(outcomes).toContain('Converted to a Modification Proposal by the Panel (MP090)');
    const decision = page.getByRole('region', { name: 'Record a decision' });
    await expect(decision.getByLabel('Decision', { exact: true }).count()).resolves.toBe(1);
    await expect(decision.getByLabel('Proposal reference', { exact: true }).count()).resolves.toBe(1);
    await expect(page.getByRole('region', { name: 'Add an agenda item' }).getByLabel('Proposal reference (optional)').count()).resolves.toBe(1);
    const ids = await page.locator('[id]').evaluateAll((els) => els.map((e) => e.id));
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    await expectNoAxeViolations(page);
    await page.close();
  });
});
