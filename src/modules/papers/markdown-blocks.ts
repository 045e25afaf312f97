// A problem statement's Markdown → a few plain blocks (headings, bullets, paragraphs), for the Word
// and PDF renderers. Deliberately simple: inline markup is stripped to its text, links keep their
// address in brackets, and HTML is never interpreted (a tag stays as the literal text it was typed as).

import { dropUnsafeLinks, isSafeLink } from '../../platform/links.js';

export type MarkdownBlock =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'bullet'; text: string }
  | { kind: 'paragraph'; text: string };

// Private-use characters stand in for escaped characters and code spans while the markup is stripped.
const HOLD_START = 0xe000;

/** One line's inline Markdown → plain text: `**b**`, `*i*`, `_i_`, `` `c` ``, `[t](u)` → "t (u)", `<u>` → "u". */
export function stripInline(line: string): string {
  const held: string[] = [];
  const hold = (text: string) => String.fromCharCode(HOLD_START + held.push(text) - 1);
  let s = line
    .replace(/[\ue000-\uf8ff]/g, (c) => hold(c))
    .replace(/\\([\\`*_{}[\]()#+\-.!<>|~])/g, (_m, c: string) => hold(c))
    .replace(/(`+)([^`]|[^`].*?[^`])\1(?!`)/g, (_m, _ticks, code: string) => hold(code.trim() || code));
  s = s
    .replace(/!\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g, (_m, alt: string, url: string) => link(alt || 'image', url))
    .replace(/\[([^\]]+)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g, (_m, text: string, url: string) => link(text, url))
    .replace(/<((?:https?|mailto):[^\s<>]+)>/gi, '$1')
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])/g, '$1')
    .replace(/(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])/g, '$1')
    .replace(/~~(?=\S)(.+?)(?<=\S)~~/g, '$1');
  return s.replace(/[\ue000-\uf8ff]/g, (c) => held[c.charCodeAt(0) - HOLD_START] ?? c);
}

function link(text: string, url: string): string {
  const label = stripInline(text);
  // An address that is not safe (javascript:, data:, …) is not written out, even as text.
  if (url && !isSafeLink(url)) return label;
  if (!url || url === label) return url || label;
  return `${label} (${url})`;
}

const heading = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const bullet = /^\s*[-*+][ \t]+(.*)$/;
const ordered = /^\s*\d{1,9}[.)][ \t]+(.*)$/;
const rule = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const fence = /^ {0,3}(```+|~~~+)/;
const setext = /^ {0,3}(=+|-+)[ \t]*$/;
const tableSeparator = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

/**
 * Splits a Markdown body into blocks. Consecutive lines form one paragraph, and the lines after a
 * bullet join the bullet (nested bullets are flattened); numbered items (keeping their number),
 * table rows and lines of code each become a paragraph of their own; rules and blank lines only
 * separate. Setext headings ("Title" over "===") count as headings.
 */
export function markdownBlocks(body: string): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  let open: { kind: 'bullet' | 'paragraph'; lines: string[] } | null = null;
  let fenced: string | null = null;
  const close = () => {
    if (open) {
      const text = open.lines.map((l) => stripInline(l.trim())).join(' ').replace(/\s+/g, ' ').trim();
      if (text) blocks.push({ kind: open.kind, text });
    }
    open = null;
  };
  for (const line of cleanText(dropUnsafeLinks(body)).replace(/\r\n?/g, '\n').split('\n')) {
    if (fenced !== null) {
      const end = fence.exec(line);
      if (end && end[1][0] === fenced[0] && end[1].length >= fenced.length && line.trim() === end[1]) fenced = null;
      else if (line.trim()) blocks.push({ kind: 'paragraph', text: line.trimEnd() });
      continue;
    }
    if (!line.trim()) { close(); continue; }
    const f = fence.exec(line);
    if (f) { close(); fenced = f[1]; continue; }
    // "Title\n===" or "Title\n---": the paragraph above becomes a heading.
    const s = setext.exec(line);
    const current = open;
    if (s && current?.kind === 'paragraph') {
      const text = current.lines.map((l) => stripInline(l.trim())).join(' ').trim();
      open = null;
      if (text) blocks.push({ kind: 'heading', level: s[1][0] === '=' ? 1 : 2, text });
      continue;
    }
    if (rule.test(line)) { close(); continue; }
    const h = heading.exec(line);
    if (h) {
      close();
      const text = stripInline((h[2] ?? '').trim());
      if (text) blocks.push({ kind: 'heading', level: h[1].length, text });
      continue;
    }
    const b = bullet.exec(line);
    if (b) { close(); open = { kind: 'bullet', lines: [b[1]] }; continue; }
    if (ordered.test(line)) { close(); open = { kind: 'paragraph', lines: [line.trim()] }; continue; }
    if (/^ {0,3}\|/.test(line)) {
      close();
      if (!tableSeparator.test(line)) {
        const cells = line.trim().replace(/^\||\|$/g, '').split('|').map((c) => stripInline(c.trim()));
        blocks.push({ kind: 'paragraph', text: cells.join(' | ') });
      }
      continue;
    }
    const text = line.replace(/^ {0,3}>[ \t]?/, '');
    // Any other line continues the open paragraph or list item (Markdown's "lazy" continuation).
    if (current) current.lines.push(text);
    else open = { kind: 'paragraph', lines: [text] };
  }
  close();
  return blocks;
}

/**
 * Text the XML of a Word file or a PDF string can carry: control characters (other than tab and
 * line breaks), lone surrogates and non-characters are dropped; tabs become spaces.
 */
export function cleanText(text: string): string {
  return text
    // Control characters are what this removes: Word and PDF refuse them.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/\t/g, ' ');
}

/** A plain-text field (a summary, say) as paragraphs: split at blank lines, single line breaks joined. */
export function plainParagraphs(text: string): string[] {
  return cleanText(text).replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim()).filter(Boolean);
}
