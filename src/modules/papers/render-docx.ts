// PaperContent → Word (.docx), with real Word structure: Heading 1–4 styles (so the navigation pane
// and a table of contents work), bullet lists on a numbering definition, links to each change's
// public page, bookmarks on the appendices, and each appendix starting on a new page. All text goes
// in as text runs (docx escapes it), so nothing a user typed is read as markup; a problem statement's
// Markdown is turned into plain headings, bullets and paragraphs (see markdown-blocks.ts).
import {
  AlignmentType, Bookmark, Document, ExternalHyperlink, Footer, HeadingLevel, InternalHyperlink, LevelFormat,
  Packer, PageNumber, Paragraph, TextRun,
} from 'docx';
import type { ParagraphChild } from 'docx';
import { formatDate } from '../../process/dates.js';
import { cleanText, markdownBlocks, plainParagraphs } from './markdown-blocks.js';
import type { Appendix, PaperContent, PaperEntry } from './papers.js';
import { appendixTitle, raisedBy } from './render-markdown.js';

const FONT = 'Arial';
const BULLETS = 'paper-bullets';
const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6];

/** The bookmark of an appendix (Word bookmark names: a letter, then letters, digits and underscores). */
const bookmark = (letter: string) => `Appendix_${letter}`;

const run = (text: string, options: { bold?: boolean; italics?: boolean; color?: string } = {}) => new TextRun({ text: cleanText(text), ...options });
const link = (text: string, url: string) => new ExternalHyperlink({ link: url, children: [new TextRun({ text: cleanText(text), style: 'Hyperlink' })] });
const toAppendix = (letter: string) => new InternalHyperlink({ anchor: bookmark(letter), children: [new TextRun({ text: `Appendix ${letter}`, style: 'Hyperlink' })] });

const heading = (level: number, children: ParagraphChild[], pageBreakBefore = false) =>
  new Paragraph({ heading: HEADINGS[Math.min(6, Math.max(1, level)) - 1], children, pageBreakBefore });
const para = (children: ParagraphChild[]) => new Paragraph({ children });
const bullet = (children: ParagraphChild[]) => new Paragraph({ numbering: { reference: BULLETS, level: 0 }, children });
/** One paragraph per paragraph of a plain-text field. */
const paras = (texts: string[]) => texts.flatMap(plainParagraphs).map((t) => para([run(t)]));

function entry(e: PaperEntry, impactHeading: string | null, appendixKind: string): Paragraph[] {
  const out = [
    heading(3, [link(e.reference, e.url), run(` ‘${e.title}’`)]),
    ...paras([raisedBy(e)]),
    ...paras(e.summary ? [e.summary] : []),
  ];
  if (impactHeading && e.anticipatedImpacts !== null) out.push(heading(4, [run(impactHeading)]), ...paras([e.anticipatedImpacts]));
  if (e.appendix) out.push(para([run(`The ${appendixKind} is in `), toAppendix(e.appendix), run('.')]));
  return out;
}

function appendix(a: Appendix): Paragraph[] {
  const out = [
    heading(2, [new Bookmark({ id: bookmark(a.letter), children: [run(appendixTitle(a))] })], true),
    para([run(`‘${a.title}’${a.versionLabel ? `, version ${a.versionLabel}` : ''}`, { italics: true, color: '505A5F' })]),
  ];
  const blocks = markdownBlocks(a.body);
  if (blocks.length === 0) out.push(para([run('No problem statement has been written yet.', { italics: true })]));
  for (const b of blocks) {
    // The statement's own headings sit under the appendix heading (Heading 2): # → Heading 3, ## → Heading 4…
    if (b.kind === 'heading') out.push(heading(b.level + 2, [run(b.text)]));
    else if (b.kind === 'bullet') out.push(bullet([run(b.text)]));
    else out.push(para([run(b.text)]));
  }
  return out;
}

export function paperDocument(paper: PaperContent): Document {
  const { noImpact, impact, notReviewed } = paper.converted;
  const anyConverted = noImpact.length + impact.length + notReviewed.length > 0;
  const date = formatDate(paper.date);
  const body: Paragraph[] = [
    heading(1, [run(paper.title)]),
    para([run(`${paper.committee.name} (${paper.committee.shortName}), ${date}`, { color: '505A5F' })]),
    heading(2, [run('1. Purpose')]),
    ...paras(paper.purpose),
    heading(2, [run('2. New Draft Proposals')]),
    ...paras(paper.newDraftsIntro),
    ...paras(paper.newDrafts.length === 0 ? [paper.nothingNew] : []),
    ...paper.newDrafts.flatMap((e) => entry(e, paper.impactHeading, 'draft problem statement')),
    heading(2, [run('3. Draft Proposals converted to Modification Proposals')]),
    ...paras(anyConverted ? paper.convertedIntro : [paper.nothingConverted]),
  ];
  if (noImpact.length) {
    body.push(...paras([paper.noImpactLead]), ...noImpact.map((e) => bullet([link(e.reference, e.url), run(` ‘${e.title}’`)])));
  }
  if (impact.length) body.push(...paras([paper.impactLead]), ...impact.flatMap((e) => entry(e, null, 'problem statement')));
  if (notReviewed.length) body.push(...paras([paper.notReviewedLead]), ...notReviewed.flatMap((e) => entry(e, null, 'problem statement')));
  body.push(
    heading(2, [run('4. Recommendations')]),
    ...paras([paper.recommendation]),
    new Paragraph({ spacing: { before: 360 }, children: [run(paper.author), new TextRun({ text: cleanText(paper.team), break: 1 }), new TextRun({ text: date, break: 1 })] }),
  );
  if (paper.appendices.length) {
    body.push(heading(2, [run('Attachments')]));
    for (const a of paper.appendices) {
      body.push(bullet([new InternalHyperlink({ anchor: bookmark(a.letter), children: [new TextRun({ text: cleanText(appendixTitle(a)), style: 'Hyperlink' })] })]));
    }
    for (const a of paper.appendices) body.push(...appendix(a));
  }

  const headingStyle = (size: number, before: number) => ({
    run: { font: FONT, size, bold: true, color: '1D1D1B' },
    paragraph: { spacing: { before, after: 120 }, keepNext: true, keepLines: true },
  });
  return new Document({
    title: cleanText(`${paper.title}: ${paper.committee.shortName}, ${date}`),
    subject: cleanText(paper.committee.name),
    creator: cleanText(paper.author),
    lastModifiedBy: cleanText(paper.author),
    description: cleanText(`${paper.title} for the ${paper.committee.name}, ${date}`),
    styles: {
      default: {
        document: { run: { font: FONT, size: 22, color: '1D1D1B' }, paragraph: { spacing: { after: 160, line: 276 } } },
        heading1: headingStyle(36, 0),
        heading2: headingStyle(30, 360),
        heading3: headingStyle(25, 240),
        heading4: headingStyle(22, 200),
        heading5: headingStyle(22, 160),
        heading6: headingStyle(22, 160),
        hyperlink: { run: { color: '1D4F91', underline: {} } },
      },
    },
    numbering: {
      config: [{
        reference: BULLETS,
        levels: [{ level: 0, format: LevelFormat.BULLET, text: '•', alignment: AlignmentType.LEFT, style: { paragraph: { indent: { left: 720, hanging: 360 } } } }],
      }],
    },
    sections: [{
      properties: { page: { margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } } },
      footers: {
        default: new Footer({
          children: [new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [new TextRun({ size: 18, children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] })],
          })],
        }),
      },
      children: body,
    }],
  });
}

export async function renderDocx(paper: PaperContent): Promise<Buffer> {
  return Packer.toBuffer(paperDocument(paper));
}
