// The Markdown and HTML renderers, from a fixture paper.
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { emptyPaper, fullPaper, HOSTILE, htmlBlocks } from './fixture.test-helper.js';
import { embedMarkdown, escapeMarkdown, renderMarkdown } from './render-markdown.js';
import { renderHtml } from './render-html.js';
import { markdownBlocks } from './markdown-blocks.js';

describe('renderMarkdown', () => {
  const md = renderMarkdown(fullPaper());

  it('writes the sections, entries and appendices in order', () => {
    const headings = md.split('\n').filter((l) => /^#{1,3} /.test(l) && !/^#{2,3} (What|Impact|Background)/.test(l));
    expect(headings.map((h) => h.slice(0, 30))).toEqual([
      '# New Draft Proposals and Modi', '## 1. Purpose', '## 2. New Draft Proposals',
      '### DP094 ‘Supporting prepayme', '### DP095 ‘Alignment of Credit',
      '## 3. Draft Proposals converte', '### MP091 ‘DNO Power Outage Al',
      '### MP092 ‘Improving SMETS2 Me', '## 4. Recommendations', '## Attachments',
      '## Appendix A: DP094 draft pro', '## Appendix B: DP095 draft pro',
      '## Appendix C: MP091 final pro', '## Appendix D: MP092 final pro',
    ]);
    expect(md).toContain('### DP094 ‘Supporting prepayment \\<script\\>alert(1)\\</script\\> & "quotes"’');
    expect(md).toContain('DP091 was raised by Del Kang of DCC.');
    expect(md).toContain('- [MP090 ‘No-impact change');
  });

  it('keeps user text as text: rendered, no HTML element survives', () => {
    const rendered = new MarkdownIt({ html: true }).render(md);
    expect(rendered).not.toMatch(/<script|<Ltd>/);
    expect(rendered).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(escapeMarkdown('1. not a list')).toBe('1\\. not a list');
    expect(escapeMarkdown('- not a bullet *or emphasis*')).toBe('\\- not a bullet \\*or emphasis\\*');
    expect(embedMarkdown('# Heading\n<img src=x onerror=alert(1)>', 1)).toBe('## Heading\n&lt;img src=x onerror=alert(1)>');
  });

  it('drops links to unsafe addresses from problem statements in every format, keeping their text', () => {
    const paper = fullPaper();
    paper.appendices[0].body = 'See [click me](javascript:alert(1)), [data](<data:text/html,x>) and [safe](https://example.org/ok).\n\n[r]: vbscript:msgbox';
    const markdown = renderMarkdown(paper);
    const html = renderHtml(paper);
    const blocks = markdownBlocks(paper.appendices[0].body).map((b) => b.text).join('\n');
    for (const out of [markdown, html, blocks]) {
      expect(out).toContain('click me');
      expect(out).not.toMatch(/javascript:|data:text|vbscript:/i);
      expect(out).toContain('https://example.org/ok');
    }
    expect(markdown).toContain('[safe](https://example.org/ok)');
    expect(html).toContain('<a href="https://example.org/ok">safe</a>');
  });

  it('says so when the month is empty', () => {
    const empty = renderMarkdown(emptyPaper());
    expect(empty).toContain('No Draft Proposals were raised in this period.');
    expect(empty).toContain('No Draft Proposals were converted to Modification Proposals in this period.');
    expect(empty).not.toContain('Appendix');
  });
});

describe('renderHtml', () => {
  const html = renderHtml(fullPaper());

  it('is a standalone document with a print stylesheet that starts each appendix on a new page', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('@media print');
    expect(html).toContain('.appendix { break-before: page;');
    expect(html.match(/<section class="appendix" id="appendix-[A-D]">/g)).toHaveLength(4);
  });

  it('escapes every text and links each change to its page', () => {
    expect(html).not.toContain('<script>');
    expect(htmlBlocks(fullPaper()).some((b) => b.includes(HOSTILE))).toBe(true);
    expect(html).toContain('href="https://smartenergycodecompany.co.uk/modifications/dp094/"');
    expect(html).toContain('href="#appendix-A"');
  });
});
