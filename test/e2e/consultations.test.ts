// A consultation in a real browser (Chromium) against a real server on the demo register: a Party
// user answers from the change's page and the consultation's page (the form is CSRF-checked), marks
// the response confidential, then replaces it and sees the earlier version kept; the analyst sees
// who has responded and closes it; the public then sees nothing of the confidential response. Axe: the
// Party's refused response, the analyst's view (who has responded), and the closed consultation as
// the public sees it. The server's clock is fixed.
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACCOUNT } from '../../src/modules/accounts/accounts.js';
import { openConsultation } from '../../src/modules/consultations/service.js';
import * as proposals from '../../src/modules/proposals/service.js';
import { publicPath } from '../../src/modules/proposals/views.js';
import { chromiumAvailable, expectNoAxeViolations, navigateBy, useDemoBrowser } from '../support/browser.js';

const run = chromiumAvailable() ? describe : describe.skip;
const SECRET = 'Our own cost estimate, not for publication';

run('a consultation in a browser (Chromium, demo register)', { timeout: 180_000 }, () => {
  let changePath = '';
  let consultationPath = '';

  const demo = useDemoBrowser({ setup: async (server) => {
    server.ctx.clock = () => new Date('2027-01-11T10:00:00Z');
    const ctx = server.ctx;
    const p = await proposals.raiseProposal(ctx, SYSTEM_ACCOUNT, { title: 'Faster prepayment top-ups', raisedOn: '2026-11-02',
      problemStatement: '## What is the issue?\n\nTop-ups are slow.\n' });
    await proposals.actOnProposal(ctx, SYSTEM_ACCOUNT, p.reference, { action: 'agree-problem-statement', businessDate: '2026-11-10' });
    const mp = await proposals.actOnProposal(ctx, SYSTEM_ACCOUNT, p.reference, { action: 'convert', businessDate: '2026-11-20', inputs: { path: '1', route: 'refinement' } });
    changePath = publicPath(mp);
    const opened = await openConsultation(ctx, SYSTEM_ACCOUNT, mp.reference, { kind: 'refinement', questions: ['Do you agree with the solution?', 'What would it cost you?'] });
    consultationPath = `/consultations/${opened.consultation.id}`;
  } });

  it('a Party user responds from the change page, confidentially, then replaces the response; the first version is kept', async () => {
    const page = await demo.page('andy.knowles@utilita.example');
    await page.goto(`${demo.url}${changePath}`);
    const section = page.locator('section', { has: page.getByRole('heading', { name: 'Consultations' }) });
    await section.getByText('Respond for your organisation').click();
    await section.getByLabel('1. Do you agree with the solution?').fill('Yes, broadly.');
    await section.getByLabel('2. What would it cost you?').fill(SECRET);
    await section.getByLabel('Confidential').check();
    await navigateBy(page, section.getByRole('button', { name: 'Send our response' }));
    expect(new URL(page.url()).pathname).toBe(consultationPath);
    const mine = page.locator('section', { has: page.getByRole('heading', { name: "Your organisation's response" }) });
    expect(await mine.innerText()).toContain('Version 1');
    expect(await mine.innerText()).toContain('confidential');

    // An empty response is refused with the form kept.
    await page.getByLabel('1. Do you agree with the solution?').fill('');
    await page.getByLabel('2. What would it cost you?').fill('');
    await navigateBy(page, page.getByRole('button', { name: 'Replace our response' }));
    expect(await page.getByRole('alert').innerText()).toContain('answer at least one question');
    await expectNoAxeViolations(page);

    await page.getByLabel('1. Do you agree with the solution?').fill('Yes, with a later date.');
    await page.getByLabel('2. What would it cost you?').fill(SECRET);
    await navigateBy(page, page.getByRole('button', { name: 'Replace our response' }));
    expect(await mine.innerText()).toContain('Version 2');
    expect(await mine.innerText()).toContain('Yes, with a later date.');
    await mine.getByText('Earlier versions').click();
    expect(await mine.innerText()).toContain('Yes, broadly.');
  });

  it('the analyst sees who has responded and closes it; the public never sees the confidential response', async () => {
    const page = await demo.page('bradley.baker@secas.example');
    await page.goto(`${demo.url}${consultationPath}`);
    const who = page.locator('section', { has: page.getByRole('heading', { name: 'Who has responded' }) });
    expect(await who.getByRole('row').filter({ hasText: 'Utilita' }).innerText()).toContain('Yes');
    expect(await page.getByRole('main').innerText()).toContain(SECRET);
    await expectNoAxeViolations(page);
    await navigateBy(page, page.getByRole('button', { name: 'Close the consultation now' }));
    expect(await page.getByRole('main').innerText(), page.url()).toContain('Closed on 11 January 2027');

    const visitor = await demo.page();
    await visitor.goto(`${demo.url}${consultationPath}`);
    expect(await visitor.getByRole('main').innerText()).not.toContain(SECRET);
    expect(await visitor.getByRole('main').innerText()).not.toContain('Yes, with a later date.');
    expect(await visitor.getByRole('link', { name: 'PDF' }).count()).toBe(1);
    await expectNoAxeViolations(visitor);
  });
});
