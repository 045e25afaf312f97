// The whole journey of one change in a real browser (Chromium) against a real server on the demo
// register, through the web pages only: from the Refinement Process, an analyst opens a Refinement
// Consultation; a Party user answers confidentially; the analyst closes it and the public view shows
// nothing confidential; the change goes through the Report Phase to the Change Board by its action
// forms; a vote with an alternative, two members' ballots, closed by the analyst (Path 1: the
// recommendation goes to the Authority); the Authority's decision recorded with its letter; the
// change scheduled into the February 2027 release, which is implemented on its day; the change's
// page then says Implemented, with the date. Axe: the vote page (open with its tally, and closed) and
// the change page With Authority with the decision form open; the other pages on the way are checked
// in consultations, register, releases and accounts.test.ts (see test/support/browser.ts). Only the
// starting point (a change converted into Refinement) and the Change Board's member accounts are
// set up through the services; the server's clock is fixed and moved once, to the release day.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SYSTEM_ACCOUNT } from '../../src/modules/accounts/accounts.js';
import { addUser } from '../../src/modules/accounts/service.js';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import * as proposals from '../../src/modules/proposals/service.js';
import { publicPath } from '../../src/modules/proposals/views.js';
import { chromiumAvailable, expectNoAxeViolations, navigateBy, useDemoBrowser } from '../support/browser.js';
import { samplePdf } from '../support/sample-files.js';

const run = chromiumAvailable() ? describe : describe.skip;
const SECRET = 'Our confidential cost figure: 41,250 pounds';
const ANALYST = 'bradley.baker@secas.example';
const PARTY = 'andy.knowles@utilita.example';
const MEMBERS = ['cb.large@journey.example', 'cb.small@journey.example'];

run('one change from Refinement to Implemented in a browser (Chromium, demo register)', { timeout: 300_000 }, () => {
  let now = Date.parse('2027-01-11T10:00:00Z'); // Monday 11 January 2027
  let reference = '';
  let changePath = '';
  let consultationPath = '';
  let votePath = '';

  const pageFor = (email?: string): Promise<Page> => demo.page(email);
  const section = (page: Page, heading: string) => page.locator('section', { has: page.getByRole('heading', { name: heading, exact: true }) });
  const register = async (page: Page) => page.locator('.summary-list').first().innerText();
  const takeAction = async (page: Page, id: string, label: string) => {
    const item = page.locator(`#action-${id}`);
    await item.locator('summary').click();
    await navigateBy(page, item.getByRole('button', { name: label }));
  };

  const demo = useDemoBrowser({ setup: async (server) => {
    server.ctx.clock = () => new Date(now);
    const ctx = server.ctx;
    const p = await proposals.raiseProposal(ctx, SYSTEM_ACCOUNT, { title: 'Smart meter reads for prepayment credit', raisedOn: '2026-10-05',
      problemStatement: '## What is the issue?\n\nPrepayment credit is set from estimates.\n' });
    await proposals.actOnProposal(ctx, SYSTEM_ACCOUNT, p.reference, { action: 'agree-problem-statement', businessDate: '2026-10-13' });
    const mp = await proposals.actOnProposal(ctx, SYSTEM_ACCOUNT, p.reference, { action: 'convert', businessDate: '2026-10-23', inputs: { path: '1', route: 'refinement' } });
    reference = mp.reference;
    changePath = publicPath(mp);
    for (const [email, organisation] of [[MEMBERS[0], 'EDF Energy'], [MEMBERS[1], 'Tallowmere Energy']]) {
      await addUser(ctx, SYSTEM_ACCOUNT, { email, name: `Board member of ${organisation}`, role: 'member', organisation, committee: ['CB'], password: DEMO_PASSWORD });
    }
  } });

  it('a Refinement Consultation: opened by the analyst, answered confidentially by a Party, closed; the public sees nothing confidential', async () => {
    const analyst = await pageFor(ANALYST);
    await analyst.goto(`${demo.url}${changePath}`);
    expect(await register(analyst)).toContain('Refinement');
    const consultations = section(analyst, 'Consultations');
    await consultations.getByText('Open a consultation').click();
    await consultations.getByLabel('Kind of consultation').selectOption({ label: 'Refinement Consultation' });
    await consultations.getByLabel('Questions').fill('Do you support the solution?\nWhat would it cost your organisation?');
    await navigateBy(analyst, consultations.getByRole('button', { name: 'Open consultation' }));
    consultationPath = new URL(analyst.url()).pathname;
    expect(consultationPath).toMatch(/^\/consultations\//);

    const party = await pageFor(PARTY);
    await party.goto(`${demo.url}${changePath}`);
    const answer = section(party, 'Consultations');
    await answer.getByText('Respond for your organisation').click();
    await answer.getByLabel('1. Do you support the solution?').fill('Yes, with a longer transition.');
    await answer.getByLabel('2. What would it cost your organisation?').fill(SECRET);
    await answer.getByLabel('Confidential').check();
    await navigateBy(party, answer.getByRole('button', { name: 'Send our response' }));
    expect(await party.getByRole('main').innerText()).toContain(SECRET);

    await analyst.goto(`${demo.url}${consultationPath}`);
    expect(await analyst.getByRole('main').innerText()).toContain(SECRET);
    await navigateBy(analyst, analyst.getByRole('button', { name: 'Close the consultation now' }));
    expect(await analyst.getByRole('main').innerText()).toContain('Closed on 11 January 2027');

    const visitor = await pageFor();
    await visitor.goto(`${demo.url}${consultationPath}`);
    const shown = await visitor.getByRole('main').innerText();
    expect(shown).toContain('Closed on 11 January 2027');
    expect(shown).not.toContain(SECRET);
    expect(shown).not.toContain('Yes, with a longer transition.');
  });

  it('through the Report Phase to the Change Board, by the change page\'s action forms', async () => {
    const analyst = await pageFor(ANALYST);
    await analyst.goto(`${demo.url}${changePath}`);
    await takeAction(analyst, 'move-to-report-phase', 'Present Modification Report to Panel (Report Phase)');
    expect(await register(analyst)).toContain('Report Phase');
    await takeAction(analyst, 'issue-report-consultation', 'Approve Modification Report for consultation');
    await takeAction(analyst, 'present-to-change-board', 'Present to Change Board');
    expect(await register(analyst)).toContain('Change Board');
  });

  it('a Change Board vote with an alternative: members vote, the analyst closes it and the recommendation goes to the Authority', async () => {
    const analyst = await pageFor(ANALYST);
    await analyst.goto(`${demo.url}${changePath}`);
    const votes = section(analyst, 'Change Board vote and decisions');
    await votes.getByText('Open a Change Board vote').click();
    await votes.getByLabel('Alternatives, one title a line (optional)').fill('Phased roll-out over two years');
    await navigateBy(analyst, votes.getByRole('button', { name: 'Open the vote' }));
    votePath = new URL(analyst.url()).pathname;
    expect(votePath).toMatch(/^\/votes\//);

    for (const [email, alternative] of [[MEMBERS[0], 'Reject'], [MEMBERS[1], 'Approve']] as const) {
      const member = await pageFor(email);
      await member.goto(`${demo.url}${votePath}`);
      for (const [legend, choice, rationale] of [['Proposed solution', 'Approve', 'Better credit for prepayment customers.'],
        ['Phased roll-out over two years', alternative, 'The phasing weighs cost against benefit.']] as const) {
        const options = member.locator('fieldset', { has: member.locator('legend', { hasText: legend }) }).first();
        await options.getByLabel(choice, { exact: true }).check();
        await options.getByLabel('(c) Consumers managing their energy use').check();
        await options.getByLabel('Rationale').fill(rationale);
      }
      await navigateBy(member, member.getByRole('button', { name: 'Cast my ballot' }));
      expect(await member.getByRole('button', { name: 'Change my ballot' }).count()).toBe(1);
    }

    await analyst.goto(`${demo.url}${votePath}`);
    expect(await section(analyst, 'Live tally').innerText()).toContain('Proposed solution: passes');
    await expectNoAxeViolations(analyst);
    await navigateBy(analyst, analyst.getByRole('button', { name: 'Close the vote' }));
    const closed = await analyst.getByRole('main').innerText();
    expect(closed).toContain('"Proposed solution" carried');
    expect(closed).toContain('Better credit for prepayment customers.');
    await expectNoAxeViolations(analyst);
    await analyst.goto(`${demo.url}${changePath}`);
    expect(await register(analyst)).toContain('With Authority');
  });

  it('the Authority\'s decision recorded with its letter, from the change page', async () => {
    const analyst = await pageFor(ANALYST);
    await analyst.goto(`${demo.url}${changePath}`);
    const votes = section(analyst, 'Change Board vote and decisions');
    await votes.getByText('Record the Authority\'s decision').click();
    await expectNoAxeViolations(analyst);
    await votes.getByLabel('The Authority\'s decision').selectOption({ label: 'Approved' });
    await votes.getByLabel('Decision letter').setInputFiles({ name: 'ofgem-decision.pdf', mimeType: 'application/pdf', buffer: samplePdf('Ofgem approves') });
    await navigateBy(analyst, votes.getByRole('button', { name: 'Record the decision' }));
    expect(await analyst.getByRole('status').innerText()).toContain('decision was recorded with its letter');
    expect(await register(analyst)).toContain('Approved');
    expect(await section(analyst, 'Change Board vote and decisions').innerText()).toContain('Authority decision of 11 January 2027: Approved');
  });

  it('scheduled into the February 2027 release and implemented on its day: the change page says Implemented with the date', async () => {
    const analyst = await pageFor(ANALYST);
    await analyst.goto(`${demo.url}/releases/2027-02`);
    await analyst.getByLabel('Change reference').fill(reference);
    await navigateBy(analyst, analyst.getByRole('button', { name: 'Schedule into this release' }));
    expect(await analyst.getByRole('table', { name: 'Changes in the February 2027 SEC Release' }).innerText()).toContain(reference);

    now = Date.parse('2027-02-25T16:00:00Z');
    // Six weeks on, the sessions signed in before have ended.
    demo.forgetSessions();
    const onTheDay = await pageFor(ANALYST);
    await onTheDay.goto(`${demo.url}/releases/2027-02`);
    await navigateBy(onTheDay, onTheDay.getByRole('button', { name: 'Implement the release' }));
    expect(await onTheDay.locator('.summary-list').innerText()).toContain('Implemented on 25 February 2027');

    const visitor = await pageFor();
    await visitor.goto(`${demo.url}${changePath}`);
    const entry = await register(visitor);
    expect(entry).toContain('Implemented');
    expect(entry).toContain('25 February 2027');
    expect(await visitor.getByRole('main').innerText()).not.toContain(SECRET);
  });
});
