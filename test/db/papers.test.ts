// The monthly paper on a real database: the acceptance case on the demo register, a second paper
// built here from scratch, and issuing (freeze, download, re-issue) on SQLite and PostgreSQL.
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { SYSTEM_ACCOUNT } from '../../src/modules/accounts/accounts.js';
import type { ServiceContext } from '../../src/modules/context.js';
import { createMeeting, recordOutcome, recordView } from '../../src/modules/committees/service.js';
import { insertOrganisation, insertPerson } from '../../src/modules/directory/repository.js';
import { buildPaper, downloadIssued, getPaper, issuePaper, previewPaper, saveAnticipatedImpacts, saveDraftText } from '../../src/modules/papers/service.js';
import { actOnProposal, editProposal, getProposal, raiseProposal, saveProblemStatement } from '../../src/modules/proposals/service.js';
import { DomainError } from '../../src/platform/errors.js';
import { docxParagraphs, pdfText } from '../support/documents.js';

const actor = SYSTEM_ACCOUNT;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The headings and reference lines of a Markdown paper, in order: its structure. */
function outline(md: string): string[] {
  return md.split('\n').filter((l) => /^(#{1,2} |### [DM]P\d+ ‘|- \[|- Appendix|Bradley|SECAS Team|\d+ \w+ \d{4}$)/.test(l));
}

describeEachDatabase('the OPSG paper of 26 November 2019 from the demo register', ({ ctx }) => {
  it('has the structure of the seed paper', async () => {
    const { body } = await previewPaper(ctx(), { committee: 'OPSG', date: '2019-11-26', format: 'md' });
    const md = body.toString('utf8');
    expect(outline(md)).toEqual([
      '# New Draft Proposals and Modification Proposals',
      '## 1. Purpose',
      '## 2. New Draft Proposals',
      '### DP094 ‘Supporting prepayment customers in no SM WAN scenarios’',
      '### DP095 ‘Alignment of Credit Cover’',
      '### DP096 ‘DNO Power Outage Alerts’',
      '### DP097 ‘Improving SMETS2 Meter Installs for New Connections’',
      '## 3. Draft Proposals converted to Modification Proposals',
      '- [MP085 ‘Synchronisation of smart meter voltage measurement periods’](https://secretariat.test/modifications/synchronisation-of-smart-meter-voltage-measurement-periods/)',
      '- [MP088 ‘Power to raise modifications’](https://secretariat.test/modifications/power-to-raise-modifications/)',
      '- [MP090 ‘Incorporation of Non GBCS Non-Mandated Alerts into the SEC’](https://secretariat.test/modifications/incorporation-of-non-gbcs-non-mandated-alerts-into-the-sec/)',
      '- [MP093 ‘Implementing IRP511 and CRP535 to support GBCS v3.2 devices’](https://secretariat.test/modifications/implementing-irp511-and-crp535-to-support-gbcs-v3-2-devices/)',
      '### MP092 ‘New Planned Maintenance Methodology’',
      '## 4. Recommendations',
      'Bradley Baker  ',
      'SECAS Team  ',
      '26 November 2019',
      '## Attachments',
      '- Appendix A: DP094 draft problem statement',
      '- Appendix B: DP095 draft problem statement',
      '- Appendix C: DP096 draft problem statement',
      '- Appendix D: DP097 draft problem statement',
      '- Appendix E: MP092 final problem statement',
      '## Appendix A: DP094 draft problem statement',
      '## Appendix B: DP095 draft problem statement',
      '## Appendix C: DP096 draft problem statement',
      '## Appendix D: DP097 draft problem statement',
      '## Appendix E: MP092 final problem statement',
    ]);
    expect(md).toContain('DP094 was raised by Andy Knowles of Utilita. The Lead Analyst is Joe Hehir.');
    expect(md).toContain('DP095 was raised by Ashley Pocock of EDF Energy. The Lead Analyst is Bradley Baker.');
    expect(md).toContain('DP096 was raised by Del Kang of DCC. The Lead Analyst is Bradley Baker.');
    expect(md).toContain('DP097 was raised by David Walsh of DCC. The Lead Analyst is Ali Beard.');
    expect(md).toContain('DP092 was raised by Chris Thompson of DCC. The Lead Analyst is Adam Lattimore.');
    expect(md).toContain('it saw no operational impact:');
    expect(md).toContain('The problem statement is in Appendix E.');
    expect(md.match(/\*\*Anticipated Operational Impacts\*\*/g)).toHaveLength(4);
  });

  it('has the same structure in HTML, Word and PDF', async () => {
    const expected = ['DP094', 'DP095', 'DP096', 'DP097', 'MP085', 'MP088', 'MP090', 'MP093', 'MP092', 'Bradley Baker', 'SECAS Team',
      'Appendix A: DP094 draft problem statement', 'Appendix E: MP092 final problem statement'];
    const inOrder = (text: string, format: string) => {
      let at = -1;
      for (const needle of expected) {
        const next = text.indexOf(needle, at + 1);
        expect(next, `${format}: "${needle}" after position ${at}`).toBeGreaterThan(at);
        at = next;
      }
    };
    const render = async (format: string) => (await previewPaper(ctx(), { committee: 'OPSG', date: '2019-11-26', format })).body;
    const html = (await render('html')).toString('utf8');
    inOrder(html.replace(/<[^>]+>/g, ' '), 'html');
    expect(html).toContain('@media print');

    const paras = docxParagraphs(await render('docx'));
    const docText = paras.map((p) => p.text).join('\n');
    inOrder(docText, 'docx');
    expect(paras.filter((p) => p.style === 'Heading3' && /^(DP|MP)\d{3} ‘/.test(p.text)).map((p) => p.text.slice(0, 5)))
      .toEqual(['DP094', 'DP095', 'DP096', 'DP097', 'MP092']);
    expect(paras.filter((p) => p.xml.includes('w:pageBreakBefore')).map((p) => p.text.slice(0, 10)))
      .toEqual(['Appendix A', 'Appendix B', 'Appendix C', 'Appendix D', 'Appendix E']);

    const pdf = (await pdfText(await render('pdf'))).replace(/\s+/g, ' ');
    inOrder(pdf, 'pdf');
  });

  it('says where the committee meets when asked for a day it does not, and names the committees when the code is unknown', async () => {
    const noMeeting = await buildPaper(ctx(), { committee: 'OPSG', date: '2019-11-27' }).catch((e) => e);
    expect(noMeeting).toBeInstanceOf(DomainError);
    expect(noMeeting.code).toBe('NOT_FOUND');
    expect(noMeeting.message).toContain('26 November 2019');
    const unknown = await buildPaper(ctx(), { committee: 'NOPE', date: '2019-11-26' }).catch((e) => e);
    expect(unknown.code).toBe('VALIDATION_FAILED');
    expect(unknown.message).toContain('OPSG');
    await expect(previewPaper(ctx(), { committee: 'OPSG', date: '2019-11-26', format: 'odt' })).rejects.toSatisfy((e) => (e as DomainError).code === 'VALIDATION_FAILED');
  });

  it('issues a frozen copy that later register edits do not change, and re-issues as version 2 with what changed', async () => {
    const first = await issuePaper(ctx(), actor, { committee: 'OPSG', date: '2019-11-26' });
    expect(first.version.number).toBe(1);
    expect(first.version.files.map((f) => f.format).sort()).toEqual(['docx', 'html', 'md', 'pdf']);
    const before = await downloadIssued(ctx(), first.paperId, 1, 'md');
    expect(sha(before.bytes)).toBe(before.sha256);
    expect(before.sha256).toBe(first.version.files.find((f) => f.format === 'md')!.sha256);

    const mp092 = await getProposal(ctx(), 'MP092');
    await editProposal(ctx(), actor, 'MP092', mp092.version, { title: 'A New Planned Maintenance Methodology' });
    for (const format of ['md', 'html', 'docx', 'pdf']) {
      const again = await downloadIssued(ctx(), first.paperId, 1, format);
      expect(sha(again.bytes), format).toBe(first.version.files.find((f) => f.format === format)!.sha256);
    }

    const second = await issuePaper(ctx(), actor, { committee: 'OPSG', date: '2019-11-26' });
    expect(second.version.number).toBe(2);
    expect(second.version.changes).toContainEqual({ kind: 'added', change: 'MP092', line: '### MP092 ‘A New Planned Maintenance Methodology’' });
    expect(second.version.changes).toContainEqual({ kind: 'removed', change: 'MP092', line: '### MP092 ‘New Planned Maintenance Methodology’' });
    const paper = await getPaper(ctx(), first.paperId);
    expect(paper.versions.map((v) => v.number)).toEqual([1, 2]);
    expect((await downloadIssued(ctx(), first.paperId, 2, 'md')).bytes.toString('utf8')).toContain('A New Planned Maintenance Methodology');
    await expect(downloadIssued(ctx(), first.paperId, 3, 'md')).rejects.toSatisfy((e) => (e as DomainError).code === 'NOT_FOUND');
  });

  it('refuses to rewrite an issued version or file', async () => {
    await expect(ctx().db.kysely.updateTable('paper_files').set({ sha256: 'x' }).execute()).rejects.toThrow(/append-only/);
    await expect(ctx().db.kysely.deleteFrom('paper_versions').execute()).rejects.toThrow(/append-only/);
  });
}, { demo: true });

/** Builds a small register for the Security Sub-Committee's paper of 11 March 2020, by hand. */
async function buildSscMonth(ctx: ServiceContext): Promise<void> {
  const at = '2020-01-01T00:00:00.000Z';
  await insertOrganisation(ctx.db.kysely, { id: 'o-secas', name: 'SECAS', partyCategory: null }, at);
  await insertOrganisation(ctx.db.kysely, { id: 'o-north', name: 'Northern Power', partyCategory: 'electricity-network' }, at);
  await insertPerson(ctx.db.kysely, { id: 'p-kim', name: 'Kim Analyst', organisationId: 'o-secas', isAnalyst: true }, at);
  const meetings = {
    ssc1: await createMeeting(ctx, actor, { committee: 'SSC', date: '2020-02-26' }),
    ssc2: await createMeeting(ctx, actor, { committee: 'SSC', date: '2020-03-11' }),
    panel: await createMeeting(ctx, actor, { committee: 'PANEL', date: '2020-03-06' }),
    csc: await createMeeting(ctx, actor, { committee: 'CSC', date: '2020-02-25' }),
  };
  const raise = (title: string, raisedOn: string) => raiseProposal(ctx, actor, {
    title, raisedOn, organisation: 'Northern Power', proposer: 'Sam <Network>', leadAnalyst: 'Kim Analyst',
    summary: `Why ${title} matters.`, problemStatement: `## What is the issue?\n\n${title} & more <b>bold</b>.`,
  });
  // Raised before the period, reviewed by SSC as a DP, converted in the period.
  const a = await raise('Key rotation <script>alert(1)</script>', '2020-01-10');
  await recordView(ctx, actor, a.reference, { committee: 'SSC', impact: 'potential', furtherInput: true, businessDate: '2020-01-29' });
  // Raised before, reviewed with no impact, converted in the period.
  const b = await raise('Audit log retention', '2020-01-12');
  await recordView(ctx, actor, b.reference, { committee: 'SSC', impact: 'none', businessDate: '2020-01-29' });
  // Raised before, never reviewed by SSC (only by OPSG), converted in the period.
  const c = await raise('Meter clock drift', '2020-01-15');
  await recordView(ctx, actor, c.reference, { committee: 'OPSG', impact: 'potential', businessDate: '2020-01-28' });
  // Raised in the period and still a DP.
  const d = await raise('Firmware signing', '2020-03-02');
  await saveAnticipatedImpacts(ctx, actor, d.reference, { committee: 'SSC', text: 'Signing keys may need new controls.' });
  // Raised on the previous SSC meeting day: outside the period.
  await raise('Outside the period', '2020-02-26');
  // Raised and converted within the period: listed once, under converted.
  const f = await raise('Quick housekeeping', '2020-02-27');
  for (const p of [a, b, c, f]) {
    await actOnProposal(ctx, actor, p.reference, { action: 'agree-problem-statement', businessDate: p.reference === f.reference ? '2020-03-01' : '2020-02-25' });
    await recordOutcome(ctx, actor, meetings.panel.id, { ref: p.reference, action: 'convert', inputs: { path: '3', route: 'refinement' } });
  }
  // A later draft of d, written after the paper's date, must not be attached.
  await saveProblemStatement(ctx, actor, d.reference, { body: '## What is the issue?\n\nLater words.', businessDate: '2020-03-20' });
  await saveDraftText(ctx, actor, { committee: 'SSC', date: '2020-03-11', author: 'Kim Analyst' });
}

describeEachDatabase('a second paper, for the SSC in March 2020, built here', ({ ctx }) => {
  it('selects and groups exactly as worked out by hand', async () => {
    await buildSscMonth(ctx());
    const paper = await buildPaper(ctx(), { committee: 'SSC', date: '2020-03-11' });
    expect(paper.period).toEqual({ after: '2020-02-26', upTo: '2020-03-11' });
    expect(paper.newDrafts.map((e) => `${e.reference} ${e.title}`)).toEqual(['DP004 Firmware signing']);
    expect(paper.newDrafts[0].anticipatedImpacts).toBe('Signing keys may need new controls.');
    expect(paper.converted.noImpact.map((e) => e.reference)).toEqual(['MP002']);
    expect(paper.converted.impact.map((e) => e.reference)).toEqual(['MP001']);
    expect(paper.converted.notReviewed.map((e) => e.reference)).toEqual(['MP003', 'MP006']);
    expect(paper.appendices.map((a) => `${a.letter} ${a.reference} ${a.kind} ${a.versionLabel}`))
      .toEqual(['A DP004 draft 0.1', 'B MP001 final 1.0', 'C MP003 final 1.0', 'D MP006 final 1.0']);
    expect(paper.appendices[0].body).not.toContain('Later words');
    expect(paper.author).toBe('Kim Analyst');
    expect(paper.impactHeading).toBe('Anticipated Security Impacts');
  });

  it('shows markup in titles and text as text in Markdown and HTML', async () => {
    const md = (await previewPaper(ctx(), { committee: 'SSC', date: '2020-03-11', format: 'md' })).body.toString('utf8');
    expect(md).toContain('Key rotation \\<script\\>alert(1)\\</script\\>');
    expect(md).toContain('Sam \\<Network\\>');
    expect(md).not.toMatch(/<script>|<b>/);
    const html = (await previewPaper(ctx(), { committee: 'SSC', date: '2020-03-11', format: 'html' })).body.toString('utf8');
    expect(html).toContain('Key rotation &lt;script>alert(1)&lt;/script>');
    expect(html).not.toMatch(/<script>|<b>bold/);
    const docx = (await previewPaper(ctx(), { committee: 'SSC', date: '2020-03-11', format: 'docx' })).body;
    const paras = docxParagraphs(docx);
    expect(paras.some((p) => p.text.includes('Key rotation <script>alert(1)</script>'))).toBe(true);
    expect(paras.every((p) => !/<script|<b>/.test(p.xml))).toBe(true);
    const pdf = (await pdfText((await previewPaper(ctx(), { committee: 'SSC', date: '2020-03-11', format: 'pdf' })).body)).replace(/\s+/g, '');
    expect(pdf).toContain('Keyrotation<script>alert(1)</script>');
    expect(pdf).toContain('Sam<Network>');
  });

  it('timelines name the meeting where the Panel converted each change', async () => {
    const events = (await import('../../src/modules/proposals/service.js')).listEventsOf;
    const convert = (await events(ctx(), 'MP001')).find((e) => e.action === 'convert');
    expect(convert?.label).toBe('Converted to a Modification Proposal by the Panel, at the Panel meeting of 6 March 2020');
    expect(convert?.businessDate).toBe('2020-03-06');
  });

  it('gives a valid paper that says so when nothing happened in the month', async () => {
    await createMeeting(ctx(), actor, { committee: 'TABASC', date: '2021-06-01' });
    const md = (await previewPaper(ctx(), { committee: 'TABASC', date: '2021-06-01', format: 'md' })).body.toString('utf8');
    expect(md).toContain('No Draft Proposals were raised in this period.');
    expect(md).not.toContain('## Attachments');
  });
});
