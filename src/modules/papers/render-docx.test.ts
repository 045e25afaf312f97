import { beforeAll, describe, expect, it } from 'vitest';
import { emptyPaper, fullPaper, HOSTILE, htmlBlocks } from './fixture.test-helper.js';
import { renderDocx } from './render-docx.js';
import { decode, paragraphs, unzip, type Para } from '../../../test/support/documents.js';

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('renderDocx', () => {
  let files: Map<string, string>;
  let doc: string;
  let paras: Para[];
  const paper = fullPaper();

  beforeAll(async () => {
    const buf = await renderDocx(paper);
    expect(Buffer.isBuffer(buf)).toBe(true);
    files = unzip(buf);
    doc = files.get('word/document.xml')!;
    paras = paragraphs(doc);
  });

  it('is a Word package with the expected parts', () => {
    for (const part of ['[Content_Types].xml', 'word/document.xml', 'word/styles.xml', 'word/numbering.xml', 'word/_rels/document.xml.rels', 'docProps/core.xml']) {
      expect(files.has(part), part).toBe(true);
    }
  });

  it('uses Heading 1–4 styles for the title, sections, entries and impact headings, in order', () => {
    const headings = paras.filter((p) => p.style?.startsWith('Heading')).map((p) => [p.style, p.text]);
    expect(headings.slice(0, 14)).toEqual([
      ['Heading1', 'New Draft Proposals and Modification Proposals'],
      ['Heading2', '1. Purpose'],
      ['Heading2', '2. New Draft Proposals'],
      ['Heading3', `DP094 ‘Supporting prepayment ${HOSTILE}’`],
      ['Heading4', 'Anticipated Operational Impacts'],
      ['Heading3', 'DP095 ‘Alignment of Credit Cover’'],
      ['Heading4', 'Anticipated Operational Impacts'],
      ['Heading2', '3. Draft Proposals converted to Modification Proposals'],
      ['Heading3', 'MP091 ‘DNO Power Outage Alerts’'],
      ['Heading3', 'MP092 ‘Improving SMETS2 Meter Installs for New Connections’'],
      ['Heading2', '4. Recommendations'],
      ['Heading2', 'Attachments'],
      ['Heading2', 'Appendix A: DP094 draft problem statement'],
      ['Heading3', 'What is the issue?'],
    ]);
  });

  it('carries the same wording, in the same order, as the HTML paper (up to the appendices)', () => {
    const firstAppendix = paras.findIndex((p) => p.xml.includes('<w:pageBreakBefore/>'));
    const docxText = squash(paras.slice(0, firstAppendix).map((p) => p.text).join(' '));
    expect(docxText).toBe(squash(htmlBlocks(paper).join(' ')));
  });

  it('writes the entries, the raisedBy sentences and the appendix pointers', () => {
    const texts = paras.map((p) => p.text);
    const at = (s: string) => texts.findIndex((t) => t.includes(s));
    const order = ['DP094 ‘', 'DP094 was raised by Andy Knowles of Utilita & Co <Ltd>. The Lead Analyst is Joe Hehir.',
      'The draft problem statement is in Appendix A.', 'DP095 ‘', 'The draft problem statement is in Appendix B.',
      'MP090 ‘', 'MP091 ‘', 'DP091 was raised by Del Kang of DCC.', 'The problem statement is in Appendix C.',
      'MP092 ‘', 'DP092 was raised.', 'The problem statement is in Appendix D.'];
    const positions = order.map(at);
    expect(positions.every((p) => p >= 0), JSON.stringify(positions)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // A summary with a blank line is two paragraphs.
    expect(texts).toContain('First paragraph.');
    expect(texts).toContain('Second paragraph, wrapped.');
  });

  it('starts each appendix on a new page, in order, with a bookmark the entries and attachments link to', () => {
    expect(doc.match(/<w:pageBreakBefore\/>/g)).toHaveLength(paper.appendices.length);
    const breaks = paras.filter((p) => p.xml.includes('<w:pageBreakBefore/>'));
    expect(breaks.map((p) => [p.style, p.text])).toEqual([
      ['Heading2', 'Appendix A: DP094 draft problem statement'],
      ['Heading2', 'Appendix B: DP095 draft problem statement'],
      ['Heading2', 'Appendix C: MP091 final problem statement'],
      ['Heading2', 'Appendix D: MP092 final problem statement'],
    ]);
    for (const letter of ['A', 'B', 'C', 'D']) {
      expect(breaks.some((p) => p.xml.includes(`<w:bookmarkStart w:name="Appendix_${letter}"`))).toBe(true);
      // one link from the entry, one from the attachments list
      expect(doc.match(new RegExp(`<w:hyperlink [^>]*w:anchor="Appendix_${letter}"`, 'g'))).toHaveLength(2);
    }
  });

  it('converts an appendix’s Markdown to headings, bullets and plain paragraphs', () => {
    const appendixAt = (title: string) => paras.findIndex((p) => p.text === title && p.xml.includes('<w:pageBreakBefore/>'));
    const start = appendixAt('Appendix A: DP094 draft problem statement');
    const end = appendixAt('Appendix B: DP095 draft problem statement');
    expect(paras.slice(start + 1, end).map((p) => [p.style, p.text])).toEqual([
      [null, `‘Supporting prepayment ${HOSTILE}’, version 0.1`],
      ['Heading3', 'What is the issue?'],
      [null, 'Prepayment customers lose service when the SM WAN is down. See the SEC (https://smartenergycodecompany.co.uk/the-sec/). A second line of the same paragraph with code in it.'],
      ['Heading4', 'Impact of doing nothing'],
      ['ListParagraph', 'Customers self-disconnect'],
      ['ListParagraph', 'Suppliers send engineers'],
      [null, `Raw HTML stays text: ${HOSTILE}`],
    ]);
    const d = appendixAt('Appendix D: MP092 final problem statement');
    expect(paras.slice(d + 1).map((p) => p.text)).toEqual(['‘Improving SMETS2 Meter Installs for New Connections’, version 1.0', 'No problem statement has been written yet.']);
  });

  it('links each change to its public page through external relationships', () => {
    const rels = files.get('word/_rels/document.xml.rels')!;
    const entries = [...paper.newDrafts, ...paper.converted.noImpact, ...paper.converted.impact, ...paper.converted.notReviewed];
    for (const e of entries) {
      const rel = new RegExp(`<Relationship Id="([^"]+)" Type="[^"]+/hyperlink" Target="${e.url.replace(/[.]/g, '\\.')}" TargetMode="External"/>`).exec(rels);
      expect(rel, e.url).not.toBeNull();
      const link = new RegExp(`<w:hyperlink [^>]*r:id="${rel![1]}"[^>]*>([\\s\\S]*?)</w:hyperlink>`).exec(doc);
      expect(link && decode(link[1].replace(/<[^>]+>/g, ''))).toBe(e.reference);
    }
  });

  it('puts bullets on a bullet numbering definition (w:numPr)', () => {
    const bullets = paras.filter((p) => p.xml.includes('<w:numPr>'));
    expect(bullets.map((p) => p.text)).toEqual([
      `MP090 ‘No-impact change ${HOSTILE}’`,
      'Appendix A: DP094 draft problem statement',
      'Appendix B: DP095 draft problem statement',
      'Appendix C: MP091 final problem statement',
      'Appendix D: MP092 final problem statement',
      'Customers self-disconnect',
      'Suppliers send engineers',
    ]);
    const numId = /<w:numId w:val="(\d+)"\/>/.exec(bullets[0].xml)![1];
    const numbering = files.get('word/numbering.xml')!;
    const abstractId = new RegExp(`<w:num w:numId="${numId}"[^>]*>\\s*<w:abstractNumId w:val="(\\d+)"/>`).exec(numbering)![1];
    const abstract = new RegExp(`<w:abstractNum [^>]*w:abstractNumId="${abstractId}"[^>]*>([\\s\\S]*?)</w:abstractNum>`).exec(numbering)![1];
    expect(abstract).toContain('<w:numFmt w:val="bullet"/>');
  });

  it('writes user text as escaped text, never as markup', () => {
    expect(doc).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp;');
    expect(doc).not.toMatch(/<script/i);
    expect(doc).not.toMatch(/<Ltd>/);
    for (const [name, xml] of files) expect(xml, name).not.toMatch(/<script/i);
  });

  it('sets the document properties and the default font', () => {
    const core = files.get('docProps/core.xml')!;
    expect(core).toContain('<dc:title>New Draft Proposals and Modification Proposals: OPSG, 12 March 2024</dc:title>');
    expect(core).toContain('<dc:creator>Joe Hehir</dc:creator>');
    expect(files.get('word/styles.xml')).toMatch(/<w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial"[^>]*\/>[\s\S]*?<w:sz w:val="22"\/>/);
  });

  it('numbers the pages in the footer', () => {
    const footer = [...files].find(([name]) => /^word\/footer\d*\.xml$/.test(name));
    expect(footer?.[1]).toMatch(/PAGE/);
    expect(footer?.[1]).toMatch(/NUMPAGES/);
  });
});

describe('renderDocx with an empty paper', () => {
  it('says nothing was raised or converted, with no appendices or page breaks', async () => {
    const paper = emptyPaper();
    const files = unzip(await renderDocx(paper));
    const doc = files.get('word/document.xml')!;
    const texts = paragraphs(doc).map((p) => p.text);
    expect(texts).toContain('No Draft Proposals were raised in this period.');
    expect(texts).toContain('No Draft Proposals were converted to Modification Proposals in this period.');
    expect(texts).toContain('4. Recommendations');
    expect(texts).not.toContain('Attachments');
    expect(doc).not.toContain('<w:pageBreakBefore/>');
    expect(doc).not.toContain('<w:numPr>');
    expect(squash(texts.join(' '))).toBe(squash(htmlBlocks(paper).join(' ')));
  });
});
