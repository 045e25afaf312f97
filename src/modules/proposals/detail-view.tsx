// One change's page: every register field, the problem statement, the sections of modules above
// (documents, committee views …), the timeline and the actions possible now with who takes them.
import type { ServiceContext } from '../context.js';
import { formatDate } from '../../process/dates.js';
import { bodyName, findState } from '../../process/workflow.js';
import { CsrfField, fieldMessage, type FormErrors } from '../../platform/http/forms.js';
import { markdownToHtml } from '../../platform/http/markdown.js';
import { currentUpdate, type CurrentUpdate } from './proposals.js';
import type { ProposalDetail } from './service.js';
import { publicPath, targetReleasePath } from './views.js';
import { Timeline } from './timeline-view.js';

export interface ActionFormState {
  action: string;
  values: Record<string, string>;
  errors: FormErrors;
  message: string;
  /** The ids of the actions possible now, when the refusal says so. */
  allowed?: string[];
}

/** The latest update: written by hand, or the last lifecycle step when that is newer (with the older text below). */
function LatestUpdate({ update }: { update: CurrentUpdate }) {
  if (update.kind === 'none') return <p class="prose">No update yet.</p>;
  if (update.kind === 'written') return <p class="prose">{update.text}</p>;
  return (
    <>
      <p class="prose">{update.label} on {formatDate(update.on)}.</p>
      {update.earlier && <p class="meta">Earlier update ({formatDate(update.earlier.on)}): {update.earlier.text}</p>}
    </>
  );
}

/** How a field of an action's form is named in a sentence. */
function actionFieldLabel(profile: ServiceContext['profile'], actionId: string, field: string): string {
  if (field === 'businessDate') return 'The date';
  if (field === 'note') return 'The note';
  return profile.actions.find((a) => a.id === actionId)?.inputs.find((i) => i.name === field)?.label ?? field;
}

function Row({ label, children }: { label: string; children: preact.ComponentChildren }) {
  return <div class="row"><dt>{label}</dt><dd>{children}</dd></div>;
}

export function DetailView({ ctx, detail, csrf, failed, extra = [], canWrite }: {
  ctx: ServiceContext; detail: ProposalDetail; csrf: string; failed?: ActionFormState; extra?: preact.ComponentChildren[];
  /** Whether the viewer may change the register: forms are shown only then. */
  canWrite: boolean;
}) {
  const { proposal: p, problemStatements, events, actions } = detail;
  const { profile } = ctx;
  const state = findState(profile, p.state);
  const category = (id: string | null) => profile.partyCategories.find((c) => c.id === id)?.label ?? id ?? '';
  const path = profile.paths.find((x) => x.value === p.path)?.label;
  const latest = problemStatements[problemStatements.length - 1];
  const flags = [p.fastTrack && 'Fast-Track', p.urgent && 'Urgent'].filter(Boolean).join(', ');
  const raisedAs = p.prefix !== profile.references.prefixes[0] && p.series === profile.references.series
    ? `${profile.references.prefixes[0]}${p.reference.slice(p.prefix.length)}` : null;
  return (
    <>
      <p class="kicker">{p.reference}{raisedAs ? ` (raised as ${raisedAs})` : ''}</p>
      <h1>{p.title}</h1>
      <p class="stage-badge"><span class={`badge phase-${state.phase}`}>{state.label}</span>
        {p.heldFromState && p.state !== p.heldFromState ? ` (from ${findState(profile, p.heldFromState).label})` : ''}</p>
      {failed && (
        <div class="error-summary" role="alert" id="action-error" tabIndex={-1} autoFocus>
          <h2>That action was not taken</h2>
          {Object.keys(failed.errors).length === 0 ? <p>{failed.message}</p> : (
            // Each field's own message, linking to the field in the action's form further down.
            <ul>{Object.entries(failed.errors).map(([field, message]) => (
              <li><a href={`#a-${failed.action}-${field}`}>{fieldMessage(actionFieldLabel(profile, failed.action, field), message)}</a></li>
            ))}</ul>
          )}
          {failed.allowed && (failed.allowed.length === 0 ? <p>No action is possible now.</p> : (
            <>
              <p>Possible now:</p>
              <ul>
                {failed.allowed.map((id) => <li>{profile.actions.find((a) => a.id === id)?.label ?? id}</li>)}
              </ul>
            </>
          ))}
          {actions.some((a) => a.action.id === failed.action) && <p><a href={`#action-${failed.action}`}>Back to the form</a></p>}
        </div>
      )}
      <section aria-labelledby="h-register">
        <h2 id="h-register">Register entry</h2>
        <dl class="summary-list">
          <Row label="Reference">{p.reference}</Row>
          <Row label="Stage">{state.label}</Row>
          <Row label="Path">{path ?? 'Not set'}</Row>
          <Row label="Flags">{flags || 'None'}</Row>
          <Row label="Proposer">{p.proposer?.name ?? 'Not recorded'}</Row>
          <Row label="Party">{p.organisation ? partyText(p.organisation.name, p.organisation.partyCategory ? category(p.organisation.partyCategory) : null) : 'Not recorded'}</Row>
          <Row label="Lead Analyst">{p.leadAnalyst?.name ?? 'Not assigned'}</Row>
          <Row label="Date raised">{formatDate(p.raisedOn)}</Row>
          <Row label="Target release">{p.targetRelease ? <ReleaseLink ctx={ctx} release={p.targetRelease} /> : 'Not set'}</Row>
          <Row label="Implementation date">{p.implementationDate ? formatDate(p.implementationDate) : 'Not implemented'}</Row>
          <Row label="Who is impacted">{p.impactedCategories.length ? p.impactedCategories.map(category).join(', ') : 'Not yet identified'}</Row>
          <Row label="Code documents affected">{p.documentsAffected.length ? p.documentsAffected.join('; ') : 'Not yet identified'}</Row>
          <Row label="Public address"><a href={publicPath(p)}>{`${ctx.publicBaseUrl}${publicPath(p)}`}</a></Row>
        </dl>
        {canWrite && <p><a class="button secondary" href={`${publicPath(p)}edit`}>Edit register entry</a></p>}
      </section>
      <section aria-labelledby="h-update">
        <h2 id="h-update">Latest update</h2>
        <LatestUpdate update={currentUpdate(p, events)} />
      </section>
      <section aria-labelledby="h-issue">
        <h2 id="h-issue">What is the issue?</h2>
        <div class="prose">{p.summary || 'Not yet described.'}</div>
      </section>
      <section aria-labelledby="h-solution">
        <h2 id="h-solution">What is the solution?</h2>
        <div class="prose">{p.solution || (profile.words.solutionNotYet.phases.includes(state.phase)
          ? profile.words.solutionNotYet.text : 'Not yet described.')}</div>
      </section>
      <section aria-labelledby="h-ps">
        <h2 id="h-ps">Problem statement</h2>
        {latest ? (
          <>
            <p class="meta">Version {latest.label} ({latest.status === 'agreed' ? 'agreed' : 'draft'}), {formatDate(latest.businessDate)}.{' '}
              <a href={`${publicPath(p)}problem-statement`}>{canWrite ? 'All versions and editing' : 'All versions'}</a></p>
            <div class="markdown" dangerouslySetInnerHTML={{ __html: markdownToHtml(latest.body) }} />
          </>
        ) : (
          <p>No problem statement yet. <a href={`${publicPath(p)}problem-statement`}>Write the first draft</a></p>
        )}
      </section>
      {extra}
      <section aria-labelledby="h-timeline">
        <h2 id="h-timeline">Timeline</h2>
        <Timeline ctx={ctx} events={events} />
      </section>
      <section aria-labelledby="h-actions" id="actions">
        <h2 id="h-actions">What can happen next</h2>
        {actions.length > 0 && !canWrite && (
          <>
            <ul>{actions.map(({ action, blockedBy }) => (
              <li>{action.label} <span class="meta">— taken by the {bodyName(profile, action.body)}{blockedBy ? ` (not possible yet: ${blockedBy})` : ''}</span></li>
            ))}</ul>
            <p class="hint">The Secretariat records these steps; <a href={`/login?next=${encodeURIComponent(publicPath(p))}`}>sign in</a> to take one.</p>
          </>
        )}
        {actions.length === 0 ? <p>{state.terminal ? `This change is closed (${state.label}).` : 'No actions are possible now.'}</p> : canWrite && (
          <ul class="actions">
            {actions.map(({ action, blockedBy }) => {
              const mine = failed?.action === action.id ? failed : undefined;
              const id = (name: string) => `a-${action.id}-${name}`;
              const errorOf = (name: string) => mine?.errors[name];
              const invalid = (name: string) => (errorOf(name) ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${id(name)}-error` } : {});
              const ErrorText = ({ name, label }: { name: string; label: string }) => (errorOf(name) ? (
                <p class="error-message" id={`${id(name)}-error`}>
                  <span class="visually-hidden">Error: </span>{fieldMessage(label, errorOf(name)!)}
                </p>
              ) : null);
              if (action.recordedWith) {
                return (
                  <li id={`action-${action.id}`}>
                    {action.label} <span class="meta">— taken by the {bodyName(profile, action.body)}</span>
                    <p class="hint">{`Recorded with ${action.recordedWith} on this page.`}</p>
                  </li>
                );
              }
              return (
                <li id={`action-${action.id}`}>
                  <details open={Boolean(mine)}>
                    <summary>{action.label} <span class="meta">— taken by the {bodyName(profile, action.body)}</span></summary>
                    {blockedBy ? <p class="blocked" id={id('blocked')}>Not possible yet: {blockedBy}</p> : null}
                    <form method="post" action={`${publicPath(p)}actions`} class="action-form">
                      <CsrfField token={csrf} />
                      <input type="hidden" name="action" value={action.id} />
                      <input type="hidden" name="version" value={String(p.version)} />
                      {action.inputs.map((input) => (
                        <div class={errorOf(input.name) ? 'field field-error' : 'field'}>
                          <label for={id(input.name)}>{input.label}{input.required ? '' : ' (optional)'}</label>
                          <ErrorText name={input.name} label={input.label} />
                          {input.options ? (
                            <select id={id(input.name)} name={input.name} {...invalid(input.name)}>
                              <option value="">Choose…</option>
                              {input.options.map((o) => <option value={o.value} selected={mine?.values[input.name] === o.value}>{o.label}</option>)}
                            </select>
                          ) : (
                            <input id={id(input.name)} name={input.name} type="text" value={mine?.values[input.name] ?? ''} {...invalid(input.name)} />
                          )}
                        </div>
                      ))}
                      <div class={errorOf('businessDate') ? 'field field-error' : 'field'}>
                        <label for={id('businessDate')}>Date it happened (optional, today if empty)</label>
                        <ErrorText name="businessDate" label="The date" />
                        <input id={id('businessDate')} name="businessDate" type="date" value={mine?.values.businessDate ?? ''} {...invalid('businessDate')} />
                      </div>
                      <div class="field">
                        <label for={id('note')}>Note (optional)</label>
                        <input id={id('note')} name="note" type="text" value={mine?.values.note ?? ''} />
                      </div>
                      <button type="submit" disabled={blockedBy !== null} aria-describedby={blockedBy ? id('blocked') : undefined}>{action.label}</button>
                    </form>
                  </details>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </>
  );
}

function ReleaseLink({ ctx, release }: { ctx: ServiceContext; release: { id: string; name: string } }) {
  const path = targetReleasePath(ctx, release);
  return path ? <a href={path}>{release.name}</a> : <>{release.name}</>;
}

/** "EDF Energy (Large Supplier)", but "DCC" where the category is the Party's own name. */
function partyText(name: string, categoryLabel: string | null): string {
  return categoryLabel && categoryLabel.toLowerCase() !== name.toLowerCase() ? `${name} (${categoryLabel})` : name;
}

