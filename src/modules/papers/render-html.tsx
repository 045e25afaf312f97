// PaperContent → HTML. PaperBody is shared by the in-app preview (inside the site layout) and the
// standalone file a committee downloads (with its own screen and print styles embedded).
import { renderToString } from 'preact-render-to-string';
import { formatDate } from '../../process/dates.js';
import { markdownToHtml } from '../../platform/http/markdown.js';
import type { PaperContent, PaperEntry } from './papers.js';
import { appendixTitle, demoteHeadings, raisedBy } from './render-markdown.js';

function Entry({ e, impactHeading, appendixKind }: { e: PaperEntry; impactHeading: string | null; appendixKind: string }) {
  return (
    <section class="paper-entry">
      <h3><a href={e.url}>{e.reference}</a> ‘{e.title}’</h3>
      <p>{raisedBy(e)}</p>
      {e.summary && <p>{e.summary}</p>}
      {impactHeading && e.anticipatedImpacts !== null && (
        <>
          <h4>{impactHeading}</h4>
          <p>{e.anticipatedImpacts}</p>
        </>
      )}
      {e.appendix && <p>The {appendixKind} is in <a href={`#appendix-${e.appendix}`}>Appendix {e.appendix}</a>.</p>}
    </section>
  );
}

export function PaperBody({ paper }: { paper: PaperContent }) {
  const { noImpact, impact, notReviewed } = paper.converted;
  const anyConverted = noImpact.length + impact.length + notReviewed.length > 0;
  return (
    <article class="paper">
      <header>
        <h1>{paper.title}</h1>
        <p class="paper-meta">{paper.committee.name} ({paper.committee.shortName}), {formatDate(paper.date)}</p>
      </header>
      <section>
        <h2>1. Purpose</h2>
        {paper.purpose.map((p) => <p>{p}</p>)}
      </section>
      <section>
        <h2>2. New Draft Proposals</h2>
        {paper.newDraftsIntro.map((p) => <p>{p}</p>)}
        {paper.newDrafts.length === 0 && <p>{paper.nothingNew}</p>}
        {paper.newDrafts.map((e) => <Entry e={e} impactHeading={paper.impactHeading} appendixKind="draft problem statement" />)}
      </section>
      <section>
        <h2>3. Draft Proposals converted to Modification Proposals</h2>
        {anyConverted ? paper.convertedIntro.map((p) => <p>{p}</p>) : <p>{paper.nothingConverted}</p>}
        {noImpact.length > 0 && (
          <>
            <p>{paper.noImpactLead}</p>
            <ul>{noImpact.map((e) => <li><a href={e.url}>{e.reference}</a> ‘{e.title}’</li>)}</ul>
          </>
        )}
        {impact.length > 0 && <p>{paper.impactLead}</p>}
        {impact.map((e) => <Entry e={e} impactHeading={null} appendixKind="problem statement" />)}
        {notReviewed.length > 0 && <p>{paper.notReviewedLead}</p>}
        {notReviewed.map((e) => <Entry e={e} impactHeading={null} appendixKind="problem statement" />)}
      </section>
      <section>
        <h2>4. Recommendations</h2>
        <p>{paper.recommendation}</p>
        <p class="signature">{paper.author}<br />{paper.team}<br />{formatDate(paper.date)}</p>
      </section>
      {paper.appendices.length > 0 && (
        <section>
          <h2>Attachments</h2>
          <ul>{paper.appendices.map((a) => <li><a href={`#appendix-${a.letter}`}>{appendixTitle(a)}</a></li>)}</ul>
        </section>
      )}
      {paper.appendices.map((a) => (
        <section class="appendix" id={`appendix-${a.letter}`}>
          <h2>{appendixTitle(a)}</h2>
          <p class="paper-meta">‘{a.title}’{a.versionLabel ? `, version ${a.versionLabel}` : ''}</p>
          {a.body
            ? <div class="markdown" dangerouslySetInnerHTML={{ __html: markdownToHtml(demoteHeadings(a.body, 1)) }} />
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
