// The register in a real browser: Debian's Chromium driven by playwright-core against a real server
// on the demo register. Axe, once per page state (see test/support/browser.ts): the register
// sorted, paged and refusing a query; a change's page with every form open, refusing an action and
// an action's input; the raise form refused; the problem statement page refused and with versions;
// the edit page refused as stale.
import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { chromiumAvailable, expectNoAxeViolations, navigateBy, signIn, useDemoBrowser } from '../support/browser.js';
import { secProfile } from '../../src/process/sec.js';

const DEMO_REFERENCES = ['MP085', 'MP088', 'MP090', 'MP092', 'MP093', 'DP094', 'DP095', 'DP096', 'DP097'];
const MP092_PATH = '/modifications/new-planned-maintenance-methodology/';
/** Markup and entities in a title must come back as the same text, never as markup. */
const TRICKY_TITLE = 'Fix <b>bold</b> & "quoted" meter alerts';

const run = chromiumAvailable() ? describe : describe.skip;

/** The references in the register table, in the order shown. */
async function listedReferences(page: Page): Promise<string[]> {
  return page.locator('table.register tbody tr td:first-child').allInnerTexts();
}

/** The value shown beside a label in the "Register entry" list of a change's page. */
function registerField(page: Page, label: string): Locator {
  return page.locator('.summary-list .row').filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd');
}

/** One entry of the timeline, found by its label. */
function timelineEntry(page: Page, label: string): Locator {
  return page.locator('ol.timeline > li').filter({ has: page.locator('.event-label', { hasText: label }) });
}

interface Raised { reference: string; path: string }

/** Raises a Draft Proposal through the form, leaving the problem statement template as it is. */
async function raiseThroughForm(page: Page, base: string, title: string): Promise<Raised> {
  await page.goto(`${base}/modifications/new`);
  await page.getByLabel('Title', { exact: true }).fill(title);
  await page.getByLabel('Date raised').fill('2019-11-25');
  await page.getByLabel('Party the proposer represents').selectOption({ label: 'Utilita' });
  await page.getByLabel('Lead Analyst').selectOption({ label: 'Ali Beard' });
  const response = await navigateBy(page, page.getByRole('button', { name: 'Raise Draft Proposal' }));
  expect(response.status()).toBe(200);
  const reference = (await page.locator('.kicker').innerText()).trim();
  expect(reference).toMatch(/^DP\d{3}$/);
  return { reference, path: new URL(page.url()).pathname };
}

// The tests share one server and run in order: the first three read the nine demo changes as
// loaded; the later ones raise changes of their own (DP098 is the first one raised).
// A test walks through several pages, each checked with axe: allow more than the default 30 s.
run('the register in a browser (Chromium, demo register)', { timeout: 90_000 }, () => {
  let context: BrowserContext;
  let page: Page;
  let base: string;
  const demo = useDemoBrowser();

  beforeAll(async () => {
    base = demo.url;
    context = await demo.context('bradley.baker@secas.example');
  });

  // Each test gets a fresh tab in the shared context (one cookie jar, as for one user).
  const newPage = async () => {
    page = await context.newPage();
    return page;
  };

  it('lists the nine demo changes', async () => {
    await newPage();
    const response = await page.goto(`${base}/modifications/`);
    expect(response?.status()).toBe(200);
    await expect(page.title()).resolves.toBe('Change register · Secretariat');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Change register');
    expect(await listedReferences(page)).toEqual(DEMO_REFERENCES);
    expect(await page.getByRole('status').innerText()).toBe('Showing 1–9 of 9 changes');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'Register' }).getAttribute('aria-current')).resolves.toBe('page');
    await expect(nav.getByRole('link', { name: 'Raise a Draft Proposal' }).getAttribute('aria-current')).resolves.toBeNull();
    const dp095 = page.locator('table.register tbody tr').filter({ hasText: 'DP095' });
    await expect(dp095.locator('td').nth(1).innerText()).resolves.toBe('Alignment of Credit Cover');
    await expect(dp095.locator('td').nth(2).innerText()).resolves.toBe('Development Stage');
    await page.close();
  });

  it('filters by stage and text, sorts by a column and pages through the results', async () => {
    await newPage();
    await page.goto(`${base}/modifications/`);
    const filters = page.getByRole('search', { name: 'Filter the register' });
    await filters.getByLabel('Stage').selectOption({ label: 'Development Stage' });
    let response = await navigateBy(page, filters.getByRole('button', { name: 'Apply filters' }));
    expect(response.status()).toBe(200);
    let url = new URL(page.url());
    expect(url.pathname).toBe('/modifications/');
    expect(url.searchParams.get('stage')).toBe('development');
    expect(url.searchParams.has('q')).toBe(false);
    expect(await listedReferences(page)).toEqual(['DP094', 'DP095', 'DP096', 'DP097']);
    expect(await page.getByRole('status').innerText()).toBe('Showing 1–4 of 4 changes');
    // The form shows the filter in force.
    await expect(filters.getByLabel('Stage').inputValue()).resolves.toBe('development');

    await filters.getByLabel('Title or reference').fill('credit');
    await navigateBy(page, filters.getByRole('button', { name: 'Apply filters' }));
    url = new URL(page.url());
    expect(url.searchParams.get('q')).toBe('credit');
    expect(url.searchParams.get('stage')).toBe('development');
    expect(await listedReferences(page)).toEqual(['DP095']);
    await expect(page.locator('table.register tbody tr td').nth(1).innerText()).resolves.toBe('Alignment of Credit Cover');
    expect(await page.getByRole('status').innerText()).toBe('Showing 1–1 of 1 change');
    await expect(filters.getByLabel('Title or reference').inputValue()).resolves.toBe('credit');

    // Nothing matches: said plainly, and no empty table.
    await filters.getByLabel('Title or reference').fill('no such change anywhere');
    await navigateBy(page, filters.getByRole('button', { name: 'Apply filters' }));
    expect(await page.getByRole('status').innerText()).toBe('No changes match.');
    expect(await page.locator('table.register').count()).toBe(0);

    // Sorting by a column header keeps the filters; the header says how the table is sorted.
    await page.goto(`${base}/modifications/?stage=development`);
    const titleHeader = page.getByRole('columnheader').filter({ hasText: 'Title' });
    await navigateBy(page, titleHeader.getByRole('link'));
    url = new URL(page.url());
    expect(url.searchParams.get('sort')).toBe('title');
    expect(url.searchParams.get('order')).toBe('asc');
    expect(url.searchParams.get('stage')).toBe('development');
    // Alignment…, DNO…, Improving…, Supporting…
    expect(await listedReferences(page)).toEqual(['DP095', 'DP096', 'DP097', 'DP094']);
    await expect(page.getByRole('columnheader').filter({ hasText: 'Title' }).getAttribute('aria-sort')).resolves.toBe('ascending');
    await expect(page.getByRole('columnheader').filter({ hasText: 'Reference' }).getAttribute('aria-sort')).resolves.toBeNull();
    await expectNoAxeViolations(page);
    await navigateBy(page, page.getByRole('columnheader').filter({ hasText: 'Title' }).getByRole('link'));
    expect(new URL(page.url()).searchParams.get('order')).toBe('desc');
    expect(await listedReferences(page)).toEqual(['DP094', 'DP097', 'DP096', 'DP095']);
    await expect(page.getByRole('columnheader').filter({ hasText: 'Title' }).getAttribute('aria-sort')).resolves.toBe('descending');
    // Filtering again keeps the sort.
    await page.getByRole('search').getByLabel('Stage').selectOption({ label: 'Any stage' });
    await navigateBy(page, page.getByRole('search').getByRole('button', { name: 'Apply filters' }));
    url = new URL(page.url());
    expect(url.searchParams.get('sort')).toBe('title');
    expect(url.searchParams.get('order')).toBe('desc');
    expect(await listedReferences(page)).toHaveLength(9);

    // Pages of five: the count, the next and previous links, and a page size kept by the filter form.
    await page.goto(`${base}/modifications/?limit=5`);
    expect(await page.getByRole('status').innerText()).toBe('Showing 1–5 of 9 changes');
    expect(await listedReferences(page)).toEqual(DEMO_REFERENCES.slice(0, 5));
    const pages = page.getByRole('navigation', { name: 'Pages' });
    await navigateBy(page, pages.getByRole('link', { name: 'Next page' }));
    expect(await page.getByRole('status').innerText()).toBe('Showing 6–9 of 9 changes');
    expect(await listedReferences(page)).toEqual(DEMO_REFERENCES.slice(5));
    expect(await pages.getByRole('link', { name: 'Next page' }).count()).toBe(0);
    await expectNoAxeViolations(page);
    await navigateBy(page, pages.getByRole('link', { name: 'Previous page' }));
    expect(await page.getByRole('status').innerText()).toBe('Showing 1–5 of 9 changes');
    await page.getByRole('search').getByLabel('Title or reference').fill('DP');
    await navigateBy(page, page.getByRole('search').getByRole('button', { name: 'Apply filters' }));
    expect(new URL(page.url()).searchParams.get('limit')).toBe('5');
    expect(await page.getByRole('status').innerText()).toBe('Showing 1–4 of 4 changes');

    // A query the register cannot read comes back as a 400 with a message, not a crash.
    response = (await page.goto(`${base}/modifications/?sort=colour`))!;
    expect(response.status()).toBe(400);
    await expect(page.getByRole('alert').innerText()).resolves.toContain('sort');
    // The refused sort is not carried into the next search.
    await expect(page.locator('form[role=search] input[name=sort]').count()).resolves.toBe(0);
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('shows MP092 with its register entry and timeline, by link and by its old reference', async () => {
    await newPage();
    await page.goto(`${base}/modifications/`);
    await navigateBy(page, page.getByRole('link', { name: 'MP092', exact: true }));
    expect(new URL(page.url()).pathname).toBe(MP092_PATH);

    // /proposals/DP092 redirects to the public address.
    const response = (await page.goto(`${base}/proposals/DP092`))!;
    expect(response.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe(MP092_PATH);
    expect(response.request().redirectedFrom()?.url()).toBe(`${base}/proposals/DP092`);

    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('New Planned Maintenance Methodology');
    await expect(page.locator('.kicker').innerText()).resolves.toBe('MP092 (raised as DP092)');
    await expect(registerField(page, 'Reference').innerText()).resolves.toBe('MP092');
    await expect(registerField(page, 'Stage').innerText()).resolves.toBe('Refinement Process');
    await expect(registerField(page, 'Proposer').innerText()).resolves.toBe('Chris Thompson');
    await expect(registerField(page, 'Party').innerText()).resolves.toMatch(/^DCC\b/);
    await expect(registerField(page, 'Lead Analyst').innerText()).resolves.toBe('Adam Lattimore');
    await expect(registerField(page, 'Path').innerText()).resolves.toBe('Path 3: Self-governance');

    const timeline = page.getByRole('region', { name: 'Timeline' });
    await expect(timeline.isVisible()).resolves.toBe(true);
    const converted = timelineEntry(page, 'Converted to a Modification Proposal by the Panel');
    await expect(converted.count()).resolves.toBe(1);
    await expect(converted.locator('time').innerText()).resolves.toBe('15 November 2019');
    await expect(converted.locator('time').getAttribute('datetime')).resolves.toBe('2019-11-15');
    const raised = timelineEntry(page, 'Draft Proposal raised');
    await expect(raised.count()).resolves.toBe(1);
    await expect(raised.locator('time').innerText()).resolves.toBe('19 August 2019');
    // The timeline runs in business-date order.
    const dates = await timeline.locator('ol.timeline > li > time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime') ?? ''));
    expect(dates).toEqual([...dates].sort());
    // The problem statement agreed by the CSC is shown, rendered from Markdown.
    const ps = page.getByRole('region', { name: 'Problem statement' });
    await expect(ps.locator('.meta').innerText()).resolves.toContain('Version 1.0 (agreed)');
    await expect(ps.getByRole('heading', { name: 'What is the issue?' }).count()).resolves.toBe(1);

    // The page's forms (actions, documents, views, ...) are inside <details>: axe checks the page
    // with every one of them open, which covers it closed too (the other files need not open them).
    await page.locator('main details').evaluateAll((els) => els.forEach((d) => d.setAttribute('open', '')));
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('raises a Draft Proposal, showing a refused form with the typed values kept', async () => {
    await newPage();
    await page.goto(`${base}/modifications/new`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Raise a Draft Proposal');

    // No title: the form comes back with a message beside it and everything else as typed.
    await page.getByLabel('What is the issue? (in brief)').fill('Prepayment meters cannot top up <i>offline</i>.');
    await page.getByLabel('Proposer (person)').fill('Pat Proposer');
    await page.getByLabel('Party the proposer represents').selectOption({ label: 'EDF Energy' });
    await page.getByLabel('Lead Analyst').selectOption({ label: 'Joe Hehir' });
    await page.getByLabel('Small Supplier').check();
    await page.getByLabel('Code documents affected').fill('Section H\nAppendix AB');
    let response = await navigateBy(page, page.getByRole('button', { name: 'Raise Draft Proposal' }));
    expect(response.status()).toBe(400);
    expect(new URL(page.url()).pathname).toBe('/modifications/new');
    const title = page.getByLabel('Title', { exact: true });
    await expect(title.getAttribute('aria-invalid')).resolves.toBe('true');
    const titleError = page.locator('#f-title-error');
    await expect(titleError.innerText()).resolves.toContain('Title is required.');
    expect((await title.getAttribute('aria-describedby'))?.split(' ')).toContain('f-title-error');
    // The summary at the top names the problem and links to the field.
    const summary = page.getByRole('alert');
    await expect(summary.getByRole('heading', { name: 'There is a problem' }).count()).resolves.toBe(1);
    const link = summary.getByRole('link', { name: 'Title is required.' });
    await expect(link.getAttribute('href')).resolves.toBe('#f-title');
    await expect(page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).resolves.toBe(true);
    await expect(page.getByLabel('What is the issue? (in brief)').inputValue()).resolves.toBe('Prepayment meters cannot top up <i>offline</i>.');
    await expect(page.getByLabel('Proposer (person)').inputValue()).resolves.toBe('Pat Proposer');
    await expect(page.getByLabel('Party the proposer represents').inputValue()).resolves.toBe('EDF Energy');
    await expect(page.getByLabel('Lead Analyst').inputValue()).resolves.toBe('Joe Hehir');
    await expect(page.getByLabel('Small Supplier').isChecked()).resolves.toBe(true);
    await expect(page.getByLabel('Large Supplier').isChecked()).resolves.toBe(false);
    await expect(page.getByLabel('Code documents affected').inputValue()).resolves.toBe('Section H\nAppendix AB');
    // The problem statement is asked for section by section, one field under each heading of the profile.
    await expect(page.getByRole('group', { name: 'Draft problem statement' }).getByRole('textbox').count()).resolves.toBe(secProfile.problemStatementSections.length);
    await expectNoAxeViolations(page);
    // The link in the summary takes the user to the field.
    await link.click();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('f-title');

    await title.fill(TRICKY_TITLE);
    await page.getByLabel('Party the proposer represents').selectOption({ label: 'Utilita' });
    await page.getByLabel('Lead Analyst').selectOption({ label: 'Adam Lattimore' });
    response = await navigateBy(page, page.getByRole('button', { name: 'Raise Draft Proposal' }));
    expect(response.status()).toBe(200);
    expect(response.request().redirectedFrom()?.method()).toBe('POST');
    expect(new URL(page.url()).pathname).toBe('/modifications/fix-b-bold-b-and-quoted-meter-alerts/');
    const heading = page.getByRole('heading', { level: 1 });
    await expect(heading.innerText()).resolves.toBe(TRICKY_TITLE);
    await expect(heading.locator('b').count()).resolves.toBe(0);
    await expect(page.title()).resolves.toBe(`DP098 ${TRICKY_TITLE} · Secretariat`);
    await expect(registerField(page, 'Reference').innerText()).resolves.toBe('DP098');
    await expect(registerField(page, 'Stage').innerText()).resolves.toBe('Development Stage');
    await expect(page.locator('.stage-badge').innerText()).resolves.toBe('Development Stage');
    await expect(registerField(page, 'Proposer').innerText()).resolves.toBe('Pat Proposer');
    await expect(registerField(page, 'Party').innerText()).resolves.toBe('Utilita (Large Supplier)');
    await expect(registerField(page, 'Lead Analyst').innerText()).resolves.toBe('Adam Lattimore');
    await expect(registerField(page, 'Who is impacted').innerText()).resolves.toBe('Small Supplier');
    await expect(registerField(page, 'Code documents affected').innerText()).resolves.toBe('Section H; Appendix AB');
    const issue = page.getByRole('region', { name: 'What is the issue?' });
    await expect(issue.innerText()).resolves.toContain('Prepayment meters cannot top up <i>offline</i>.');
    await expect(issue.locator('i').count()).resolves.toBe(0);
    await expect(timelineEntry(page, 'Draft Proposal raised').count()).resolves.toBe(1);
    // The untouched template is not a draft problem statement.
    await expect(page.getByRole('region', { name: 'Problem statement' }).innerText()).resolves.toContain('No problem statement yet.');

    // It is in the register, its title still text.
    await page.goto(`${base}/modifications/?q=DP098`);
    expect(await listedReferences(page)).toEqual(['DP098']);
    await expect(page.locator('table.register tbody td').nth(1).innerText()).resolves.toBe(TRICKY_TITLE);
    await page.close();
  });

  it('refuses an action the process does not allow now, and takes one it does', async () => {
    await newPage();
    const raised = await raiseThroughForm(page, base, 'Actions test change');
    const actions = page.getByRole('region', { name: 'What can happen next' });

    // "CSC agrees problem statement" is blocked: there is no draft problem statement.
    const agree = actions.getByRole('listitem').filter({ hasText: 'CSC agrees problem statement' });
    await agree.locator('summary').click();
    await expect(agree.locator('.blocked').innerText()).resolves.toBe('Not possible yet: There is no draft problem statement to agree.');
    const agreeButton = agree.getByRole('button', { name: 'CSC agrees problem statement' });
    await expect(agreeButton.isDisabled()).resolves.toBe(true);
    await expect(agreeButton.getAttribute('aria-describedby')).resolves.toBe(await agree.locator('.blocked').getAttribute('id'));

    // Submitted anyway (as a stale page or a crafted request would): 409 and the reason.
    await agreeButton.evaluate((b: HTMLButtonElement) => { b.disabled = false; });
    let response = await navigateBy(page, agreeButton);
    expect(response.status()).toBe(409);
    let alert = page.locator('#action-error');
    await expect(alert.getAttribute('role')).resolves.toBe('alert');
    await expect(alert.getByRole('heading').innerText()).resolves.toBe('That action was not taken');
    await expect(alert.innerText()).resolves.toContain('There is no draft problem statement to agree.');
    await expect(alert.innerText()).resolves.toContain('Present to CSC for initial discussion');
    await expectNoAxeViolations(page);

    // An action of another stage, posted with the page's own token: 409, naming the actions possible now.
    await page.goto(`${base}${raised.path}`);
    await page.evaluate(() => {
      const token = document.querySelector<HTMLInputElement>('input[name=_csrf]')!.value;
      const version = document.querySelector<HTMLInputElement>('input[name=version]')!.value;
      const form = document.createElement('form');
      form.method = 'post';
      form.action = `${location.pathname}actions`;
      for (const [name, value] of Object.entries({ _csrf: token, version, action: 'convert', path: '3', route: 'refinement' })) {
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = name;
        input.value = value;
        form.append(input);
      }
      const button = document.createElement('button');
      button.textContent = 'Crafted';
      form.append(button);
      document.body.append(form);
    });
    response = await navigateBy(page, page.getByRole('button', { name: 'Crafted' }));
    expect(response.status()).toBe(409);
    alert = page.getByRole('alert');
    await expect(alert.getByRole('heading').innerText()).resolves.toBe('That action was not taken');
    const text = await alert.innerText();
    expect(text).toContain('"Panel converts to Modification Proposal" is not possible in the state "Development Stage".');
    const possible = await alert.getByRole('listitem').allInnerTexts();
    expect(possible).toEqual(['Present to CSC for initial discussion', 'Present to CSC for decision', 'Put on hold', 'Withdraw', 'Close (not progressed)']);
    await expect(registerField(page, 'Stage').innerText()).resolves.toBe('Development Stage');
    await expect(registerField(page, 'Reference').innerText()).resolves.toBe(raised.reference);

    // A refused input keeps the form open with the message beside the field.
    await page.goto(`${base}${raised.path}`);
    let present = actions.getByRole('listitem').filter({ hasText: 'Present to CSC for initial discussion' });
    await present.locator('summary').click();
    await present.getByLabel('Date it happened (optional, today if empty)').fill('2019-11-01');
    response = await navigateBy(page, present.getByRole('button', { name: 'Present to CSC for initial discussion' }));
    expect(response.status()).toBe(400);
    present = actions.getByRole('listitem').filter({ hasText: 'Present to CSC for initial discussion' });
    await expect(present.locator('details').getAttribute('open')).resolves.not.toBeNull();
    const dateField = present.getByLabel('Date it happened (optional, today if empty)');
    await expect(dateField.inputValue()).resolves.toBe('2019-11-01');
    await expect(dateField.getAttribute('aria-invalid')).resolves.toBe('true');
    const dateError = present.locator(`#${(await dateField.getAttribute('aria-describedby'))!}`);
    await expect(dateError.innerText()).resolves.toContain('cannot be before the last step of this change');
    await expectNoAxeViolations(page);

    // The allowed action, with a business date, appears in the timeline.
    await dateField.fill('2019-11-26');
    await present.getByLabel('Note (optional)').fill('First look <at> the problem');
    response = await navigateBy(page, present.getByRole('button', { name: 'Present to CSC for initial discussion' }));
    expect(response.status()).toBe(200);
    expect(new URL(page.url()).hash).toBe('#h-timeline');
    const entry = timelineEntry(page, 'Presented to the Change Sub-Committee for initial discussion');
    await expect(entry.locator('time').innerText()).resolves.toBe('26 November 2019');
    await expect(entry.locator('.note').innerText()).resolves.toBe('First look <at> the problem');
    await expect(registerField(page, 'Stage').innerText()).resolves.toBe('Development Stage');
    await expect(page.locator('#action-error').count()).resolves.toBe(0);
    await page.close();
  });

  it('saves new drafts of the problem statement and lists every version', async () => {
    await newPage();
    const raised = await raiseThroughForm(page, base, 'Problem statement test change');
    await navigateBy(page, page.getByRole('link', { name: 'Write the first draft' }));
    expect(new URL(page.url()).pathname).toBe(`${raised.path}problem-statement`);
    const versions = page.getByRole('region', { name: 'Versions' });
    await expect(versions.innerText()).resolves.toContain('No versions yet.');
    const body = page.getByLabel('Problem statement (Markdown)');
    await expect(body.inputValue()).resolves.toContain('## Impact of doing nothing');

    // The bare template is not a draft.
    let response = await navigateBy(page, page.getByRole('button', { name: 'Save draft' }));
    expect(response.status()).toBe(400);
    await expect(page.locator('#f-body-error').innerText()).resolves.toContain('Write at least one section');
    await expect(body.getAttribute('aria-invalid')).resolves.toBe('true');
    await expectNoAxeViolations(page);

    const template = await body.inputValue();
    await body.fill(template.replace('## What is the issue?\n\n', '## What is the issue?\n\nMeters <script>alert(1)</script> drift.\n\n'));
    await page.getByLabel('Date of this version').fill('2019-11-26');
    response = await navigateBy(page, page.getByRole('button', { name: 'Save draft' }));
    expect(response.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe(`${raised.path}problem-statement`);
    await expect(versions.locator('summary').allInnerTexts()).resolves.toEqual([expect.stringMatching(/^v0\.1 — draft, 26 November 2019, by /)]);

    await body.fill(`${await body.inputValue()}\n\nMore evidence.`);
    response = await navigateBy(page, page.getByRole('button', { name: 'Save draft' }));
    expect(response.status()).toBe(200);
    const summaries = await versions.locator('summary').allInnerTexts();
    expect(summaries).toHaveLength(2);
    expect(summaries[0]).toMatch(/^v0\.2 — draft, /);
    expect(summaries[1]).toMatch(/^v0\.1 — draft, 26 November 2019/);
    // Markup typed into Markdown is shown as text.
    const latest = versions.locator('#v0\\.2');
    await expect(latest.innerText()).resolves.toContain('Meters <script>alert(1)</script> drift.');
    await expect(latest.locator('script').count()).resolves.toBe(0);
    await expectNoAxeViolations(page);

    // The change's page shows the latest draft, and the agree action is no longer blocked.
    await page.goto(`${base}${raised.path}`);
    await expect(page.getByRole('region', { name: 'Problem statement' }).locator('.meta').innerText()).resolves.toContain('Version 0.2 (draft)');
    const agree = page.getByRole('region', { name: 'What can happen next' }).getByRole('listitem').filter({ hasText: 'CSC agrees problem statement' });
    await agree.locator('summary').click();
    await expect(agree.locator('.blocked').count()).resolves.toBe(0);
    await expect(agree.getByRole('button', { name: 'CSC agrees problem statement' }).isDisabled()).resolves.toBe(false);
    await expect(timelineEntry(page, 'Problem statement v0.2 saved').count()).resolves.toBe(1);
    await page.close();
  });

  it('refuses an edit made on a stale form with 409, keeping the typed text', async () => {
    const first = await newPage();
    const raised = await raiseThroughForm(first, base, 'Edit conflict test change');
    const second = await context.newPage();
    await first.goto(`${base}${raised.path}edit`);
    await second.goto(`${base}${raised.path}edit`);

    await first.getByLabel('Latest update').fill('Saved first.');
    let response = await navigateBy(first, first.getByRole('button', { name: 'Save changes' }));
    expect(response.status()).toBe(200);
    expect(new URL(first.url()).pathname).toBe(raised.path);
    await expect(first.getByRole('region', { name: 'Latest update' }).innerText()).resolves.toContain('Saved first.');

    const typed = 'Saved second, on a form loaded before the first save.';
    await second.getByLabel('Latest update').fill(typed);
    await second.getByLabel('Target release').fill('June 2020 SEC Release');
    response = await navigateBy(second, second.getByRole('button', { name: 'Save changes' }));
    expect(response.status()).toBe(409);
    const alert = second.getByRole('alert');
    await expect(alert.innerText()).resolves.toContain(`${raised.reference} was changed by someone else since you loaded it.`);
    await expect(alert.innerText()).resolves.toContain('Your text is kept below');
    await expect(second.getByLabel('Latest update').inputValue()).resolves.toBe(typed);
    await expect(second.getByLabel('Target release').inputValue()).resolves.toBe('June 2020 SEC Release');
    await expectNoAxeViolations(second);

    // Nothing of the second save was written.
    await first.reload();
    await expect(first.getByRole('region', { name: 'Latest update' }).innerText()).resolves.toContain('Saved first.');
    await expect(registerField(first, 'Target release').innerText()).resolves.toBe('Not set');

    // A new public address keeps the old one working, as a permanent redirect.
    await first.goto(`${base}${raised.path}edit`);
    await first.getByLabel('Public address (slug)').fill('edit-conflict-renamed');
    await navigateBy(first, first.getByRole('button', { name: 'Save changes' }));
    expect(new URL(first.url()).pathname).toBe('/modifications/edit-conflict-renamed/');
    response = (await first.goto(`${base}${raised.path}`))!;
    expect(response.request().redirectedFrom()?.url()).toBe(`${base}${raised.path}`);
    expect(new URL(first.url()).pathname).toBe('/modifications/edit-conflict-renamed/');
    await second.close();
    await first.close();
  });

  it('works without JavaScript: raising, refusing and filtering', async () => {
    // Signed in through the form without scripts too.
    const noScript = await demo.context(undefined, { javaScriptEnabled: false });
    await signIn(noScript, base);
    try {
      const p = await noScript.newPage();
      await p.goto(`${base}/modifications/new`);
      // Empty title: the server refuses it (novalidate leaves checking to the server).
      await p.getByLabel('Proposer (person)').fill('Nia Noscript');
      await p.getByLabel('Party the proposer represents').selectOption({ label: 'DCC' });
      let response = await navigateBy(p, p.getByRole('button', { name: 'Raise Draft Proposal' }));
      expect(response.status()).toBe(400);
      await expect(p.locator('#f-title-error').innerText()).resolves.toContain('Title is required.');
      await expect(p.getByLabel('Proposer (person)').inputValue()).resolves.toBe('Nia Noscript');
      // axe itself needs scripts (it hangs here); the same server HTML is checked in the tests above.

      await p.getByLabel('Title', { exact: true }).fill('Raised without scripts');
      await p.getByLabel('Date raised').fill('2019-11-26');
      response = await navigateBy(p, p.getByRole('button', { name: 'Raise Draft Proposal' }));
      expect(response.status()).toBe(200);
      expect(new URL(p.url()).pathname).toBe('/modifications/raised-without-scripts/');
      await expect(registerField(p, 'Stage').innerText()).resolves.toBe('Development Stage');
      await expect(registerField(p, 'Reference').innerText()).resolves.toMatch(/^DP\d{3}$/);
      await expect(registerField(p, 'Date raised').innerText()).resolves.toBe('26 November 2019');

      // An action form opens with <details> and posts without scripts.
      const present = p.getByRole('region', { name: 'What can happen next' }).getByRole('listitem')
        .filter({ hasText: 'Present to CSC for initial discussion' });
      await present.locator('summary').click();
      await present.getByLabel('Date it happened (optional, today if empty)').fill('2019-11-26');
      response = await navigateBy(p, present.getByRole('button', { name: 'Present to CSC for initial discussion' }));
      expect(response.status()).toBe(200);
      await expect(timelineEntry(p, 'Presented to the Change Sub-Committee for initial discussion').locator('time').innerText())
        .resolves.toBe('26 November 2019');

      // The filter form is a plain GET.
      await p.goto(`${base}/modifications/`);
      await p.getByRole('search').getByLabel('Title or reference').fill('scripts');
      await navigateBy(p, p.getByRole('search').getByRole('button', { name: 'Apply filters' }));
      expect(new URL(p.url()).searchParams.get('q')).toBe('scripts');
      expect(await p.locator('table.register tbody tr td:nth-child(2)').allInnerTexts()).toEqual(['Raised without scripts']);
    } finally {
      await noScript.close();
    }
  });
});
