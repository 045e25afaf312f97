// Pages of votes: the change page's "Change Board vote and decision" section (votes with their
// tally to those who may see it, the member's ballot form while a vote is open, the Authority's
// decisions and appeals), the vote's own page with the live tally and what is still needed, the
// ballot and close forms (CSRF-checked), and the frozen HTML record of a closed vote.
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { FormBody, formRefusal, html, many, one, type Form } from '../../platform/http/form.js';
import { CsrfField, ErrorSummary, TextArea, TextInput, fieldMessage, shortLabel, type FormErrors } from '../../platform/http/forms.js';
import { withDone } from '../../platform/http/flash.js';
import { readMultipart } from '../../platform/http/multipart.js';
import { renderPage } from '../../platform/http/layout.js';
import { formatDate } from '../../process/dates.js';
import { PUBLIC, type Actor } from '../accounts/accounts.js';
import { formActor } from '../accounts/http.js';
import { can } from '../accounts/permissions.js';
import type { ServiceContext } from '../context.js';
import { documentPath } from '../documents/api.js';
import type { ChangePageContext } from '../manifest.js';
import { getProposalDetailBySlug, type ProposalDetail } from '../proposals/service.js';
import { notFound } from '../../platform/errors.js';
import { publicPath } from '../proposals/views.js';
import * as service from './service.js';
import { CHOICE_LABELS, POSITION_LABELS, neededText, votePath } from './votes.js';

function Tally({ ctx, detail }: { ctx: ServiceContext; detail: service.VoteDetail }) {
  if (!detail.tallyVisible) return <p>The tally and the ballots are published when the vote closes.</p>;
  const labels = new Map(ctx.profile.voting.groups.map((g) => [g.id, g.label]));
  return (
    <>
      {detail.result.options.map((o) => (
        <div class="vote-option">
          <h3>{o.title}: {o.passes ? 'passes' : 'does not pass'}</h3>
          {o.description && <p>{o.description}</p>}
          <table>
            <caption>{o.approving} of {o.counted} counted voting groups approve; {o.needed} needed.</caption>
            <thead><tr><th scope="col">Voting group</th><th scope="col">Members</th><th scope="col">Approve</th><th scope="col">Reject</th><th scope="col">Abstain</th><th scope="col">Still to vote</th><th scope="col">Position</th></tr></thead>
            <tbody>
              {o.groups.map((g) => (
                <tr><th scope="row">{g.label}</th><td>{g.members}</td><td>{g.approve}</td><td>{g.reject}</td><td>{g.abstain}</td><td>{g.outstanding}</td><td>{POSITION_LABELS[g.position]}</td></tr>
              ))}
            </tbody>
          </table>
          {detail.vote.status === 'open' && <p class="meta">{o.passes ? neededText(o.toFail, labels, 'fail') : neededText(o.toPass, labels, 'pass')}</p>}
        </div>
      ))}
    </>
  );
}

function Ballots({ ctx, detail }: { ctx: ServiceContext; detail: service.VoteDetail }) {
  if (!detail.ballots) return null;
  if (detail.ballots.length === 0) return <p>No ballots yet.</p>;
  const group = (id: string) => ctx.profile.voting.groups.find((g) => g.id === id)?.label ?? id;
  const objective = (id: string) => ctx.profile.objectives.find((o) => o.id === id)?.label ?? id;
  return (
    <ul class="ballots">
      {detail.ballots.map((b) => (
        <li>
          <strong>{b.voter}</strong>{b.organisation ? `, ${b.organisation}` : ''} ({group(b.group)})
          <ul>
            {b.choices.map((c) => (
              <li>
                {detail.vote.options.find((o) => o.key === c.option)?.title ?? c.option}: <strong>{CHOICE_LABELS[c.choice]}</strong>
                {c.objectives.length > 0 && ` (${c.objectives.map(objective).join('; ')})`}
                {c.rationale && `: ${c.rationale}`}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

function BallotForm({ ctx, detail, csrf, values, errors = {} }: {
  ctx: ServiceContext; detail: service.VoteDetail; csrf: string; values?: Form; errors?: FormErrors;
}) {
  const mine = (key: string) => detail.mine?.choices.find((c) => c.option === key);
  return (
    <form method="post" action={`${votePath(detail.vote.id)}/ballot`} novalidate>
      <CsrfField token={csrf} />
      {detail.vote.options.map((o, i) => {
        const choice = values ? one(values[`choice-${o.key}`]) : mine(o.key)?.choice ?? '';
        const rationale = values ? one(values[`rationale-${o.key}`]) : mine(o.key)?.rationale ?? '';
        const chosen = values ? many(values[`objectives-${o.key}`]) : mine(o.key)?.objectives ?? [];
        const err = (f: string) => errors[`choices.${i}.${f}`];
        return (
          <fieldset>
            <legend>{o.title}</legend>
            {err('choice') && <p class="error" id={`err-choice-${o.key}`}>{err('choice')}</p>}
            {(['approve', 'reject', 'abstain'] as const).map((c) => (
              <label class="inline"><input type="radio" name={`choice-${o.key}`} value={c} checked={choice === c} /> {CHOICE_LABELS[c]}</label>
            ))}
            <fieldset>
              <legend>Objectives your rationale is about</legend>
              {err('objectives') && <p class="error">{err('objectives')}</p>}
              {ctx.profile.objectives.map((obj) => (
                <label class="inline"><input type="checkbox" name={`objectives-${o.key}`} value={obj.id} checked={chosen.includes(obj.id)} /> {obj.label}</label>
              ))}
            </fieldset>
            <label for={`rationale-${o.key}`}>Rationale</label>
            {err('rationale') && <p class="error">{err('rationale')}</p>}
            <textarea id={`rationale-${o.key}`} name={`rationale-${o.key}`} rows={4}>{rationale}</textarea>
          </fieldset>
        );
      })}
      <button type="submit">{detail.mine ? 'Change my ballot' : 'Cast my ballot'}</button>
    </form>
  );
}

function VoteSummary({ ctx, detail }: { ctx: ServiceContext; detail: service.VoteDetail }) {
  const v = detail.vote;
  const carried = v.options.find((o) => o.key === v.carried);
  return (
    <p>
      {v.status === 'open' ? `Open since ${formatDate(v.openedOn)}.` : `Closed ${formatDate(v.closedOn)}: ${carried ? `"${carried.title}" carried` : 'no option carried'}`}
      {v.status === 'counted' && v.action && `; ${ctx.profile.actions.find((a) => a.id === v.action)?.eventLabel ?? v.action}.`}
      {' '}<a href={votePath(v.id)}>The vote{v.status === 'open' ? ' and its live tally' : ' and its record'}</a>
      {v.status === 'counted' && <> · <a href={`${votePath(v.id)}/record.html`}>Frozen record (HTML)</a></>}
      {detail.documentIds.map((id, i) => <> · <a href={`${documentPath(v.reference, id)}/file`}>{i === 0 ? 'PDF' : 'Markdown'}</a></>)}
    </p>
  );
}

const OPEN_LABELS: Record<string, string> = {
  'alternatives': 'Alternatives, one title a line (optional)', 'businessDate': 'Date opened (optional, default today)',
};

/** The alternatives typed one a line, as the API takes them. */
const alternativesOf = (text: string) => text.split(/\r?\n/).map((t) => t.trim()).filter(Boolean).map((title) => ({ title }));

function OpenForm({ detail, csrf, values = {}, errors = {} }: { detail: ProposalDetail; csrf: string; values?: Form; errors?: FormErrors }) {
  // A refusal on one alternative's title is shown on the one field they are typed in.
  const fieldErrors = { ...errors, alternatives: errors.alternatives ?? Object.entries(errors).find(([k]) => k.startsWith('alternatives.'))?.[1] };
  return (
    <form method="post" action={`${publicPath(detail.proposal)}votes`} novalidate>
      <CsrfField token={csrf} />
      <TextArea name="alternatives" label={OPEN_LABELS.alternatives} value={one(values.alternatives)} errors={fieldErrors} rows={3} />
      <TextInput name="businessDate" label={OPEN_LABELS.businessDate} type="date" value={one(values.businessDate)} errors={errors} />
      <button type="submit">Open the vote</button>
    </form>
  );
}

const DECISION_FORM_LABELS: Record<string, string> = {
  decision: 'The Authority\'s decision', decidedOn: 'Date of the decision (optional, default today)', file: 'Decision letter',
  title: 'Title of the letter (optional)', note: 'Note (optional)',
};
const APPEAL_FORM_LABELS: Record<string, string> = { grounds: 'Grounds of the appeal', raisedOn: 'Date raised (optional, default today)' };
const APPEAL_DECISION_LABELS: Record<string, string> = { outcome: 'The Authority\'s decision on the appeal', decidedOn: 'Date of the decision (optional, default today)', note: 'Note (optional)' };
const OUTCOME_LABELS: Record<(typeof service.APPEAL_OUTCOMES)[number], string> = { upheld: 'Upheld', dismissed: 'Dismissed' };

/**
 * A field of the change page's own forms: several forms share the page, so each gives its fields ids
 * under its own prefix (the refusal page uses "f", where the error summary's links point).
 */
function PField({ prefix, name, label, errors, hint, children }: {
  prefix: string; name: string; label: string; errors: FormErrors; hint?: string; children: (id: string, describedBy?: string) => preact.ComponentChildren;
}) {
  const id = `${prefix}-${name}`;
  const error = errors[name];
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={id}>{label}</label>
      {hint && <p class="hint" id={`${id}-hint`}>{hint}</p>}
      {error && <p class="error-message" id={`${id}-error`}><span class="visually-hidden">Error: </span>{fieldMessage(shortLabel(label), error)}</p>}
      {children(id, described)}
    </div>
  );
}

function DecisionForm({ detail, csrf, prefix = 'ad', values = {}, errors = {} }: { detail: ProposalDetail; csrf: string; prefix?: string; values?: Form; errors?: FormErrors }) {
  const L = DECISION_FORM_LABELS;
  return (
    <form method="post" action={`${publicPath(detail.proposal)}authority-decision`} enctype="multipart/form-data" novalidate>
      <CsrfField token={csrf} />
      <PField prefix={prefix} name="decision" label={L.decision} errors={errors}>{(id, d) => (
        <select id={id} name="decision" aria-invalid={errors.decision ? 'true' : undefined} aria-describedby={d}>
          <option value="">Choose…</option>
          {service.AUTHORITY_DECISIONS.map((x) => <option value={x} selected={one(values.decision) === x}>{service.DECISION_LABELS[x]}</option>)}
        </select>
      )}</PField>
      <PField prefix={prefix} name="decidedOn" label={L.decidedOn} errors={errors}>{(id, d) => (
        <input id={id} name="decidedOn" type="date" value={one(values.decidedOn)} aria-invalid={errors.decidedOn ? 'true' : undefined} aria-describedby={d} />
      )}</PField>
      <PField prefix={prefix} name="file" label={L.file} errors={errors} hint="The Authority's letter (PDF, Word, ODT, Markdown or plain text). Published with the change.">{(id, d) => (
        <input id={id} name="file" type="file" aria-invalid={errors.file ? 'true' : undefined} aria-describedby={d} />
      )}</PField>
      <PField prefix={prefix} name="title" label={L.title} errors={errors}>{(id, d) => (
        <input id={id} name="title" type="text" value={one(values.title)} aria-invalid={errors.title ? 'true' : undefined} aria-describedby={d} />
      )}</PField>
      <PField prefix={prefix} name="note" label={L.note} errors={errors}>{(id, d) => (
        <textarea id={id} name="note" rows={3} aria-invalid={errors.note ? 'true' : undefined} aria-describedby={d}>{one(values.note)}</textarea>
      )}</PField>
      <button type="submit">Record the decision</button>
    </form>
  );
}

function AppealForm({ detail, csrf, prefix = 'ap', values = {}, errors = {} }: { detail: ProposalDetail; csrf: string; prefix?: string; values?: Form; errors?: FormErrors }) {
  return (
    <form method="post" action={`${publicPath(detail.proposal)}appeals`} novalidate>
      <CsrfField token={csrf} />
      <PField prefix={prefix} name="grounds" label={APPEAL_FORM_LABELS.grounds} errors={errors}>{(id, d) => (
        <textarea id={id} name="grounds" rows={5} aria-invalid={errors.grounds ? 'true' : undefined} aria-describedby={d}>{one(values.grounds)}</textarea>
      )}</PField>
      <PField prefix={prefix} name="raisedOn" label={APPEAL_FORM_LABELS.raisedOn} errors={errors}>{(id, d) => (
        <input id={id} name="raisedOn" type="date" value={one(values.raisedOn)} aria-invalid={errors.raisedOn ? 'true' : undefined} aria-describedby={d} />
      )}</PField>
      <button type="submit">Raise the appeal</button>
    </form>
  );
}

function AppealDecisionForm({ detail, appealId, csrf, prefix, values = {}, errors = {} }: {
  detail: ProposalDetail; appealId: string; csrf: string; prefix: string; values?: Form; errors?: FormErrors;
}) {
  return (
    <form method="post" action={`${publicPath(detail.proposal)}appeals/${appealId}/decision`} novalidate>
      <CsrfField token={csrf} />
      <PField prefix={prefix} name="outcome" label={APPEAL_DECISION_LABELS.outcome} errors={errors}>{(id, d) => (
        <select id={id} name="outcome" aria-invalid={errors.outcome ? 'true' : undefined} aria-describedby={d}>
          <option value="">Choose…</option>
          {service.APPEAL_OUTCOMES.map((x) => <option value={x} selected={one(values.outcome) === x}>{OUTCOME_LABELS[x]}</option>)}
        </select>
      )}</PField>
      <PField prefix={prefix} name="decidedOn" label={APPEAL_DECISION_LABELS.decidedOn} errors={errors}>{(id, d) => (
        <input id={id} name="decidedOn" type="date" value={one(values.decidedOn)} aria-invalid={errors.decidedOn ? 'true' : undefined} aria-describedby={d} />
      )}</PField>
      <PField prefix={prefix} name="note" label={APPEAL_DECISION_LABELS.note} errors={errors}>{(id, d) => (
        <textarea id={id} name="note" rows={3} aria-invalid={errors.note ? 'true' : undefined} aria-describedby={d}>{one(values.note)}</textarea>
      )}</PField>
      <button type="submit">Record the decision on the appeal</button>
    </form>
  );
}

/** Whether the viewer may raise an appeal on the change now: a Party user, inside the window, with no open appeal of their organisation. */
function mayAppeal(viewer: Actor, window: Awaited<ReturnType<typeof service.appealWindowOf>>, appeals: service.Appeal[], orgName: string | null): boolean {
  if (!can(viewer, 'appeals.raise') || !viewer.organisationId || !window?.open) return false;
  return !appeals.some((a) => a.status === 'open' && a.organisation === orgName);
}

/** The change page's section: votes, the Authority's decisions and appeals, as the viewer may see them. */
export async function votesSection(ctx: ServiceContext, detail: ProposalDetail, viewer: Actor, page: ChangePageContext) {
  const p = detail.proposal;
  const [votes, decisions, appeals, window, orgName] = await Promise.all([
    service.votesOfChange(ctx, viewer, p.id), service.decisionsOfChange(ctx, p.id), service.appealsOfChange(ctx, p.id),
    service.appealWindowOf(ctx, p.id), viewer.organisationId ? organisationName(ctx, viewer.organisationId) : null,
  ]);
  const manages = can(viewer, 'votes.manage');
  const canOpen = manages && service.changeBoardStates(ctx).includes(p.state) && !votes.some((v) => v.vote.status === 'open');
  const canDecide = manages && service.authorityStates(ctx).includes(p.state);
  const canAppeal = mayAppeal(viewer, window, appeals, orgName);
  if (votes.length + decisions.length + appeals.length === 0 && !canOpen && !canDecide && !canAppeal) return null;
  return (
    <section aria-labelledby="h-votes">
      <h2 id="h-votes">Change Board vote and decisions</h2>
      {votes.map((d) => (
        <div class="vote">
          <VoteSummary ctx={ctx} detail={d} />
          {d.vote.status === 'open' && d.voter && (
            <details class="ballot">
              <summary>{d.mine ? 'Change your ballot' : 'Cast your ballot'}</summary>
              <BallotForm ctx={ctx} detail={d} csrf={page.csrf} />
            </details>
          )}
        </div>
      ))}
      {canOpen && (
        <details class="open-vote">
          <summary>Open a Change Board vote</summary>
          <OpenForm detail={detail} csrf={page.csrf} />
        </details>
      )}
      {decisions.map((x) => (
        <p>Authority decision of {formatDate(x.decided_on)}: <strong>{service.DECISION_LABELS[x.decision]}</strong>
          {' '}(<a href={`${documentPath(x.reference, x.document_id)}/file`}>decision letter</a>){x.note && `. ${x.note}`}</p>
      ))}
      {canDecide && (
        <details class="authority-decision">
          <summary>Record the Authority's decision</summary>
          <DecisionForm detail={detail} csrf={page.csrf} />
        </details>
      )}
      {window && (window.open || appeals.length > 0) && (
        <p>The appeal window against this decision {window.open ? 'is open until' : 'ran until'} {formatDate(window.closesOn)}.</p>
      )}
      {appeals.map((a) => (
        <div class="appeal">
          <p>Appeal by {a.organisation}, raised {formatDate(a.raisedOn)} (window closed {formatDate(a.windowClosesOn)}):{' '}
            <strong>{a.status === 'open' ? 'open: the change is held until the Authority decides it' : `${a.status} on ${formatDate(a.decidedOn)}`}</strong>
            {a.decisionNote && `. ${a.decisionNote}`}</p>
          {a.status === 'open' && manages && (
            <details class="appeal-decision">
              <summary>Record the Authority's decision on the appeal by {a.organisation}</summary>
              <AppealDecisionForm detail={detail} appealId={a.id} csrf={page.csrf} prefix={`ad-${a.id}`} />
            </details>
          )}
        </div>
      ))}
      {canAppeal && (
        <details class="raise-appeal">
          <summary>Appeal to the Authority for {orgName}</summary>
          <AppealForm detail={detail} csrf={page.csrf} />
        </details>
      )}
    </section>
  );
}

function VotePage({ ctx, detail, csrf, viewer, failed }: {
  ctx: ServiceContext; detail: service.VoteDetail; csrf: string; viewer: Actor; failed?: { values: Form; errors: FormErrors; message: string };
}) {
  const v = detail.vote;
  return (
    <>
      <p class="kicker">{v.reference}</p>
      <h1>Change Board vote on {v.reference}</h1>
      <VoteSummary ctx={ctx} detail={detail} />
      <section aria-labelledby="h-tally">
        <h2 id="h-tally">{v.status === 'open' ? 'Live tally' : 'Result'}</h2>
        <Tally ctx={ctx} detail={detail} />
      </section>
      {detail.ballots && (
        <section aria-labelledby="h-ballots">
          <h2 id="h-ballots">Ballots</h2>
          <Ballots ctx={ctx} detail={detail} />
        </section>
      )}
      {v.status === 'open' && detail.voter && (
        <section aria-labelledby="h-ballot">
          <h2 id="h-ballot">{detail.mine ? 'Change your ballot' : 'Cast your ballot'}</h2>
          <ErrorSummary message={failed?.message} errors={failed?.errors ?? {}} />
          <BallotForm ctx={ctx} detail={detail} csrf={csrf} values={failed?.values} errors={failed?.errors} />
        </section>
      )}
      {v.status === 'open' && can(viewer, 'votes.manage') && (
        <section aria-labelledby="h-close">
          <h2 id="h-close">Close the vote</h2>
          <p>Closing takes the result as it stands to the change's lifecycle and publishes the record.</p>
          <form method="post" action={`${votePath(v.id)}/close`}>
            <CsrfField token={csrf} />
            <button type="submit">Close the vote</button>
          </form>
        </section>
      )}
    </>
  );
}

const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

async function organisationName(ctx: ServiceContext, id: string): Promise<string | null> {
  return (await ctx.db.kysely.selectFrom('organisations').select('name').where('id', '=', id).executeTakeFirst())?.name ?? null;
}

const SlugParams = Type.Object({ slug: Type.String({ maxLength: 300 }) });

export function registerVotePages(app: HttpServer, ctx: ServiceContext): void {
  app.post('/modifications/:slug/votes', { config: { permission: 'votes.manage' }, preValidation: app.csrfProtection, schema: { params: SlugParams, body: FormBody } },
    async (request, reply) => {
      const detail = await getProposalDetailBySlug(ctx, request.params.slug, { withEvents: false });
      if (!detail) throw notFound(`A change at /modifications/${request.params.slug}/`);
      const form = request.body;
      try {
        const opened = await service.openVote(ctx, formActor(request), detail.proposal.reference, {
          alternatives: alternativesOf(one(form.alternatives)), businessDate: one(form.businessDate) || undefined,
        });
        return reply.redirect(votePath(opened.vote.id), 303);
      } catch (error) {
        const refused = formRefusal(error);
        const p = detail.proposal;
        return html(reply, refused.status, renderPage({ title: `Open a Change Board vote on ${p.reference}`, section: 'register',
          crumbs: [{ href: '/modifications/', label: 'Register' }, { href: publicPath(p), label: p.reference }],
          children: (
            <>
              <p class="kicker">{p.reference}</p>
              <h1>Open a Change Board vote on {p.reference}</h1>
              <ErrorSummary message={Object.keys(refused.errors).length ? 'Check the fields marked below.' : refused.message} errors={refused.errors} labels={OPEN_LABELS} />
              <OpenForm detail={detail} csrf={reply.generateCsrf()} values={form} errors={refused.errors} />
              <p><a href={publicPath(p)}>Back to {p.reference}</a></p>
            </>
          ) }));
      }
    });

  async function changeOf(slug: string): Promise<ProposalDetail> {
    const detail = await getProposalDetailBySlug(ctx, slug, { withEvents: false });
    if (!detail) throw notFound(`A change at /modifications/${slug}/`);
    return detail;
  }

  /** A refused form of the change page, on a page of its own with what was typed and the problems at the top. */
  function refusedPage(reply: FastifyReply, detail: ProposalDetail, heading: string, refused: ReturnType<typeof formRefusal>, labels: Record<string, string>,
    form: (csrf: string) => preact.ComponentChildren, extra?: string) {
    const p = detail.proposal;
    const message = Object.keys(refused.errors).length ? 'Check the fields marked below.' : refused.message;
    return html(reply, refused.status, renderPage({ title: `${heading}: ${p.reference}`, section: 'register',
      crumbs: [{ href: '/modifications/', label: 'Register' }, { href: publicPath(p), label: p.reference }],
      children: (
        <>
          <p class="kicker">{p.reference}</p>
          <h1>{heading}</h1>
          <ErrorSummary message={extra ? `${message} ${extra}` : message} errors={refused.errors} labels={labels} />
          {form(reply.generateCsrf())}
          <p><a href={publicPath(p)}>Back to {p.reference}</a></p>
        </>
      ) }));
  }

  app.post('/modifications/:slug/authority-decision', {
    config: { permission: 'votes.manage' },
    // The fields are read from the multipart body before the CSRF check, which reads _csrf among them.
    preValidation: [readMultipart({ maxFileBytes: () => ctx.maxUploadBytes }), app.csrfProtection],
    schema: { params: SlugParams, body: FormBody },
  }, async (request, reply) => {
    const detail = await changeOf(request.params.slug);
    const form = request.body;
    try {
      await service.recordAuthorityDecision(ctx, formActor(request), detail.proposal.reference, {
        decision: one(form.decision), decidedOn: one(form.decidedOn) || undefined, title: one(form.title), note: one(form.note),
        file: request.uploads?.file ?? null,
      });
      return reply.redirect(withDone(`${publicPath(detail.proposal)}#h-votes`, 'authority-decision'), 303);
    } catch (error) {
      const refused = formRefusal(error);
      return refusedPage(reply, detail, `Record the Authority's decision on ${detail.proposal.reference}`, refused, DECISION_FORM_LABELS,
        (csrf) => <DecisionForm detail={detail} csrf={csrf} prefix="f" values={form} errors={refused.errors} />,
        'Choose the letter again: a browser does not send it twice.');
    }
  });

  app.post('/modifications/:slug/appeals', { config: { permission: 'appeals.raise' }, preValidation: app.csrfProtection, schema: { params: SlugParams, body: FormBody } },
    async (request, reply) => {
      const detail = await changeOf(request.params.slug);
      const form = request.body;
      try {
        await service.raiseAppeal(ctx, formActor(request), detail.proposal.reference, { grounds: one(form.grounds), raisedOn: one(form.raisedOn) || undefined });
        return reply.redirect(withDone(`${publicPath(detail.proposal)}#h-votes`, 'appeal-raised'), 303);
      } catch (error) {
        const refused = formRefusal(error);
        return refusedPage(reply, detail, `Appeal to the Authority on ${detail.proposal.reference}`, refused, APPEAL_FORM_LABELS,
          (csrf) => <AppealForm detail={detail} csrf={csrf} prefix="f" values={form} errors={refused.errors} />);
      }
    });

  app.post('/modifications/:slug/appeals/:id/decision', {
    config: { permission: 'votes.manage' }, preValidation: app.csrfProtection,
    schema: { params: Type.Object({ slug: Type.String({ maxLength: 300 }), id: Type.String({ maxLength: 100 }) }), body: FormBody },
  }, async (request, reply) => {
    const detail = await changeOf(request.params.slug);
    const form = request.body;
    const { id } = request.params;
    try {
      if (!(await service.appealsOfChange(ctx, detail.proposal.id)).some((a) => a.id === id)) throw notFound(`Appeal ${id} on ${detail.proposal.reference}`);
      await service.decideAppeal(ctx, formActor(request), id, { outcome: one(form.outcome), decidedOn: one(form.decidedOn) || undefined, note: one(form.note) });
      return reply.redirect(withDone(`${publicPath(detail.proposal)}#h-votes`, 'appeal-decided'), 303);
    } catch (error) {
      const refused = formRefusal(error);
      return refusedPage(reply, detail, `Record the Authority's decision on an appeal on ${detail.proposal.reference}`, refused, APPEAL_DECISION_LABELS,
        (csrf) => <AppealDecisionForm detail={detail} appealId={id} csrf={csrf} prefix="f" values={form} errors={refused.errors} />);
    }
  });

  async function votePage(reply: FastifyReply, viewer: Actor, id: string, status = 200, failed?: { values: Form; errors: FormErrors; message: string }) {
    const detail = await service.getVote(ctx, viewer, id);
    const proposalHref = publicPath((await ctx.db.kysely.selectFrom('proposals').select('slug').where('id', '=', detail.vote.proposalId).executeTakeFirstOrThrow()));
    const hasForm = detail.vote.status === 'open' && (detail.voter !== null || can(viewer, 'votes.manage'));
    return html(reply, status, renderPage({ title: `Change Board vote on ${detail.vote.reference}`, section: 'register',
      crumbs: [{ href: '/modifications/', label: 'Register' }, { href: proposalHref, label: detail.vote.reference }],
      children: <VotePage ctx={ctx} detail={detail} viewer={viewer} csrf={hasForm ? reply.generateCsrf() : ''} failed={failed} /> }));
  }

  app.get('/votes/:id', { config: { permission: 'site.read' }, schema: { params: IdParams } },
    async (request, reply) => votePage(reply, request.actor ?? PUBLIC, request.params.id));

  app.get('/votes/:id/record.html', { config: { permission: 'site.read' }, schema: { params: IdParams } }, async (request, reply) => {
    const record = await service.voteRecord(ctx, request.params.id);
    return reply.type('text/html; charset=utf-8').header('ETag', `"${record.sha256}"`)
      .header('Repr-Digest', `sha-256=:${Buffer.from(record.sha256, 'hex').toString('base64')}:`).send(record.html);
  });

  app.post('/votes/:id/ballot', { config: { permission: 'votes.cast' }, preValidation: app.csrfProtection, schema: { params: IdParams, body: FormBody } },
    async (request, reply) => {
      const { id } = request.params;
      const form = request.body;
      const actor = formActor(request);
      try {
        const vote = await service.getVote(ctx, actor, id);
        await service.castBallot(ctx, actor, id, { choices: vote.vote.options.map((o) => ({
          option: o.key, choice: one(form[`choice-${o.key}`]), rationale: one(form[`rationale-${o.key}`]), objectives: many(form[`objectives-${o.key}`]),
        })) });
        return reply.redirect(votePath(id), 303);
      } catch (error) {
        const refused = formRefusal(error);
        const message = Object.keys(refused.errors).length ? 'Check the choices marked below.' : refused.message;
        return votePage(reply, actor, id, refused.status, { values: form, errors: refused.errors, message });
      }
    });

  app.post('/votes/:id/close', { config: { permission: 'votes.manage' }, preValidation: app.csrfProtection, schema: { params: IdParams, body: FormBody } },
    async (request, reply) => {
      const { id } = request.params;
      const actor = formActor(request);
      try {
        await service.closeVote(ctx, actor, id, {});
        return reply.redirect(votePath(id), 303);
      } catch (error) {
        const refused = formRefusal(error);
        return votePage(reply, actor, id, refused.status, { values: {}, errors: refused.errors, message: refused.message });
      }
    });
}
