// The raise, edit and problem-statement forms. Each comes back with the user's values and the
// messages beside the fields when something is wrong.
import type { ServiceContext } from '../context.js';
import type { Organisation, Person } from '../directory/repository.js';
import { formatDate, londonDate } from '../../process/dates.js';
import { releasesOfYear } from '../../process/releases.js';
import { CsrfField, ErrorSummary, Field, fieldMessage, Select, TextArea, TextInput, type FormErrors } from '../../platform/http/forms.js';
import { markdownToHtml } from '../../platform/http/markdown.js';
import { sectionField, type ProblemStatementVersion, type Proposal } from './proposals.js';
import { publicPath } from './views.js';

export type FormValues = Record<string, string | string[] | undefined>;

interface Choices {
  organisations: Organisation[];
  analysts: Person[];
}

/** The labels of every field, used beside the fields and in the error summary. */
const LABELS: Record<string, string> = {
  title: 'Title',
  slug: 'Public address (slug)',
  summary: 'What is the issue? (in brief)',
  solution: 'What is the solution?',
  latestUpdate: 'Latest update',
  proposer: 'Proposer (person)',
  organisation: 'Party the proposer represents',
  leadAnalyst: 'Lead Analyst',
  raisedOn: 'Date raised',
  impactedCategories: 'Who is impacted (party categories)',
  documentsAffected: 'Code documents affected',
  problemStatement: 'Draft problem statement',
  targetRelease: 'Target release',
  urgent: 'Urgent',
  businessDate: 'Date the change takes effect',
  note: 'Note for the timeline (optional)',
  body: 'Problem statement (Markdown)',
};

const PS_LABELS: Record<string, string> = { ...LABELS, businessDate: 'Date of this version' };

/** "A release's name, e.g. February 2028 SEC Release": next year's first release of the calendar. */
function releaseHint(ctx: ServiceContext): string {
  const example = releasesOfYear(ctx.profile.releases, Number(londonDate(ctx.clock()).slice(0, 4)) + 1)[0];
  return example ? `A release's name, e.g. ${example.name}.` : "A release's name.";
}

const str = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join('\n') : v ?? '');
const list = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

function CategoryChecks({ ctx, values, errors }: { ctx: ServiceContext; values: FormValues; errors: FormErrors }) {
  const chosen = list(values.impactedCategories);
  const error = errors.impactedCategories;
  // The first box carries the field's id, so the error summary's link lands on it.
  const boxId = (i: number, id: string) => (i === 0 ? 'f-impactedCategories' : `f-impacted-${id}`);
  return (
    <fieldset class={error ? 'field field-error' : 'field'} aria-describedby={error ? 'f-impactedCategories-error' : undefined}>
      <legend>{LABELS.impactedCategories}</legend>
      {error && (
        <p class="error-message" id="f-impactedCategories-error">
          <span class="visually-hidden">Error: </span>{fieldMessage('Who is impacted', error)}
        </p>
      )}
      {ctx.profile.partyCategories.map((c, i) => (
        <div class="check">
          <input type="checkbox" id={boxId(i, c.id)} name="impactedCategories" value={c.id} checked={chosen.includes(c.id)} />
          <label for={boxId(i, c.id)}>{c.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

function PartyFields({ values, errors, choices }: { values: FormValues; errors: FormErrors; choices: Choices }) {
  return (
    <>
      <TextInput name="proposer" label={LABELS.proposer} value={str(values.proposer)} errors={errors} />
      <Select name="organisation" label={LABELS.organisation} value={str(values.organisation)} errors={errors}
        blank="Not recorded" options={choices.organisations.map((o) => ({ value: o.name, label: o.name }))} />
      <Select name="leadAnalyst" label={LABELS.leadAnalyst} value={str(values.leadAnalyst)} errors={errors}
        blank="Not assigned" options={choices.analysts.map((a) => ({ value: a.name, label: a.name }))} />
    </>
  );
}

export function RaiseForm({ ctx, values, errors, message, csrf, choices }: {
  ctx: ServiceContext; values: FormValues; errors: FormErrors; message?: string; csrf: string; choices: Choices;
}) {
  return (
    <>
      <h1>Raise a Draft Proposal</h1>
      <p class="lead">The change gets its number when it is raised and enters the Development Stage.</p>
      <ErrorSummary message={message} errors={errors} labels={LABELS} />
      <form method="post" action="/modifications/new" novalidate>
        <CsrfField token={csrf} />
        <TextInput name="title" label={LABELS.title} value={str(values.title)} errors={errors} required />
        <TextArea name="summary" label={LABELS.summary} value={str(values.summary)} errors={errors} rows={4} />
        <PartyFields values={values} errors={errors} choices={choices} />
        <TextInput name="raisedOn" label={LABELS.raisedOn} type="date" hint="Leave empty for today." value={str(values.raisedOn)} errors={errors} />
        <CategoryChecks ctx={ctx} values={values} errors={errors} />
        <TextArea name="documentsAffected" label={LABELS.documentsAffected} hint="One per line, e.g. Section J." value={str(values.documentsAffected)} errors={errors} rows={3} />
        <fieldset class="field problem-sections" id="f-problemStatement">
          <legend>{LABELS.problemStatement}</legend>
          <p class="hint">Write what you know in each section; leave the others empty. Saved as version 0.1 once a section has text.</p>
          {errors.problemStatement && <p class="error-message"><span class="visually-hidden">Error: </span>{fieldMessage('The problem statement', errors.problemStatement)}</p>}
          {ctx.profile.problemStatementSections.map((heading, i) => (
            <TextArea name={sectionField(i)} label={heading} value={str(values[sectionField(i)])} errors={errors} rows={4} />
          ))}
        </fieldset>
        <button type="submit">Raise Draft Proposal</button>
      </form>
    </>
  );
}

export function EditForm({ ctx, proposal, values, errors, message, csrf, choices }: {
  ctx: ServiceContext; proposal: Proposal; values: FormValues; errors: FormErrors; message?: string; csrf: string; choices: Choices;
}) {
  return (
    <>
      <p class="kicker">{proposal.reference}</p>
      <h1>Edit register entry</h1>
      <ErrorSummary message={message} errors={errors} labels={LABELS} />
      <form method="post" action={`${publicPath(proposal)}edit`} novalidate>
        <CsrfField token={csrf} />
        <input type="hidden" name="version" value={str(values.version)} />
        <TextInput name="title" label={LABELS.title} value={str(values.title)} errors={errors} required
          hint="Changing the title keeps the public address." />
        <TextInput name="slug" label={LABELS.slug} value={str(values.slug)} errors={errors}
          hint="Changing it keeps the old address as a redirect." />
        <TextArea name="summary" label={LABELS.summary} value={str(values.summary)} errors={errors} rows={4} />
        <TextArea name="solution" label={LABELS.solution} value={str(values.solution)} errors={errors} rows={4} />
        <TextArea name="latestUpdate" label={LABELS.latestUpdate} value={str(values.latestUpdate)} errors={errors} rows={3} />
        <PartyFields values={values} errors={errors} choices={choices} />
        <TextInput name="targetRelease" label={LABELS.targetRelease} value={str(values.targetRelease)} errors={errors}
          hint={releaseHint(ctx)} />
        <div class="field check">
          <input type="checkbox" id="f-urgent" name="urgent" value="true" checked={str(values.urgent) === 'true'} />
          <label for="f-urgent">{LABELS.urgent}</label>
        </div>
        <CategoryChecks ctx={ctx} values={values} errors={errors} />
        <TextArea name="documentsAffected" label={LABELS.documentsAffected} hint="One per line." value={str(values.documentsAffected)} errors={errors} rows={3} />
        <TextInput name="businessDate" label={LABELS.businessDate} type="date" hint="Leave empty for today." value={str(values.businessDate)} errors={errors} />
        <TextInput name="note" label={LABELS.note} value={str(values.note)} errors={errors} />
        <button type="submit">Save changes</button> <a href={publicPath(proposal)}>Cancel</a>
      </form>
    </>
  );
}

export function ProblemStatementPage({ proposal, versions, values, errors, message, csrf, editable, closed }: {
  proposal: Proposal; versions: ProblemStatementVersion[]; values: FormValues; errors: FormErrors;
  message?: string; csrf: string; editable: boolean;
  /** The change is closed: its problem statement can no longer change (said to everyone). */
  closed: boolean;
}) {
  const compare = `${publicPath(proposal)}problem-statement/compare`;
  return (
    <>
      <p class="kicker">{proposal.reference}</p>
      <h1>Problem statement: {proposal.title}</h1>
      <ErrorSummary message={message} errors={errors} labels={PS_LABELS} />
      {editable ? (
        <section aria-labelledby="h-edit">
          <h2 id="h-edit">Save a new draft</h2>
          <form method="post" action={`${publicPath(proposal)}problem-statement`} novalidate>
            <CsrfField token={csrf} />
            <input type="hidden" name="version" value={str(values.version)} />
            <TextArea name="body" label={LABELS.body} value={str(values.body)} errors={errors} rows={24}
              hint="Each save is a new version; earlier versions are kept." />
            <TextInput name="businessDate" label={PS_LABELS.businessDate} type="date" hint="Leave empty for today." value={str(values.businessDate)} errors={errors} />
            <button type="submit">Save draft</button> <a href={publicPath(proposal)}>Back to {proposal.reference}</a>
          </form>
        </section>
      ) : closed ? <p>This change is closed; its problem statement can no longer change.</p> : null}
      <section aria-labelledby="h-versions">
        <h2 id="h-versions">Versions</h2>
        {versions.length > 1 && <p><a href={compare}>Compare two versions word by word</a></p>}
        {versions.length === 0 ? <p>No versions yet.</p> : (
          <ol class="versions" reversed>
            {[...versions].reverse().map((v, i, newestFirst) => (
              <li id={`v${v.label}`}>
                <details open={v === versions[versions.length - 1]}>
                  <summary>{`v${v.label} — ${v.status === 'agreed' ? 'agreed' : 'draft'}, ${formatDate(v.businessDate)}, by ${v.createdBy}`}</summary>
                  {newestFirst[i + 1] && (
                    <p><a href={`${compare}?from=${encodeURIComponent(newestFirst[i + 1].label)}&to=${encodeURIComponent(v.label)}`}>
                      {`What changed since v${newestFirst[i + 1].label}`}</a></p>
                  )}
                  <div class="markdown" dangerouslySetInnerHTML={{ __html: markdownToHtml(v.body) }} />
                </details>
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

export { Field };
