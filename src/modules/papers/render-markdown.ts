// PaperContent → Markdown. Text from users is escaped so it reads as text; a problem statement,
// itself Markdown, is kept as Markdown with its raw HTML neutralised and its headings demoted
// under the appendix heading.
import { formatDate } from '../../process/dates.js';
import { dropUnsafeLinks } from '../../platform/links.js';
import type { Appendix, PaperContent, PaperEntry } from './papers.js';

/** Escapes Markdown syntax in a line of plain text. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]{}<>#|!~]/g, (c) => `\\${c}`)
    .replace(/&(?=#?\w+;)/g, '&amp;')
    .replace(/^(\s*)([-+])(\s)/gm, '$1\\$2$3')
    .replace(/^(\s*\d+)\.(\s)/gm, '$1\\.$2');
}

/** A user's Markdown, safe to embed: no raw HTML, no links to unsafe addresses, headings moved down by `levels`. */
export function embedMarkdown(body: string, levels: number): string {
  return demoteHeadings(dropUnsafeLinks(body).replace(/&(?=#?\w+;)/g, '&amp;').replace(/</g, '&lt;'), levels).trim();
}

/** Moves every ATX heading down by `levels` (## → ###), so it nests under the appendix heading. */
export function demoteHeadings(body: string, levels: number): string {
  return body.replace(/^(#{1,6})(\s)/gm, (_m, hashes: string, space: string) => `${'#'.repeat(Math.min(6, hashes.length + levels))}${space}`);
}

const quoted = (e: { reference: string; title: string }) => `${e.reference} ‘${escapeMarkdown(e.title)}’`;

/** "DP092 was raised by Chris Thompson of DCC. The Lead Analyst is Adam Lattimore." */
export function raisedBy(e: PaperEntry): string {
  const who = e.proposer ? `${e.proposer}${e.organisation ? ` of ${e.organisation}` : ''}` : e.organisation;
  const raised = who ? `${e.raisedAs} was raised by ${who}.` : `${e.raisedAs} was raised.`;
  return e.leadAnalyst ? `${raised} The Lead Analyst is ${e.leadAnalyst}.` : raised;
}

export function appendixTitle(a: Appendix): string {
  return `Appendix ${a.letter}: ${a.reference} ${a.kind === 'draft' ? 'draft' : 'final'} problem statement`;
}

/**
 * A line of the paper's Markdown with the change it belongs to (the reference the paper prints, such
 * as MP092), or null for the paper's own text: headings, purpose, leads, recommendation.
 */
export interface OwnedLine {
  line: string;
  change: string | null;
}

/** Collects lines, each marked with the change being written when it was pushed. */
class Lines {
  readonly out: OwnedLine[] = [];
  owner: string | null = null;
  push(...texts: string[]): void {
    // A text may hold several lines (a paragraph typed with line breaks, a problem statement).
    for (const t of texts) for (const line of t.split('\n')) this.out.push({ line, change: this.owner });
  }
  /** Pushes what `write` writes as the lines of one change. */
  of(change: string, write: () => void): void {
    const before = this.owner;
    this.owner = change;
    write();
    this.owner = before;
  }
}

function entry(lines: Lines, e: PaperEntry, heading: string, impactHeading: string | null, appendixKind: string): void {
  lines.of(e.reference, () => {
    lines.push(`${heading} ${quoted(e)}`, '', escapeMarkdown(raisedBy(e)), '');
    if (e.summary) lines.push(escapeMarkdown(e.summary), '');
    if (impactHeading && e.anticipatedImpacts !== null) {
      lines.push(`**${impactHeading}**`, '', escapeMarkdown(e.anticipatedImpacts), '');
    }
    if (e.appendix) lines.push(`The ${appendixKind} is in Appendix ${e.appendix}.`, '');
    lines.push(`Public page: <${e.url}>`, '');
  });
}

/**
 * The paper's Markdown line by line, each line with the change it belongs to. Blank lines are kept
 * as the Markdown has them (runs of blank lines made one, none at either end), so joining the lines
 * gives exactly `renderMarkdown`.
 */
export function markdownLines(paper: PaperContent): OwnedLine[] {
  const lines = new Lines();
  const para = (texts: string[]) => texts.forEach((t) => lines.push(escapeMarkdown(t), ''));
  lines.push(`# ${escapeMarkdown(paper.title)}`, '');
  lines.push(`${escapeMarkdown(paper.committee.name)} (${escapeMarkdown(paper.committee.shortName)}), ${formatDate(paper.date)}`, '');
  lines.push('## 1. Purpose', '');
  para(paper.purpose);
  lines.push('## 2. New Draft Proposals', '');
  para(paper.newDraftsIntro);
  if (paper.newDrafts.length === 0) para([paper.nothingNew]);
  for (const e of paper.newDrafts) entry(lines, e, '###', paper.impactHeading, 'draft problem statement');
  lines.push('## 3. Draft Proposals converted to Modification Proposals', '');
  const { noImpact, impact, notReviewed } = paper.converted;
  if (noImpact.length + impact.length + notReviewed.length === 0) para([paper.nothingConverted]);
  else para(paper.convertedIntro);
  if (noImpact.length) {
    para([paper.noImpactLead]);
    for (const e of noImpact) lines.of(e.reference, () => lines.push(`- [${quoted(e)}](${e.url})`));
    lines.push('');
  }
  if (impact.length) {
    para([paper.impactLead]);
    for (const e of impact) entry(lines, e, '###', null, 'problem statement');
  }
  if (notReviewed.length) {
    para([paper.notReviewedLead]);
    for (const e of notReviewed) entry(lines, e, '###', null, 'problem statement');
  }
  lines.push('## 4. Recommendations', '');
  para([paper.recommendation]);
  lines.push(`${escapeMarkdown(paper.author)}  `, `${escapeMarkdown(paper.team)}  `, formatDate(paper.date), '');
  if (paper.appendices.length) {
    lines.push('## Attachments', '');
    for (const a of paper.appendices) lines.of(a.reference, () => lines.push(`- ${escapeMarkdown(appendixTitle(a))}`));
    lines.push('');
    for (const a of paper.appendices) {
      lines.push('---', '');
      lines.of(a.reference, () => {
        lines.push(`## ${escapeMarkdown(appendixTitle(a))}`, '');
        lines.push(`*‘${escapeMarkdown(a.title)}’${a.versionLabel ? `, version ${a.versionLabel}` : ''}*`, '');
        lines.push(a.body ? embedMarkdown(a.body, 1) : '*No problem statement has been written yet.*', '');
      });
    }
  }
  // As the text is tidied: one blank line between blocks, none at the start or the end.
  const out: OwnedLine[] = [];
  for (const l of lines.out) {
    if (l.line === '' && (out.length === 0 || out.at(-1)!.line === '')) continue;
    out.push(l);
  }
  while (out.length && out.at(-1)!.line === '') out.pop();
  return out;
}

export function renderMarkdown(paper: PaperContent): string {
  return `${markdownLines(paper).map((l) => l.line).join('\n')}\n`;
}
