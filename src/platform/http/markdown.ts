// User Markdown to HTML with raw HTML switched off: markup typed by a user stays text.
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: true, typographer: false });

export function markdownToHtml(source: string): string {
  return md.render(source);
}
