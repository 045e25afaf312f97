// The collated responses of a closed consultation, as one document in three formats: HTML (the
// consultation's page shows the same), Word (docx) and PDF (pdfmake, through the papers' engine and
// font). Only responses that are not confidential are ever given here (see `collatable`). All text
// goes in as text: preact and docx escape it, pdfmake reads no markup in strings.
import type { Paragraph } from 'docx';
import { renderToString } from 'preact-render-to-string';
import { formatDate, formatDateTime } from '../../process/dates.js';
import { cleanText, plainParagraphs } from '../papers/markdown-blocks.js';
import { PDF_FONT, renderPdfDocument } from '../papers/render-pdf.js';

export interface Collation {
  /** "Refinement Consultation on MP094: Credit cover" */
  title: string;
  reference: string;
  changeTitle: string;
  changeUrl: string;
  kindLabel: string;
  opensOn: string;
  closesOn: string;
  closedOn: string;
  questions: string[];
  responses: { organisation: string; submittedAt: string; answers: string[] }[];
  /** How many responses were confidential and so are not in it. */
  confidentialCount: number;
}

const NO_ANSWER = 'No answer given.';

function summary(c: Collation): string {
  const n = c.responses.length;
  const held = c.confidentialCount ? ` ${c.confidentialCount} confidential ${c.confidentialCount === 1 ? 'response is' : 'responses are'} not published.` : '';
  return `Open from ${formatDate(c.opensOn)} to ${formatDate(c.closesOn)}; closed on ${formatDate(c.closedOn)}. ${n === 0 ? 'No published responses.' : `${n} published ${n === 1 ? 'response' : 'responses'}.`}${held}`;
}

export function CollationBody({ c, level = 1 }: { c: Collation; level?: 1 | 2 }) {
  const H = (level === 1 ? 'h2' : 'h3') as 'h2';
  const Q = (level === 1 ? 'h3' : 'h4') as 'h3';
  return (
    <div class="collation">
      <p>{summary(c)}</p>
      <H>Questions</H>
      <ol>{c.questions.map((q) => <li>{q}</li>)}</ol>
      {c.responses.map((r) => (
        <section>
          <H>{r.organisation}</H>
          <p class="meta">{`Last submitted ${formatDateTime(r.submittedAt)}`}</p>
          {c.questions.map((q, i) => (
            <>
              <Q>{`${i + 1}. ${q}`}</Q>
              {(r.answers[i] ? plainParagraphs(r.answers[i]) : [NO_ANSWER]).map((t) => <p>{t}</p>)}
            </>
          ))}
        </section>
      ))}
    </div>
  );
}

export function renderCollationHtml(c: Collation): string {
  const head = renderToString(<head><meta charSet="utf-8" /><title>{`${c.title}: responses`}</title></head>);
  const body = renderToString(<body><h1>{`${c.title}: responses`}</h1><p><a href={c.changeUrl}>{`${c.reference} ${c.changeTitle}`}</a></p><CollationBody c={c} /></body>);
  return `<!doctype html>\n<html lang="en-GB">${head}${body}</html>\n`;
}

export async function renderCollationDocx(c: Collation): Promise<Buffer> {
  // docx is large: loaded when a collation is first written in Word, as the papers' renderer is.
  const { Document, HeadingLevel, Packer, Paragraph, TextRun } = await import('docx');
  const run = (text: string, options: { bold?: boolean; italics?: boolean } = {}) => new TextRun({ text: cleanText(text), ...options });
  const para = (text: string, options: { italics?: boolean } = {}) => new Paragraph({ children: [run(text, options)] });
  const heading = (level: 1 | 2 | 3, text: string) =>
    new Paragraph({ heading: [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3][level - 1], children: [run(text)] });
  const body: Paragraph[] = [
    heading(1, `${c.title}: responses`),
    para(`${c.reference} ${c.changeTitle}`),
    para(summary(c)),
    heading(2, 'Questions'),
    ...c.questions.map((q, i) => para(`${i + 1}. ${q}`)),
  ];
  for (const r of c.responses) {
    body.push(heading(2, r.organisation), para(`Last submitted ${formatDateTime(r.submittedAt)}`, { italics: true }));
    c.questions.forEach((q, i) => {
      body.push(heading(3, `${i + 1}. ${q}`));
      for (const t of r.answers[i] ? plainParagraphs(r.answers[i]) : [NO_ANSWER]) body.push(para(t));
    });
  }
  const doc = new Document({
    title: cleanText(`${c.title}: responses`), creator: 'Secretariat', description: cleanText(summary(c)),
    sections: [{ children: body }],
  });
  return Packer.toBuffer(doc);
}

export async function renderCollationPdf(c: Collation): Promise<Buffer> {
  const content: unknown[] = [
    { text: cleanText(`${c.title}: responses`), style: 'h1' },
    { text: cleanText(`${c.reference} ${c.changeTitle}`), style: 'p', link: c.changeUrl },
    { text: cleanText(summary(c)), style: 'p' },
    { text: 'Questions', style: 'h2' },
    { ol: c.questions.map(cleanText), style: 'p' },
  ];
  for (const r of c.responses) {
    content.push({ text: cleanText(r.organisation), style: 'h2' }, { text: `Last submitted ${formatDateTime(r.submittedAt)}`, style: 'p', italics: true });
    c.questions.forEach((q, i) => {
      content.push({ text: cleanText(`${i + 1}. ${q}`), style: 'h3' });
      for (const t of r.answers[i] ? plainParagraphs(r.answers[i]) : [NO_ANSWER]) content.push({ text: t, style: 'p' });
    });
  }
  const at = new Date(`${c.closedOn}T00:00:00Z`);
  return renderPdfDocument({
    info: { title: cleanText(`${c.title}: responses`), creator: 'Secretariat', producer: 'Secretariat (pdfmake)', creationDate: at, modDate: at },
    language: 'en-GB', pageSize: 'A4', pageMargins: [57, 57, 57, 64], content,
    defaultStyle: { font: PDF_FONT, fontSize: 10.5, lineHeight: 1.2, color: '#1d1d1b' },
    styles: {
      h1: { fontSize: 18, bold: true, margin: [0, 0, 0, 6] },
      h2: { fontSize: 14, bold: true, margin: [0, 14, 0, 6] },
      h3: { fontSize: 11.5, bold: true, margin: [0, 8, 0, 4] },
      p: { margin: [0, 0, 0, 6] },
    },
  });
}
