import { getMeta } from 'unpdf';
import { open, type Proxy } from '../../../test/support/documents.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { emptyPaper, fullPaper, HOSTILE, htmlBlocks } from './fixture.test-helper.js';
import type { PaperContent } from './papers.js';
import { PDF_FONT, renderPdf, renderPdfDocument } from './render-pdf.js';

/** A page's text without its footer line, and with lines joined by spaces. */
const body = (page: string) => page.split('\n').filter((l) => !/Page \d+ of \d+$/.test(l)).join('\n');
const flat = (s: string) => s.replace(/\s+/g, ' ').trim();
/** Line wrapping can break a line anywhere (even inside "</script>"), so compare text without whitespace. */
const tight = (s: string) => s.replace(/\s+/g, '');

describe('renderPdf', () => {
  const paper = fullPaper();
  let buf: Buffer;
  let pdf: Proxy;
  let pages: string[];
  let all: string;

  beforeAll(async () => {
    buf = await renderPdf(paper);
    ({ pdf, pages } = await open(buf));
    all = flat(pages.map(body).join('\n'));
  });

  it('is a PDF', () => {
    expect(Buffer.isBuffer(buf)).toBe(true);
    expect(buf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(buf.subarray(-6).toString('latin1')).toMatch(/%%EOF\s*$/);
  });

  it('has the sections, entries and appendices in order', () => {
    const order = [
      'New Draft Proposals and Modification Proposals', 'Operations Group (OPSG), 12 March 2024',
      '1. Purpose', '2. New Draft Proposals', 'DP094', 'DP094 was raised by Andy Knowles of Utilita & Co <Ltd>. The Lead Analyst is Joe Hehir.',
      'Anticipated Operational Impacts', 'The draft problem statement is in Appendix A.', 'DP095 ‘Alignment of Credit Cover’',
      'The draft problem statement is in Appendix B.', '3. Draft Proposals converted to Modification Proposals',
      'MP090', 'MP091 ‘DNO Power Outage Alerts’', 'DP091 was raised by Del Kang of DCC.', 'The problem statement is in Appendix C.',
      'MP092 ‘Improving SMETS2 Meter Installs for New Connections’', 'DP092 was raised.', 'The problem statement is in Appendix D.',
      '4. Recommendations', 'Joe Hehir SECAS Team 12 March 2024', 'Attachments',
      'Appendix A: DP094 draft problem statement', 'Appendix B: DP095 draft problem statement',
      'Appendix C: MP091 final problem statement', 'Appendix D: MP092 final problem statement',
    ];
    let from = 0;
    for (const s of order) {
      const at = all.indexOf(s, from);
      expect(at, `“${s}” after position ${from}`).toBeGreaterThanOrEqual(0);
      from = at + s.length;
    }
  });

  it('carries the same wording, in the same order, as the HTML paper (up to the appendices)', () => {
    const firstAppendix = pages.findIndex((p) => p.startsWith('Appendix A: '));
    const before = pages.slice(0, firstAppendix).map(body).join('\n');
    expect(tight(before)).toBe(tight(htmlBlocks(paper).join('')));
  });

  it('writes the hostile title literally, as text', () => {
    expect(tight(all)).toContain(tight(`DP094 ‘Supporting prepayment ${HOSTILE}’`));
    expect(tight(all)).toContain(tight(`Raw HTML stays text: ${HOSTILE}`));
  });

  it('starts each appendix on a new page, in order, after the paper itself', () => {
    expect(pdf.numPages).toBeGreaterThanOrEqual(1 + paper.appendices.length);
    const starts = pages.map((p, i) => [i, p.split('\n')[0]] as const).filter(([, first]) => first.startsWith('Appendix '));
    expect(starts.map(([, first]) => first)).toEqual([
      'Appendix A: DP094 draft problem statement',
      'Appendix B: DP095 draft problem statement',
      'Appendix C: MP091 final problem statement',
      'Appendix D: MP092 final problem statement',
    ]);
    expect(starts[0][0]).toBeGreaterThanOrEqual(1);
    expect(flat(body(pages[starts[3][0]]))).toBe(
      'Appendix D: MP092 final problem statement ‘Improving SMETS2 Meter Installs for New Connections’, version 1.0 No problem statement has been written yet.');
  });

  it('converts an appendix’s Markdown to plain headings, bullets and paragraphs', () => {
    const a = flat(body(pages.find((p) => p.startsWith('Appendix A: '))!));
    expect(a).toContain('What is the issue? Prepayment customers lose service when the SM WAN is down. See the SEC (https://');
    expect(a).toContain('Impact of doing nothing Customers self-disconnect Suppliers send engineers');
    expect(a).not.toMatch(/\*\*|`|\]\(/);
  });

  it('numbers the pages in the footer', () => {
    pages.forEach((p, i) => expect(p).toContain(`Page ${i + 1} of ${pages.length}`));
  });

  it('links each change to its public page, and the appendix pointers to the appendices', async () => {
    const urls: string[] = [];
    const internal = new Set<string>();
    for (let n = 1; n <= pdf.numPages; n++) {
      // pdfmake writes one link annotation per word of a linked text
      for (const a of await (await pdf.getPage(n)).getAnnotations()) {
        if (a.subtype !== 'Link') continue;
        if (a.url) urls.push(a.url);
        else if (a.dest) internal.add(JSON.stringify(a.dest));
      }
    }
    const entries = [...paper.newDrafts, ...paper.converted.noImpact, ...paper.converted.impact, ...paper.converted.notReviewed];
    expect(urls).toEqual(entries.map((e) => e.url));
    const destinations = await Promise.all(paper.appendices.map((a) => pdf.getDestination(`appendix-${a.letter}`)));
    expect(destinations.every((d) => Array.isArray(d))).toBe(true);
    expect([...internal].sort()).toEqual(paper.appendices.map((a) => JSON.stringify(`appendix-${a.letter}`)));
  });

  it('writes a line’s like-set words as one run: one link annotation per linked line, not one per word', async () => {
    let internal = 0;
    for (let n = 1; n <= pdf.numPages; n++) {
      for (const a of await (await pdf.getPage(n)).getAnnotations()) if (a.subtype === 'Link' && !a.url) internal += 1;
    }
    // "Appendix A" after each entry with an appendix, and each line of the attachments list.
    const pointers = [...paper.newDrafts, ...paper.converted.impact, ...paper.converted.notReviewed].filter((e) => e.appendix).length;
    expect(internal).toBe(pointers + paper.appendices.length);
  });

  it('sets the title, author and creation date, and bookmarks the sections and appendices', async () => {
    const { info } = await getMeta(pdf);
    expect(info.Title).toBe('New Draft Proposals and Modification Proposals: OPSG, 12 March 2024');
    expect(info.Author).toBe('Joe Hehir');
    expect(info.CreationDate).toBe('D:20240312000000Z');
    const outline = (await pdf.getOutline())?.map((o) => o.title);
    expect(outline).toEqual(['1. Purpose', '2. New Draft Proposals', '3. Draft Proposals converted to Modification Proposals',
      '4. Recommendations', 'Attachments', ...paper.appendices.map((a) => `Appendix ${a.letter}: ${a.reference} ${a.kind} problem statement`)]);
  });

  it('gives the same bytes for the same paper', async () => {
    expect((await renderPdf(fullPaper())).equals(buf)).toBe(true);
  });
});

describe('renderPdf with an empty paper', () => {
  it('says nothing was raised or converted, on one page with no appendices', async () => {
    const paper: PaperContent = emptyPaper();
    const { pdf, pages } = await open(await renderPdf(paper));
    expect(pdf.numPages).toBe(1);
    const text = flat(body(pages[0]));
    expect(text).toContain('No Draft Proposals were raised in this period.');
    expect(text).toContain('No Draft Proposals were converted to Modification Proposals in this period.');
    expect(text).toContain('4. Recommendations');
    expect(text).not.toContain('Attachments');
    expect(tight(text)).toBe(tight(htmlBlocks(paper).join('')));
  });
});

describe('renderPdfDocument', () => {
  it('writes a table header repeated on every page once per page (its lines share their words)', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => [`Row ${i + 1}`, 'alpha beta gamma']);
    const { pdf, pages } = await open(await renderPdfDocument({
      defaultStyle: { font: PDF_FONT }, content: [{ table: { headerRows: 1, body: [['Party name', 'Their view of it'], ...rows] } }],
    }));
    expect(pdf.numPages).toBeGreaterThan(1);
    for (const page of pages) expect(page.match(/Party name Their view of it/g)).toHaveLength(1);
    expect(flat(pages.join(' '))).toContain('Row 120 alpha beta gamma');
  });
});
