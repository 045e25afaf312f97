// PaperContent → HTML. PaperBody is shared by the in-app preview (inside the site layout) and the
// standalone file a committee downloads (with its own screen and print styles embedded).
import { renderToString } from 'preact-render-to-string';
import { formatDate } from '../../process/dates.js';
import { markdownToHtml } from '../../platform/http/markdown.js';
import type { PaperContent, PaperEntry } from './papers.js';
import { appendixTitle, demoteHeadings, raisedBy } from './render-markdown.js';

/** A heading `shift` levels below its level in the standalone paper (the in-app preview sits under the page's own h1 and h2). */
function H({ level, shift, children }: { level: number; shift: number; children: preact.ComponentChildren }) {
  const Tag = `h${Math.min(6, level + shift)}` as 'h1';
  return <Tag>{children}</Tag>;
}

function Entry({ e, impactHeading, appendixKind, shift }: { e: PaperEntry; impactHeading: string | null; appendixKind: string; shift: number }) {
  return (
    <section class="paper-entry">
      <H level={3} shift={shift}><a href={e.url}>{e.reference}</a> ‘{e.title}’</H>
      <p>{raisedBy(e)}</p>
      {e.summary && <p>{e.summary}</p>}
      {impactHeading && e.anticipatedImpacts !== null && (
        <>
          <H level={4} shift={shift}>{impactHeading}</H>
          <p>{e.anticipatedImpacts}</p>
        </>
      )}
      {e.appendix && <p>The {appendixKind} is in <a href={`#appendix-${e.appendix}`}>Appendix {e.appendix}</a>.</p>}
    </section>
  );
}

export function PaperBody({ paper, shift = 0 }: { paper: PaperContent; shift?: number }) {
  const { noImpact, impact, notReviewed } = paper.converted;
  const anyConverted = noImpact.length + impact.length + notReviewed.length > 0;
  return (
    <article class="paper">
      <header>
        <H level={1} shift={shift}>{paper.title}</H>
        <p class="paper-meta">{paper.committee.name} ({paper.committee.shortName}), {formatDate(paper.date)}</p>
      </header>
      <section>
        <H level={2} shift={shift}>1. Purpose</H>
        {paper.purpose.map((p) => <p>{p}</p>)}
      </section>
      <section>
        <H level={2} shift={shift}>2. New Draft Proposals</H>
        {paper.newDraftsIntro.map((p) => <p>{p}</p>)}
        {paper.newDrafts.length === 0 && <p>{paper.nothingNew}</p>}
        {paper.newDrafts.map((e) => <Entry e={e} impactHeading={paper.impactHeading} appendixKind="draft problem statement" shift={shift} />)}
      </section>
      <section>
        <H level={2} shift={shift}>3. Draft Proposals converted to Modification Proposals</H>
        {anyConverted ? paper.convertedIntro.map((p) => <p>{p}</p>) : <p>{paper.nothingConverted}</p>}
        {noImpact.length > 0 && (
          <>
            <p>{paper.noImpactLead}</p>
            <ul>{noImpact.map((e) => <li><a href={e.url}>{e.reference}</a> ‘{e.title}’</li>)}</ul>
          </>
        )}
        {impact.length > 0 && <p>{paper.impactLead}</p>}
        {impact.map((e) => <Entry e={e} impactHeading={null} appendixKind="problem statement" shift={shift} />)}
        {notReviewed.length > 0 && <p>{paper.notReviewedLead}</p>}
        {notReviewed.map((e) => <Entry e={e} impactHeading={null} appendixKind="problem statement" shift={shift} />)}
      </section>
      <section>
        <H level={2} shift={shift}>4. Recommendations</H>
        <p>{paper.recommendation}</p>
        <p class="signature">{paper.author}<br />{paper.team}<br />{formatDate(paper.date)}</p>
      </section>
      {paper.appendices.length > 0 && (
        <section>
          <H level={2} shift={shift}>Attachments</H>
          <ul>{paper.appendices.map((a) => <li><a href={`#appendix-${a.letter}`}>{appendixTitle(a)}</a></li>)}</ul>
        </section>
      )}
      {paper.appendices.map((a) => (
        <section class="appendix" id={`appendix-${a.letter}`}>
          <H level={2} shift={shift}>{appendixTitle(a)}</H>
          <p class="paper-meta">‘{a.title}’{a.versionLabel ? `, version ${a.versionLabel}` : ''}</p>
          {a.body
            ? <div class="markdown" dangerouslySetInnerHTML={{ __html: markdownToHtml(demoteHeadings(a.body, 1 + shift)) }} />
            : <p>No problem statement has been written yet.</p>}
        </section>
      ))}
    </article>
  );
}

export const PAPER_CSS = `
body { font: 11pt/1.5 "DejaVu Sans", Arial, sans-serif; color: #1d1d1b; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 20pt; margin-bottom: .25rem; } h2 { font-size: 15pt; margin-top: 1.75rem; } h3 { font-size: 12.5pt; } h4 { font-size: 11pt; }
a { color: #1d4f91; } .paper-meta { color: #505a5f; } .signature { margin-top: 1.5rem; }
.appendix { border-top: 1px solid #b1b4b6; margin-top: 2rem; }
@media print {
  body { margin: 0; max-width: none; } a { color: inherit; }
  .appendix { break-before: page; border-top: 0; }
  h2, h3, h4 { break-after: avoid; }
}`;

/** A self-contained HTML document: what is frozen when the paper is issued. (The CSS is our constant, never user text.) */
export function renderHtml(paper: PaperContent): string {
  const title = `${paper.title}: ${paper.committee.shortName}, ${formatDate(paper.date)}`;
  const body = renderToString(<PaperBody paper={paper} />);
  const head = renderToString(<head><meta charSet="utf-8" /><title>{title}</title><style dangerouslySetInnerHTML={{ __html: PAPER_CSS }} /></head>);
  return `<!doctype html>\n<html lang="en-GB">${head}<body>${body}</body></html>\n`;
}
