import { describe, expect, it } from 'vitest';
import { dropUnsafeLinks, isSafeLink } from './links.js';
import { markdownToHtml } from './http/markdown.js';

describe('isSafeLink', () => {
  it('allows web, mail and relative addresses', () => {
    for (const url of ['https://example.org/a(b)', 'http://x', 'mailto:a@b.example', '/modifications/x', '#top', '?q=1', 'page.html']) {
      expect(isSafeLink(url), url).toBe(true);
    }
  });

  it('refuses other schemes however they are disguised', () => {
    for (const url of ['javascript:alert(1)', 'JavaScript:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', 'java\nscript:x',
      'javascript&#58;alert(1)', 'javascript&#x3A;alert(1)', 'javascript&colon;alert(1)', 'javascript\\:alert(1)', '&#106;avascript:x',
      'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox', 'file:///etc/passwd', '\u0000javascript:x']) {
      expect(isSafeLink(url), JSON.stringify(url)).toBe(false);
    }
  });
});

describe('dropUnsafeLinks', () => {
  it('keeps the text of a link or image to an unsafe address, and safe links as they are', () => {
    expect(dropUnsafeLinks('See [x](javascript:alert(1)) and [y](https://example.org/a_(b) "T").'))
      .toBe('See x and [y](https://example.org/a_(b) "T").');
    expect(dropUnsafeLinks('![pic](data:image/png;base64,AAAA) [a](<javascript:alert(1)>) [b]( javascript:x \'t\')')).toBe('pic a b');
  });

  it('drops reference definitions and autolinks of unsafe addresses', () => {
    expect(dropUnsafeLinks('[x][r]\n\n[r]: javascript:alert(1)\n[s]: https://example.org')).toBe('[x][r]\n\n\n[s]: https://example.org');
    expect(dropUnsafeLinks('<javascript:alert(1)> <https://example.org>')).toBe('javascript:alert(1) <https://example.org>');
  });

  it('leaves text that only looks like a link alone', () => {
    expect(dropUnsafeLinks('[not a link] (javascript:x) and [open](javascript:x')).toBe('[not a link] (javascript:x) and [open](javascript:x');
  });
});

describe('markdownToHtml', () => {
  it('makes no link to an unsafe address, however it is written', () => {
    for (const source of ['[x](javascript:alert(1))', '[x](JAVASCRIPT:alert(1))', '[x](<javascript:alert(1)>)', '[x][r]\n\n[r]: javascript:alert(1)',
      '<javascript:alert(1)>', '[x](javascript&#58;alert(1))', '[x](data:text/html;base64,PHNjcmlwdD4=)', '![x](javascript:alert(1))']) {
      const html = markdownToHtml(source);
      expect(html, source).not.toMatch(/href="(?!https?:|mailto:|\/|#)/i);
      expect(html, source).not.toMatch(/src="(?!https?:|\/)/i);
    }
    expect(markdownToHtml('[ok](https://example.org)')).toContain('<a href="https://example.org">ok</a>');
  });
});
