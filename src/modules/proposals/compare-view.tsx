// Two versions of a problem statement side by side, the words that changed marked (as the
// Markdown was written, so every change shows, headings and emphasis included). Text is escaped by
// the renderer; nothing from a version is read as HTML.
import { formatDate } from '../../process/dates.js';
import type { ProblemStatementVersion, Proposal } from './proposals.js';
import { publicPath } from './views.js';
import { sideBySide, wordCounts, type DiffPart } from './word-diff.js';

const versionText = (v: ProblemStatementVersion) => `v${v.label} (${v.status === 'agreed' ? 'agreed' : 'draft'}, ${formatDate(v.businessDate)})`;

function Parts({ parts }: { parts: DiffPart[] }) {
  return (
    <>
      {parts.map((p) => (p.kind === 'removed' ? <del><span class="visually-hidden">[removed: </span>{p.text}<span class="visually-hidden">]</span></del>
        : p.kind === 'added' ? <ins><span class="visually-hidden">[added: </span>{p.text}<span class="visually-hidden">]</span></ins>
          : p.text))}
    </>
  );
}

function VersionSelect({ name, label, versions, value }: { name: string; label: string; versions: ProblemStatementVersion[]; value: string }) {
  return (
    <div class="field">
      <label for={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name}>
        {versions.map((v) => <option value={v.label} selected={v.label === value}>{versionText(v)}</option>)}
      </select>
    </div>
  );
}

export function CompareView({ proposal, versions, from, to }: {
  proposal: Proposal; versions: ProblemStatementVersion[]; from?: ProblemStatementVersion; to?: ProblemStatementVersion;
}) {
  const base = `${publicPath(proposal)}problem-statement`;
  const rows = from && to ? sideBySide(from.body, to.body) : [];
  const counts = wordCounts(rows);
  return (
    <>
      <p class="kicker">{proposal.reference}</p>
      <h1>Compare problem statement versions: {proposal.title}</h1>
      {versions.length < 2 ? <p>There is only {versions.length === 1 ? 'one version' : 'no version'} yet: nothing to compare.</p> : (
        <form method="get" action={`${base}/compare`} class="compare-choice">
          <VersionSelect name="from" label="Earlier version" versions={versions} value={from?.label ?? ''} />
          <VersionSelect name="to" label="Later version" versions={versions} value={to?.label ?? ''} />
          <button type="submit">Compare</button>
        </form>
      )}
      {from && to && versions.length > 1 && (
        <section aria-labelledby="h-diff">
          <h2 id="h-diff">{`v${from.label} and v${to.label}`}</h2>
          <p class="meta">{from === to ? 'The same version on both sides.'
            : `${counts.removed} ${counts.removed === 1 ? 'word' : 'words'} removed, ${counts.added} ${counts.added === 1 ? 'word' : 'words'} added.`}</p>
          <table class="diff">
            <caption class="visually-hidden">{`Problem statement of ${proposal.reference}: v${from.label} on the left, v${to.label} on the right`}</caption>
            <thead><tr><th scope="col">{versionText(from)}</th><th scope="col">{versionText(to)}</th></tr></thead>
            <tbody>{rows.map((r) => (
              <tr class={r.changed ? 'changed' : undefined}>
                <td><Parts parts={r.before} /></td>
                <td><Parts parts={r.after} /></td>
              </tr>
            ))}</tbody>
          </table>
        </section>
      )}
      <p><a href={base}>Back to the problem statement</a></p>
    </>
  );
}
