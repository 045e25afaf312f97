// PaperContent → PDF with pdfmake 0.3 on Node (no browser): headings, paragraphs, bullet lists, links
// to each change's public page, in-document links to the appendices, each appendix starting on a new
// page, page numbers in the footer, and the document's title and author in its info. All text goes in
// as text (pdfmake reads no markup in strings); a problem statement's Markdown is turned into plain
// headings, bullets and paragraphs (see markdown-blocks.ts).
//
// pdfmake's Node entry (js/index.js) exports one shared instance: fonts are added to it, and its
// resource policies are set to refuse every URL and every local file, so a document can only use
// the fonts loaded here into its virtual file system. Its Renderer is made to write each line's
// words as runs (joinRuns below), its word measuring to look up and measure less
// (pdfmake-measure.ts), and pdfkit to write text with less work (pdfkit-writing.ts), for every
// document rendered here; the latter two give the same bytes as pdfmake and pdfkit alone.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { formatDate } from '../../process/dates.js';
import { cleanText, markdownBlocks, plainParagraphs } from './markdown-blocks.js';
import { writeWithLessWork } from './pdfkit-writing.js';
import { measureFaster } from './pdfmake-measure.js';
import type { Appendix, PaperContent, PaperEntry } from './papers.js';
import { appendixTitle, raisedBy } from './render-markdown.js';

/** The part of pdfmake 0.3's Node API used here (the package has no type declarations). */
interface PdfMake {
  virtualfs: { writeFileSync(name: string, content: Buffer): void };
  addFonts(fonts: Record<string, FontFiles>): void;
  setUrlAccessPolicy(policy: (url: string) => boolean): void;
  setLocalAccessPolicy(policy: (path: string) => boolean): void;
  createPdf(doc: DocDefinition): { getBuffer(): Promise<Buffer> };
}
interface FontFiles { normal: string; bold: string; italics: string; bolditalics: string }

// Loosely typed pdfmake content: strings, text nodes, lists and stacks.
type Node = string | { [key: string]: unknown };
interface DocDefinition { [key: string]: unknown; content: Node[] }

const require = createRequire(import.meta.url);
const FONT = 'PaperSans';

/**
 * The font: DejaVu Sans where the OS has it (Debian's fonts-dejavu-core, as the HTML paper's CSS
 * asks for; it covers arrows, ticks and most scripts), otherwise the Roboto that ships inside
 * pdfmake (Latin, Greek and Cyrillic only), so the renderer works on any machine.
 */
function fontFiles(): FontFiles {
  const dejavu = '/usr/share/fonts/truetype/dejavu';
  const regular = `${dejavu}/DejaVuSans.ttf`;
  const bold = `${dejavu}/DejaVuSans-Bold.ttf`;
  if (existsSync(regular) && existsSync(bold)) {
    // Oblique faces come from fonts-dejavu-extra; without them italic text is set upright.
    const oblique = `${dejavu}/DejaVuSans-Oblique.ttf`;
    const boldOblique = `${dejavu}/DejaVuSans-BoldOblique.ttf`;
    return { normal: regular, bold, italics: existsSync(oblique) ? oblique : regular, bolditalics: existsSync(boldOblique) ? boldOblique : bold };
  }
  const roboto = (face: string) => require.resolve(`pdfmake/fonts/Roboto/Roboto-${face}.ttf`);
  return { normal: roboto('Regular'), bold: roboto('Medium'), italics: roboto('Italic'), bolditalics: roboto('MediumItalic') };
}

/** A word (or run of words) pdfmake has placed on a line, as its Renderer reads it. */
interface Inline { text: string; x: number; width: number; trailingCut?: number; [key: string]: unknown }
/** Whether two words are set alike: everything pdfmake's Renderer and TextDecorator read from an inline. */
const alike = (a: Inline, b: Inline) => a.font === b.font && a.fontSize === b.fontSize && a.height === b.height && a.color === b.color
  && a.opacity === b.opacity && a.characterSpacing === b.characterSpacing && a.fontFeatures === b.fontFeatures && a.link === b.link
  && a.linkToPage === b.linkToPage && a.linkToDestination === b.linkToDestination && a.decoration === b.decoration
  && a.decorationColor === b.decorationColor && a.decorationStyle === b.decorationStyle && a.decorationThickness === b.decorationThickness
  && a.background === b.background && a.sup === b.sup && a.sub === b.sub;

/**
 * A line's words joined into runs: neighbours that touch (the next word starts where the last ends,
 * so not justified text) and are set alike become one inline. pdfmake writes every inline with its
 * own text call, fill colour and opacity ("TODO: lines without differently styled inlines should be
 * written to pdf as one stream", its Renderer says): one per word made the paper's PDF twice the size
 * and most of its rendering time. A page-number reference and a line's destination stay where they
 * are. pdfmake's inlines are left as they are (a repeated table header's lines share them), so a
 * run is a copy of its first word that grows.
 */
export function joinRuns(inlines: Inline[]): Inline[] {
  const out: Inline[] = [];
  let last: Inline | undefined;
  let copied = false;
  for (const inline of inlines) {
    if (last && !last._pageNodeRef && !inline._pageNodeRef && !last.justifyShift && !inline.justifyShift
      && Math.abs(last.x + last.width - inline.x) < 1e-6 && alike(last, inline)) {
      if (!copied) {
        last = { ...last };
        out[out.length - 1] = last;
        copied = true;
      }
      last.text += inline.text;
      last.width += inline.width;
      last.trailingCut = inline.trailingCut;
      // Only when set: adding an (undefined) lineEnd to every run cost more than all the rest of this.
      if (inline.lineEnd || last.lineEnd) last.lineEnd = inline.lineEnd;
    } else {
      out.push(inline);
      last = inline;
      copied = false;
    }
  }
  return out;
}

/** pdfmake's Renderer (one class for the process) made to write each line's runs rather than its words. */
function writeRuns(): void {
  type RenderLine = (this: unknown, line: { inlines: Inline[] }, x: number, y: number) => void;
  const { default: Renderer } = require('pdfmake/js/Renderer.js') as { default: { prototype: { renderLine: RenderLine } } };
  const renderLine = Renderer.prototype.renderLine;
  // pdfmake is pinned; should a release move renderLine, lines are written word by word as before.
  if (typeof renderLine !== 'function') return;
  Renderer.prototype.renderLine = function (line, x, y) {
    line.inlines = joinRuns(line.inlines);
    renderLine.call(this, line, x, y);
  };
}

let engine: { pm: PdfMake; fonts: FontFiles } | null = null;

/**
 * pdfmake with the paper's font read into its virtual file system (once), and, before every render
 * (the instance is shared, so someone else may have changed them), the font registered and every
 * URL and local file refused.
 */
function pdfmake(): PdfMake {
  if (!engine) {
    const pm = require('pdfmake') as PdfMake;
    const files = fontFiles();
    const fonts = {} as FontFiles;
    for (const face of ['normal', 'bold', 'italics', 'bolditalics'] as const) {
      fonts[face] = `secretariat/${face}.ttf`;
      pm.virtualfs.writeFileSync(fonts[face], readFileSync(files[face]));
    }
    writeRuns();
    measureFaster();
    writeWithLessWork();
    engine = { pm, fonts };
  }
  const { pm, fonts } = engine;
  pm.addFonts({ [FONT]: { ...fonts } });
  pm.setUrlAccessPolicy(() => false);
  pm.setLocalAccessPolicy(() => false);
  return pm;
}

const META = '#505a5f';
/**
 * The paper's styles, as objects spread into its nodes rather than named styles: pdfmake looks up
 * some twenty properties for every word it measures, and a named style on the way costs each lookup
 * a walk of the style dictionary (most of the layout's time on a long paper). The text looks the same.
 */
const P = { margin: [0, 0, 0, 6] };
const LIST = { margin: [0, 0, 0, 6] };
const HEADINGS: Record<number, Record<string, unknown>> = {
  1: { fontSize: 20, bold: true, margin: [0, 0, 0, 4] },
  2: { fontSize: 15, bold: true, margin: [0, 16, 0, 6] },
  3: { fontSize: 12.5, bold: true, margin: [0, 12, 0, 4] },
  4: { fontSize: 11, bold: true, margin: [0, 8, 0, 4] },
  5: { fontSize: 10.5, bold: true, margin: [0, 6, 0, 3] },
  6: { fontSize: 10.5, bold: true, italics: true, margin: [0, 6, 0, 3] },
};
const LINK = { color: '#1d4f91', decoration: 'underline' };
const FOOTER = { fontSize: 8, color: META };
const anchor = (letter: string) => `appendix-${letter}`;

const text = (t: string) => cleanText(t);
const link = (t: string, url: string) => ({ text: text(t), link: url, ...LINK });
const toAppendix = (letter: string) => ({ text: `Appendix ${letter}`, linkToDestination: anchor(letter), ...LINK });
const heading = (level: number, content: Node[] | string, extra: Record<string, unknown> = {}) =>
  ({ text: content, ...HEADINGS[Math.min(6, Math.max(1, level))], headlineLevel: level, ...extra });
const paras = (texts: string[]): Node[] => texts.flatMap(plainParagraphs).map((t) => ({ text: t, ...P }));
const list = (items: Node[]): Node => ({ ul: items, ...LIST });

function entry(e: PaperEntry, impactHeading: string | null, appendixKind: string): Node[] {
  const out: Node[] = [
    heading(3, [link(e.reference, e.url), text(` ‘${e.title}’`)]),
    ...paras([raisedBy(e)]),
    ...paras(e.summary ? [e.summary] : []),
  ];
  if (impactHeading && e.anticipatedImpacts !== null) out.push(heading(4, text(impactHeading)), ...paras([e.anticipatedImpacts]));
  if (e.appendix) out.push({ text: [`The ${appendixKind} is in `, toAppendix(e.appendix), '.'], ...P });
  return out;
}

function appendix(a: Appendix): Node[] {
  const out: Node[] = [
    heading(2, text(appendixTitle(a)), { pageBreak: 'before', id: anchor(a.letter), outline: true }),
    { text: text(`‘${a.title}’${a.versionLabel ? `, version ${a.versionLabel}` : ''}`), ...P, italics: true, color: META },
  ];
  const blocks = markdownBlocks(a.body);
  if (blocks.length === 0) out.push({ text: 'No problem statement has been written yet.', ...P, italics: true });
  let bullets: Node[] = [];
  const flush = () => { if (bullets.length) out.push(list(bullets)); bullets = []; };
  for (const b of blocks) {
    if (b.kind === 'bullet') { bullets.push(b.text); continue; }
    flush();
    // The statement's own headings sit under the appendix heading: # → h3, ## → h4…
    if (b.kind === 'heading') out.push(heading(b.level + 2, b.text));
    else out.push({ text: b.text, ...P });
  }
  flush();
  return out;
}

interface NodeInfo { headlineLevel?: number; pageNumbers: number[] }

/**
 * pdfmake's pageBreakBefore that keeps a heading off the foot of a page when nothing follows it
 * there. pdfmake asks about every node in order, and each getFollowingNodesOnPage() scans every
 * node to the end of the document: on a long paper, thousands of scans of thousands of nodes. The
 * nodes after the first heading on a page that are on that page are kept, and a later heading on
 * the same page reads its followers from them (the same answer: the nodes after it on its page).
 * A new layout pass gives new node infos, so nothing kept from an earlier pass matches.
 */
function keepHeadingsOffTheFoot() {
  let kept: { page: number; following: NodeInfo[] } | null = null;
  return (node: NodeInfo, nodes: { getFollowingNodesOnPage(): NodeInfo[] }): boolean => {
    if (node.headlineLevel === undefined) return false;
    const page = node.pageNumbers[0];
    const at = kept && kept.page === page ? kept.following.indexOf(node) : -1;
    if (at >= 0) return at === kept!.following.length - 1;
    kept = { page, following: nodes.getFollowingNodesOnPage() };
    return kept.following.length === 0;
  };
}

export function paperDefinition(paper: PaperContent): DocDefinition {
  const { noImpact, impact, notReviewed } = paper.converted;
  const anyConverted = noImpact.length + impact.length + notReviewed.length > 0;
  const date = formatDate(paper.date);
  const section = (title: string) => heading(2, title, { outline: true });
  const content: Node[] = [
    heading(1, text(paper.title)),
    { text: text(`${paper.committee.name} (${paper.committee.shortName}), ${date}`), color: META, margin: [0, 0, 0, 8] },
    section('1. Purpose'),
    ...paras(paper.purpose),
    section('2. New Draft Proposals'),
    ...paras(paper.newDraftsIntro),
    ...paras(paper.newDrafts.length === 0 ? [paper.nothingNew] : []),
    ...paper.newDrafts.flatMap((e) => entry(e, paper.impactHeading, 'draft problem statement')),
    section('3. Draft Proposals converted to Modification Proposals'),
    ...paras(anyConverted ? paper.convertedIntro : [paper.nothingConverted]),
  ];
  if (noImpact.length) {
    content.push(...paras([paper.noImpactLead]), list(noImpact.map((e) => ({ text: [link(e.reference, e.url), text(` ‘${e.title}’`)] }))));
  }
  if (impact.length) content.push(...paras([paper.impactLead]), ...impact.flatMap((e) => entry(e, null, 'problem statement')));
  if (notReviewed.length) content.push(...paras([paper.notReviewedLead]), ...notReviewed.flatMap((e) => entry(e, null, 'problem statement')));
  content.push(
    section('4. Recommendations'),
    ...paras([paper.recommendation]),
    { text: [text(paper.author), '\n', text(paper.team), '\n', date], margin: [0, 12, 0, 0] },
  );
  if (paper.appendices.length) {
    content.push(section('Attachments'), list(paper.appendices.map((a) => ({ text: text(appendixTitle(a)), linkToDestination: anchor(a.letter), ...LINK }))));
    for (const a of paper.appendices) content.push(...appendix(a));
  }

  // A fixed instant from the paper's date, so the same paper gives the same file.
  const at = new Date(`${paper.date}T00:00:00Z`);
  const footerLine = text(`${paper.committee.shortName}: ${paper.title}, ${date}`);
  return {
    info: {
      title: text(`${paper.title}: ${paper.committee.shortName}, ${date}`),
      author: text(paper.author),
      subject: text(paper.committee.name),
      creator: 'Secretariat',
      producer: 'Secretariat (pdfmake)',
      creationDate: at,
      modDate: at,
    },
    language: 'en-GB',
    displayTitle: true,
    pageSize: 'A4',
    pageMargins: [57, 57, 57, 64],
    content,
    footer: (currentPage: number, pageCount: number) => ({
      margin: [57, 24, 57, 0],
      columns: [
        { text: footerLine, ...FOOTER },
        { text: `Page ${currentPage} of ${pageCount}`, ...FOOTER, alignment: 'right', width: 'auto' },
      ],
    }),
    pageBreakBefore: keepHeadingsOffTheFoot(),
    defaultStyle: { font: FONT, fontSize: 10.5, lineHeight: 1.2, color: '#1d1d1b' },
  };
}

/** The font name a document given to renderPdfDocument sets its text in (the paper's font). */
export const PDF_FONT = FONT;

/** Any document definition (another module's generated document) through the same engine, font and refusals. */
export async function renderPdfDocument(doc: { content: unknown[]; [key: string]: unknown }): Promise<Buffer> {
  return pdfmake().createPdf(doc as DocDefinition).getBuffer();
}

export async function renderPdf(paper: PaperContent): Promise<Buffer> {
  return pdfmake().createPdf(paperDefinition(paper)).getBuffer();
}

/** pdfmake content, loosely typed, for another module's plain record (a Change Board vote). */
export type PdfNode = Node;

/** A plain record (headings, paragraphs, tables) in the paper's font and styles: another module's frozen document. */
export async function renderRecordPdf(doc: { title: string; author: string; content: PdfNode[] }): Promise<Buffer> {
  return pdfmake().createPdf({
    info: { title: doc.title, author: doc.author },
    pageMargins: [56, 56, 56, 56],
    content: doc.content,
    defaultStyle: { font: FONT, fontSize: 10, lineHeight: 1.2, color: '#1d1d1b' },
    styles: {
      h1: { fontSize: 18, bold: true, margin: [0, 0, 0, 6] },
      h2: { fontSize: 13, bold: true, margin: [0, 12, 0, 4] },
      p: { margin: [0, 0, 0, 6] },
      th: { bold: true },
    },
  }).getBuffer();
}
