// An Atom feed (RFC 4287) as text. Every text is escaped as XML; entry ids are stable (an event's
// id never changes), so a reader that has seen an entry never sees it as new again.

export interface AtomEntry {
  /** A URI that names the entry for ever: urn:uuid:… of the event. */
  id: string;
  title: string;
  /** ISO instant the entry was recorded. */
  updated: string;
  link: string;
  author: string;
  /** Plain text; may be empty. */
  summary: string;
  categories: string[];
}

export interface AtomFeed {
  id: string;
  title: string;
  /** The feed's own address. */
  self: string;
  /** The page the feed describes. */
  alternate: string;
  updated: string;
  entries: AtomEntry[];
}

/** Text as XML character data or an attribute value: markup stays text, and characters XML 1.0 forbids are dropped. */
export function xmlText(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function renderAtom(feed: AtomFeed): string {
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${xmlText(feed.id)}</id>`,
    `  <title>${xmlText(feed.title)}</title>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlText(feed.self)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlText(feed.alternate)}"/>`,
    `  <updated>${xmlText(feed.updated)}</updated>`,
    '  <generator>Secretariat</generator>',
  ];
  for (const e of feed.entries) {
    lines.push(
      '  <entry>',
      `    <id>${xmlText(e.id)}</id>`,
      `    <title type="text">${xmlText(e.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${xmlText(e.link)}"/>`,
      `    <updated>${xmlText(e.updated)}</updated>`,
      `    <author><name>${xmlText(e.author)}</name></author>`,
      ...e.categories.map((c) => `    <category term="${xmlText(c)}"/>`),
      ...(e.summary ? [`    <summary type="text">${xmlText(e.summary)}</summary>`] : []),
      '  </entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}
