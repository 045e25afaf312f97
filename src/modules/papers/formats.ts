// The formats a paper is produced in, and the renderer of each. The HTML, Word and PDF renderers
// (preact and markdown-it, docx, pdfmake) take long to load, so they are loaded when a paper is
// first written in their format, not when the server or a command starts.
import type { PaperContent } from './papers.js';
import { renderMarkdown } from './render-markdown.js';

export const PAPER_FORMATS = ['md', 'html', 'docx', 'pdf'] as const;
export type PaperFormat = (typeof PAPER_FORMATS)[number];

export const MEDIA_TYPES: Record<PaperFormat, string> = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
};

export async function renderPaper(paper: PaperContent, format: PaperFormat): Promise<Buffer> {
  switch (format) {
    case 'md': return Buffer.from(renderMarkdown(paper), 'utf8');
    case 'html': return Buffer.from((await import('./render-html.js')).renderHtml(paper), 'utf8');
    case 'docx': return (await import('./render-docx.js')).renderDocx(paper);
    case 'pdf': return (await import('./render-pdf.js')).renderPdf(paper);
  }
}

/** A paper file's name, as it downloads: `OPSG-2019-11-26-v1.docx` when issued, `OPSG-2019-11-26-draft.docx` as a preview. */
export function paperFilename(paper: { committee: { code: string }; date: string }, format: PaperFormat, version?: number): string {
  return `${paper.committee.code.toUpperCase()}-${paper.date}-${version ? `v${version}` : 'draft'}.${format}`;
}

/** HTML and PDF open in the browser; Word and Markdown download. */
export function dispositionOf(format: PaperFormat, filename: string): string {
  return `${format === 'html' || format === 'pdf' ? 'inline' : 'attachment'}; filename="${filename}"`;
}
