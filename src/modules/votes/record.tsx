// A closed vote's record, frozen at the close: a self-contained HTML document (kept with the vote,
// with its SHA-256), the same as Markdown and as PDF (documents of the change). Every text is the
// members' or the Secretariat's: the HTML is escaped by preact, the Markdown escaped, the PDF text only.
import { renderToString } from 'preact-render-to-string';
import type { ServiceContext } from '../context.js';
import { escapeMarkdown } from '../papers/render-markdown.js';
import { renderRecordPdf, type PdfNode } from '../papers/render-pdf.js';
import { formatDate } from '../../process/dates.js';
import { CHOICE_LABELS, POSITION_LABELS, type Ballot, type Vote, type VoteResult, type Voter } from './votes.js';

export interface RecordInput {
  vote: Vote;
  reference: string;
  title: string;
  result: VoteResult;
  ballots: Ballot[];
  roll: Voter[];
  selfGoverned: boolean;
  note: string;
}

function facts(ctx: ServiceContext, r: RecordInput) {
  const carried = r.vote.options.find((o) => o.key === r.result.carried);
  const groupLabel = (id: string) => ctx.profile.voting.groups.find((g) => g.id === id)?.label ?? id;
  const objectiveLabel = (id: string) => ctx.profile.objectives.find((o) => o.id === id)?.label ?? id;
  const heading = `Change Board vote on ${r.reference}: ${r.title}`;
  const outcome = r.selfGoverned
    ? `Decision (self-governance): the Change Board ${r.result.outcome === 'approve' ? 'approves' : 'rejects'}${carried ? `, "${carried.title}" carried` : ''}.`
    : `Recommendation to the Authority: ${r.result.outcome}${carried ? `, "${carried.title}" carried` : ''}.`;
  const dates = `Opened ${formatDate(r.vote.openedOn)}, closed ${formatDate(r.vote.closedOn)}.`;
  return { heading, outcome, dates, groupLabel, objectiveLabel };
}

function RecordBody({ ctx, r }: { ctx: ServiceContext; r: RecordInput }) {
  const f = facts(ctx, r);
  return (
    <main>
      <h1>{f.heading}</h1>
      <p>{f.dates}</p>
      <p><strong>{f.outcome}</strong></p>
      {r.note && <p>{r.note}</p>}
      {r.result.options.map((o) => (
        <section key={o.key}>
          <h2>{o.title} ({o.passes ? 'passes' : 'does not pass'})</h2>
          {o.description && <p>{o.description}</p>}
          <p>{o.approving} of {o.counted} counted groups approve; {o.needed} needed.</p>
          <table>
            <thead><tr><th>Voting group</th><th>Members</th><th>Approve</th><th>Reject</th><th>Abstain</th><th>Position</th></tr></thead>
            <tbody>
              {o.groups.map((g) => (
                <tr key={g.group}><td>{g.label}</td><td>{g.members}</td><td>{g.approve}</td><td>{g.reject}</td><td>{g.abstain}</td><td>{POSITION_LABELS[g.position]}</td></tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      <h2>Ballots</h2>
      {r.ballots.length === 0 && <p>No ballots were cast.</p>}
      {r.ballots.map((b) => (
        <section key={b.accountId}>
          <h3>{b.voter}{b.organisation ? `, ${b.organisation}` : ''} ({f.groupLabel(b.group)})</h3>
          <ul>
            {b.choices.map((c) => {
              const option = r.vote.options.find((o) => o.key === c.option);
              return (
                <li key={c.option}>
                  <strong>{option?.title ?? c.option}: {CHOICE_LABELS[c.choice]}</strong>
                  {c.objectives.length > 0 && <> (objectives: {c.objectives.map(f.objectiveLabel).join('; ')})</>}
                  {c.rationale && <>. {c.rationale}</>}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </main>
  );
}

const CSS = 'body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:50rem;margin:2rem auto;line-height:1.4;color:#1d1d1b}'
  + 'table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #999;padding:.2rem .5rem;text-align:left}';

function markdown(ctx: ServiceContext, r: RecordInput): string {
  const f = facts(ctx, r);
  const cell = (s: string | number) => escapeMarkdown(String(s)).replace(/\|/g, '\\|');
  const lines = [`# ${escapeMarkdown(f.heading)}`, '', f.dates, '', `**${escapeMarkdown(f.outcome)}**`, ''];
  if (r.note) lines.push(escapeMarkdown(r.note), '');
  for (const o of r.result.options) {
    lines.push(`## ${escapeMarkdown(o.title)} (${o.passes ? 'passes' : 'does not pass'})`, '');
    if (o.description) lines.push(escapeMarkdown(o.description), '');
    lines.push(`${o.approving} of ${o.counted} counted groups approve; ${o.needed} needed.`, '');
    lines.push('| Voting group | Members | Approve | Reject | Abstain | Position |', '|---|---|---|---|---|---|');
    for (const g of o.groups) lines.push(`| ${cell(g.label)} | ${g.members} | ${g.approve} | ${g.reject} | ${g.abstain} | ${POSITION_LABELS[g.position]} |`);
    lines.push('');
  }
  lines.push('## Ballots', '');
  if (r.ballots.length === 0) lines.push('No ballots were cast.', '');
  for (const b of r.ballots) {
    lines.push(`### ${escapeMarkdown(`${b.voter}${b.organisation ? `, ${b.organisation}` : ''} (${f.groupLabel(b.group)})`)}`, '');
    for (const c of b.choices) {
      const option = r.vote.options.find((o) => o.key === c.option);
      const objectives = c.objectives.length ? ` (objectives: ${c.objectives.map(f.objectiveLabel).join('; ')})` : '';
      lines.push(`- **${escapeMarkdown(option?.title ?? c.option)}: ${CHOICE_LABELS[c.choice]}**${escapeMarkdown(objectives)}${c.rationale ? `. ${escapeMarkdown(c.rationale)}` : ''}`);
    }
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function pdfContent(ctx: ServiceContext, r: RecordInput): PdfNode[] {
  const f = facts(ctx, r);
  const content: PdfNode[] = [{ text: f.heading, style: 'h1' }, { text: f.dates, style: 'p' }, { text: f.outcome, style: 'p', bold: true }];
  if (r.note) content.push({ text: r.note, style: 'p' });
  for (const o of r.result.options) {
    content.push({ text: `${o.title} (${o.passes ? 'passes' : 'does not pass'})`, style: 'h2' });
    if (o.description) content.push({ text: o.description, style: 'p' });
    content.push({ text: `${o.approving} of ${o.counted} counted groups approve; ${o.needed} needed.`, style: 'p' });
    content.push({ table: { headerRows: 1, body: [
      ['Voting group', 'Members', 'Approve', 'Reject', 'Abstain', 'Position'].map((t) => ({ text: t, style: 'th' })),
      ...o.groups.map((g) => [g.label, String(g.members), String(g.approve), String(g.reject), String(g.abstain), POSITION_LABELS[g.position]]),
    ] }, margin: [0, 0, 0, 8] });
  }
  content.push({ text: 'Ballots', style: 'h2' });
  if (r.ballots.length === 0) content.push({ text: 'No ballots were cast.', style: 'p' });
  for (const b of r.ballots) {
    content.push({ text: `${b.voter}${b.organisation ? `, ${b.organisation}` : ''} (${f.groupLabel(b.group)})`, bold: true, margin: [0, 6, 0, 2] });
    content.push({ ul: b.choices.map((c) => {
      const option = r.vote.options.find((o) => o.key === c.option);
      const objectives = c.objectives.length ? ` (objectives: ${c.objectives.map(f.objectiveLabel).join('; ')})` : '';
      return { text: `${option?.title ?? c.option}: ${CHOICE_LABELS[c.choice]}${objectives}${c.rationale ? `. ${c.rationale}` : ''}` };
    }), style: 'p' });
  }
  return content;
}

export async function renderRecord(ctx: ServiceContext, r: RecordInput): Promise<{ html: string; markdown: string; pdf: Buffer }> {
  const f = facts(ctx, r);
  const head = renderToString(<head><meta charSet="utf-8" /><title>{f.heading}</title><style dangerouslySetInnerHTML={{ __html: CSS }} /></head>);
  const html = `<!doctype html>\n<html lang="en-GB">${head}<body>${renderToString(<RecordBody ctx={ctx} r={r} />)}</body></html>\n`;
  const pdf = await renderRecordPdf({ title: f.heading, author: ctx.profile.paper.team, content: pdfContent(ctx, r) });
  return { html, markdown: markdown(ctx, r), pdf };
}
