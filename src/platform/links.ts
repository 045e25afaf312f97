// Which link addresses typed by users may become links in what the site writes (HTML pages, papers in
// Markdown, Word and PDF): web and mail addresses and addresses within the site. Anything naming another
// scheme (javascript:, data:, vbscript:, file:, …) is dropped wherever a link is made, keeping its text.

const SAFE_SCHEMES = new Set(['http', 'https', 'mailto']);

const NAMED: Record<string, string> = { colon: ':', tab: '\t', newline: '\n', amp: '&', lpar: '(', rpar: ')', sol: '/' };

/** The address as a browser would read its scheme: entities and backslash escapes undone, spaces and controls gone. */
function normalised(url: string): string {
  return url
    .replace(/&#x([0-9a-f]+);?/gi, (_m, hex: string) => safeChar(parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_m, dec: string) => safeChar(Number(dec)))
    .replace(/&([a-z]+);/gi, (m, name: string) => NAMED[name.toLowerCase()] ?? m)
    .replace(/\\(.)/g, '$1')
    // Browsers skip tabs and line breaks anywhere in an address, and spaces and controls at its ends.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0020\u007f-\u00a0\u200b-\u200f\u2028\u2029\ufeff]/g, '');
}

function safeChar(code: number): string {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
}

/** Whether a link may point at this address: a relative one, or http(s) or mailto. */
export function isSafeLink(url: string): boolean {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(normalised(url));
  return !scheme || SAFE_SCHEMES.has(scheme[1].toLowerCase());
}

/**
 * A user's Markdown with every link or image whose address is not safe replaced by its text (an
 * image by its description), and reference definitions and autolinks of such addresses dropped.
 * Inline destinations are read as CommonMark reads them: in angle brackets, or up to the closing
 * parenthesis with balanced parentheses inside, then an optional title.
 */
export function dropUnsafeLinks(markdown: string): string {
  let out = '';
  let i = 0;
  const opener = /(!?)\[((?:\\.|[^\]\\])*)\]\(/g;
  for (let m = opener.exec(markdown); m; m = opener.exec(markdown)) {
    const end = inlineLinkEnd(markdown, opener.lastIndex);
    if (end === null) continue;
    const destination = end.destination;
    out += markdown.slice(i, m.index);
    out += isSafeLink(destination) ? markdown.slice(m.index, end.index) : m[2];
    i = end.index;
    opener.lastIndex = end.index;
  }
  out += markdown.slice(i);
  return out
    // Reference definitions: [label]: destination "title"
    .replace(/^( {0,3}\[(?:\\.|[^\]\\])+\]:[ \t]*)(<[^>\n]*>|\S+)(.*)$/gm, (line, _start, dest: string) =>
      (isSafeLink(dest.replace(/^<|>$/g, '')) ? line : ''))
    // Autolinks: <scheme:…>
    .replace(/<([a-z][a-z0-9+.-]{1,31}:[^\s<>]*)>/gi, (link, dest: string) => (isSafeLink(dest) ? link : dest));
}

/** Where an inline link's `(destination "title")` ends (after its `)`), or null when it is not one. */
function inlineLinkEnd(s: string, start: number): { index: number; destination: string } | null {
  let i = start;
  while (s[i] === ' ' || s[i] === '\t' || s[i] === '\n') i += 1;
  let destination: string;
  if (s[i] === '<') {
    const close = s.indexOf('>', i);
    if (close < 0 || s.slice(i, close).includes('\n')) return null;
    destination = s.slice(i + 1, close);
    i = close + 1;
  } else {
    let depth = 0;
    const from = i;
    for (; i < s.length; i += 1) {
      const c = s[i];
      if (c === '\\' && i + 1 < s.length) { i += 1; continue; }
      if (c === '(') depth += 1;
      else if (c === ')') { if (depth === 0) break; depth -= 1; }
      // eslint-disable-next-line no-control-regex
      else if (/[\u0000-\u0020]/.test(c)) break;
    }
    destination = s.slice(from, i);
  }
  // An optional title, then the closing parenthesis.
  const rest = /^[ \t\n]*(?:(?:"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|\((?:\\.|[^()\\])*\))[ \t\n]*)?\)/.exec(s.slice(i));
  if (!rest) return null;
  return { index: i + rest[0].length, destination };
}
