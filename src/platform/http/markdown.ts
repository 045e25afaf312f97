// User Markdown to HTML with raw HTML switched off: markup typed by a user stays text, and a link to
// an address that is not safe (javascript:, data:, …) keeps only its text.
import { createRequire } from 'node:module';
import type { MarkdownIt } from 'markdown-it';
import type MarkdownItConstructor from 'markdown-it';
import { dropUnsafeLinks, isSafeLink } from '../links.js';

// markdown-it (with its entity tables) is loaded when a first text is rendered, not with the pages
// that render some: a server answers its first requests sooner.
const require = createRequire(import.meta.url);
let md: MarkdownIt | undefined;

function renderer(): MarkdownIt {
  if (!md) {
    const MarkdownItClass = require('markdown-it') as typeof MarkdownItConstructor;
    md = new MarkdownItClass({ html: false, linkify: true, typographer: false });
    // Only web, mail and relative addresses become links (markdown-it's own rule lets through more).
    md.validateLink = isSafeLink;
  }
  return md;
}

// The same texts are shown again and again (a problem statement version never changes), and
// rendering costs more than finding the text in a map.
const rendered = new Map<string, string>();
const KEPT = 500;

export function markdownToHtml(source: string): string {
  const kept = rendered.get(source);
  if (kept !== undefined) return kept;
  const html = renderer().render(dropUnsafeLinks(source));
  if (rendered.size >= KEPT) rendered.delete(rendered.keys().next().value!);
  rendered.set(source, html);
  return html;
}
