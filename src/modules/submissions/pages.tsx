// HTML pages of submissions: the Party's form (save a draft, submit), the list (for the Secretariat
// the dashboard of replies due, for a Party its own organisation's submissions with their outcome)
// and one submission with its history, where the Secretariat raises it or returns it. Every read
// goes through the service, so what canSee hides is a 404 here too.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { withDone } from '../../platform/http/flash.js';
import type { HttpServer } from '../../platform/http/server.js';
import { renderPage } from '../../platform/http/layout.js';
import { CsrfField, ErrorSummary, Select, TextArea, TextInput, type FormErrors } from '../../platform/http/forms.js';
import { FormBody, formRefusal, formVersion, html, one, type Form } from '../../platform/http/form.js';
import { markdownToHtml } from '../../platform/http/markdown.js';
import { formatDate, londonDate } from '../../process/dates.js';
import { actorOf, allows } from '../accounts/http.js';
import type { Actor } from '../accounts/accounts.js';
import type { ServiceContext } from '../context.js';
import { listAnalysts, type Person } from '../directory/repository.js';
import { publicPath } from '../proposals/views.js';
import * as service from './service.js';
import {
  AWAITING_REPLY, STATUS_LABELS, STEP_LABELS, dueMark, type Submission,
} from './submissions.js';

type Values = Record<string, string | undefined>;
const LIST = { href: '/submissions/', label: 'Submissions' };

function labelsFor(ctx: ServiceContext): Record<string, string> {
  const labels: Record<string, string> = {
    title: 'Title', summary: 'Summary of the issue', comments: 'Comments for the Party',
    raiseComments: 'Comments for the Party (optional)', leadAnalyst: 'Lead Analyst',
  };
  ctx.profile.problemStatementSections.forEach((heading, i) => { labels[`sections.${i}`] = heading; });
  return labels;
}

const refusal = (error: unknown) => formRefusal(error);
const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

function DueMark({ s, today }: { s: Submission; today: string }) {
  const mark = dueMark(s, today);
  if (!mark) return null;
  return <> <strong class="badge">{mark === 'overdue' ? 'Overdue' : 'Due today'}</strong></>;
}

function Outcome({ s }: { s: Submission }) {
  if (s.status === 'raised' && s.proposal) return <>Raised as <a href={publicPath(s.proposal)}>{s.proposal.reference}</a></>;
  return <>{STATUS_LABELS[s.status]}</>;
}

function SubmissionLink({ s }: { s: Submission }) {
  return <a href={`/submissions/${s.id}`}>{s.title}</a>;
}

function Dashboard({ ctx, items, today }: { ctx: ServiceContext; items: Submission[]; today: string }) {
  const awaiting = items.filter((s) => AWAITING_REPLY.includes(s.status));
  const replied = items.filter((s) => !AWAITING_REPLY.includes(s.status));
  return (
    <>
      <h1>Submissions</h1>
      <p class="lead">Draft problem statements sent by Parties. The critical-friend reply is due {ctx.profile.deadlines.criticalFriendReply.workingDays} Working
        Days after each submission; the oldest due comes first. Today is {formatDate(today)}.</p>
      <h2 id="h-awaiting">Awaiting a reply</h2>
      {awaiting.length === 0 ? <p>No submission is waiting for a reply.</p> : (
        <table aria-labelledby="h-awaiting">
          <thead><tr><th scope="col">Reply due</th><th scope="col">Title</th><th scope="col">Party</th><th scope="col">Submitted</th><th scope="col">Status</th></tr></thead>
          <tbody>{awaiting.map((s) => (
            <tr>
              <td><time dateTime={s.dueOn ?? undefined}>{formatDate(s.dueOn)}</time><DueMark s={s} today={today} /></td>
              <td><SubmissionLink s={s} /></td>
              <td>{s.organisation.name}</td>
              <td>{formatDate(s.submittedOn)}{s.submittedBy ? ` by ${s.submittedBy.name}` : ''}</td>
              <td>{STATUS_LABELS[s.status]}</td>
            </tr>))}
          </tbody>
        </table>
      )}
      <h2 id="h-replied">Replied</h2>
      {replied.length === 0 ? <p>None yet.</p> : (
        <table aria-labelledby="h-replied">
          <thead><tr><th scope="col">Title</th><th scope="col">Party</th><th scope="col">Submitted</th><th scope="col">Outcome</th></tr></thead>
          <tbody>{replied.map((s) => (
            <tr><td><SubmissionLink s={s} /></td><td>{s.organisation.name}</td><td>{formatDate(s.submittedOn)}</td><td><Outcome s={s} /></td></tr>))}
          </tbody>
        </table>
      )}
    </>
  );
}

function PartyList({ ctx, items, today, canWrite }: { ctx: ServiceContext; items: Submission[]; today: string; canWrite: boolean }) {
  return (
    <>
      <h1>Your organisation's submissions</h1>
      <p class="lead">Draft problem statements your organisation has written for the Secretariat. Only your organisation and the Secretariat
        see them. The Secretariat aims to reply within {ctx.profile.deadlines.criticalFriendReply.workingDays} Working Days.</p>
      {canWrite && <p><a class="button" href="/submissions/new">Start a new submission</a></p>}
      {items.length === 0 ? <p>Your organisation has no submissions yet.</p> : (
        <table aria-label="Your organisation's submissions">
          <thead><tr><th scope="col">Title</th><th scope="col">Submitted</th><th scope="col">Reply due</th><th scope="col">Outcome</th></tr></thead>
          <tbody>{items.map((s) => (
            <tr>
              <td><SubmissionLink s={s} /></td>
              <td>{s.submittedOn ? formatDate(s.submittedOn) : 'Not yet'}</td>
              <td>{AWAITING_REPLY.includes(s.status) ? <><time dateTime={s.dueOn ?? undefined}>{formatDate(s.dueOn)}</time><DueMark s={s} today={today} /></> : ''}</td>
              <td><Outcome s={s} /></td>
            </tr>))}
          </tbody>
        </table>
      )}
    </>
  );
}

function ContentForm({ ctx, action, values, errors, message, csrf, version, heading }: {
  ctx: ServiceContext; action: string; values: Values; errors: FormErrors; message?: string; csrf: string; version?: number; heading: string;
}) {
  const labels = labelsFor(ctx);
  return (
    <>
      <h1>{heading}</h1>
      <p class="lead">Describe the problem only, not a solution. Save a draft at any time; only your organisation sees it until you submit it to
        the Secretariat, who replies as critical friend within {ctx.profile.deadlines.criticalFriendReply.workingDays} Working Days.</p>
      <ErrorSummary message={message} errors={errors} labels={labels} />
      <form method="post" action={action} novalidate>
        <CsrfField token={csrf} />
        {version !== undefined && <input type="hidden" name="version" value={String(version)} />}
        <TextInput name="title" label={labels.title} value={values.title} errors={errors} required />
        <TextArea name="summary" label={labels.summary} hint="A few sentences on what is wrong; the register shows them if the change is raised."
          value={values.summary} errors={errors} rows={3} />
        <fieldset class="field">
          <legend>Problem statement</legend>
          {ctx.profile.problemStatementSections.map((heading, i) => (
            <TextArea name={`sections.${i}`} label={heading} value={values[`sections.${i}`]} errors={errors} rows={5} />
          ))}
        </fieldset>
        <button type="submit" name="intent" value="save" class="button secondary">Save draft</button>{' '}
        <button type="submit" name="intent" value="submit">Submit to the Secretariat</button>
      </form>
    </>
  );
}

function valuesOf(s: Submission): Values {
  const values: Values = { title: s.title, summary: s.summary };
  s.sections.forEach((section, i) => { values[`sections.${i}`] = section.text; });
  return values;
}

function contentOf(ctx: ServiceContext, form: Form): service.SubmissionInput {
  const sections: Record<string, string> = {};
  ctx.profile.problemStatementSections.forEach((heading, i) => { sections[heading] = one(form[`sections.${i}`]) ?? ''; });
  return { title: one(form.title) ?? '', summary: one(form.summary) ?? '', sections };
}

interface ReviewState { form: 'raise' | 'return'; values: Values; errors: FormErrors; message: string }

function DetailView({ detail, today, csrf, analysts, failed, canReview }: {
  detail: service.SubmissionDetail; today: string; csrf: string; analysts: Person[]; failed?: ReviewState; canReview: boolean;
}) {
  const s = detail.submission;
  const awaiting = AWAITING_REPLY.includes(s.status);
  const reviewErrors = failed?.errors ?? {};
  const labels = { comments: 'Comments for the Party', raiseComments: 'Comments for the Party (optional)', leadAnalyst: 'Lead Analyst' };
  return (
    <>
      <p class="kicker">Submission from {s.organisation.name}</p>
      <h1>{s.title}</h1>
      {failed && <ErrorSummary message={failed.message} errors={failed.errors} labels={labels} />}
      <dl class="summary-list">
        <div class="row"><dt>Status</dt><dd>{STATUS_LABELS[s.status]}</dd></div>
        {s.status === 'raised' && s.proposal && (
          <div class="row"><dt>Draft Proposal</dt><dd><a href={publicPath(s.proposal)}>{s.proposal.reference}</a></dd></div>
        )}
        <div class="row"><dt>Party</dt><dd>{s.organisation.name}</dd></div>
        <div class="row"><dt>Started by</dt><dd>{s.author.name}</dd></div>
        <div class="row"><dt>Submitted</dt><dd>{s.submittedOn ? `${formatDate(s.submittedOn)} by ${s.submittedBy?.name ?? ''}` : 'Not yet'}</dd></div>
        {s.dueOn && (
          <div class="row"><dt>{awaiting ? 'Reply due' : 'Reply was due'}</dt>
            <dd><time dateTime={s.dueOn}>{formatDate(s.dueOn)}</time><DueMark s={s} today={today} /></dd></div>
        )}
      </dl>
      {detail.allowed.includes('save') && (
        <p><a class="button" href={`/submissions/${s.id}/edit`}>{s.status === 'returned' ? 'Revise and resubmit' : 'Edit and submit'}</a></p>
      )}
      <h2 id="h-summary">Summary of the issue</h2>
      <p>{s.summary || <span class="muted">Not written yet.</span>}</p>
      <h2 id="h-statement">Draft problem statement</h2>
      {s.sections.map((section) => (
        <>
          <h3>{section.heading}</h3>
          {section.text
            ? <div class="markdown" dangerouslySetInnerHTML={{ __html: markdownToHtml(section.text.replace(/^[ \t]{0,3}#{1,3}(?=[ \t]|$)/gm, '####')) }} />
            : <p class="muted">Not written.</p>}
        </>
      ))}
      {canReview && awaiting && (
        <section aria-labelledby="h-reply">
          <h2 id="h-reply">Reply as critical friend</h2>
          <form method="post" action={`/submissions/${s.id}/raise`} novalidate>
            <h3>Raise as a Draft Proposal</h3>
            <p class="hint">The change gets its number now; the proposer is {s.submittedBy?.name ?? s.author.name} of {s.organisation.name} and the
              problem statement becomes draft v0.1.</p>
            <CsrfField token={csrf} />
            <input type="hidden" name="version" value={String(s.version)} />
            <Select name="leadAnalyst" label={labels.leadAnalyst} value={failed?.form === 'raise' ? failed.values.leadAnalyst : undefined}
              errors={failed?.form === 'raise' ? reviewErrors : {}} blank="Not assigned" options={analysts.map((a) => ({ value: a.name, label: a.name }))} />
            <TextArea name="raiseComments" label={labels.raiseComments} value={failed?.form === 'raise' ? failed.values.raiseComments : undefined}
              errors={failed?.form === 'raise' ? reviewErrors : {}} rows={3} />
            <button type="submit">Raise as Draft Proposal</button>
          </form>
          <form method="post" action={`/submissions/${s.id}/return`} novalidate>
            <h3>Return with comments</h3>
            <CsrfField token={csrf} />
            <input type="hidden" name="version" value={String(s.version)} />
            <TextArea name="comments" label={labels.comments} hint="What the Party should change before submitting again."
              value={failed?.form === 'return' ? failed.values.comments : undefined} errors={failed?.form === 'return' ? reviewErrors : {}} rows={5} />
            <button type="submit" class="button secondary">Return to the Party</button>
          </form>
        </section>
      )}
      <h2 id="h-history">History</h2>
      <ol class="timeline">
        {detail.events.map((e) => (
          <li>
            <time dateTime={e.businessDate}>{formatDate(e.businessDate)}</time>{' '}
            {e.step === 'raised' && e.proposalReference ? `Raised as Draft Proposal ${e.proposalReference}` : STEP_LABELS[e.step]}
            {` by ${e.actorName}`}
            {e.dueOn && <span class="muted">{` (reply due ${formatDate(e.dueOn)})`}</span>}
            {e.comments && <blockquote class="note">{e.comments}</blockquote>}
          </li>
        ))}
      </ol>
    </>
  );
}

export function registerSubmissionPages(app: HttpServer, ctx: ServiceContext): void {
  const csrfCheck = { preValidation: app.csrfProtection };
  const today = () => londonDate(ctx.clock());
  const idOf = (request: { params: { id: string } }) => request.params.id;

  async function detailPage(request: FastifyRequest, reply: FastifyReply, actor: Actor, id: string, status = 200, failed?: ReviewState) {
    const detail = await service.getSubmission(ctx, actor, id);
    const canReview = allows(request, 'submissions.review');
    const analysts = canReview ? await listAnalysts(ctx.db.kysely) : [];
    return html(reply, status, renderPage({ title: detail.submission.title, section: 'submissions', crumbs: [LIST],
      children: <DetailView detail={detail} today={today()} csrf={reply.generateCsrf()} analysts={analysts} failed={failed} canReview={canReview} /> }));
  }

  const formPage = (reply: FastifyReply, status: number, props: Omit<Parameters<typeof ContentForm>[0], 'ctx' | 'csrf'>) =>
    html(reply, status, renderPage({ title: props.heading, section: 'submissions', crumbs: [LIST],
      children: <ContentForm ctx={ctx} csrf={reply.generateCsrf()} {...props} /> }));

  app.get('/submissions/', { config: { permission: 'submissions.read' } }, async (request, reply) => {
    const actor = actorOf(request);
    const items = await service.listSubmissions(ctx, actor);
    const children = allows(request, 'submissions.review')
      ? <Dashboard ctx={ctx} items={items} today={today()} />
      : actor.role === 'party'
        ? <PartyList ctx={ctx} items={items} today={today()} canWrite={allows(request, 'submissions.write')} />
        : <><h1>Submissions</h1><p>A submission is seen only by the Party that wrote it and the Secretariat, until it is raised as a Draft
          Proposal on the <a href="/modifications/">register</a>.</p></>;
    return html(reply, 200, renderPage({ title: 'Submissions', section: 'submissions', children }));
  });

  app.get('/submissions/new', { config: { permission: 'submissions.write' } }, async (_request, reply) =>
    formPage(reply, 200, { action: '/submissions/new', values: {}, errors: {}, heading: 'Start a submission' }));

  app.post('/submissions/new', { ...csrfCheck, config: { permission: 'submissions.write' }, schema: { body: FormBody } }, async (request, reply) => {
    const form: Form = request.body;
    try {
      const created = await service.createSubmission(ctx, actorOf(request), contentOf(ctx, form), { submit: one(form.intent) === 'submit' });
      return reply.redirect(withDone(`/submissions/${created.id}`, one(form.intent) === 'submit' ? 'submission-sent' : 'submission-saved'), 303);
    } catch (error) {
      const r = refusal(error);
      return formPage(reply, r.status, { action: '/submissions/new', values: form as Values, errors: r.errors, message: r.message, heading: 'Start a submission' });
    }
  });

  app.get('/submissions/:id', { config: { permission: 'submissions.read' }, schema: { params: IdParams } }, async (request, reply) => detailPage(request, reply, actorOf(request), idOf(request)));

  app.get('/submissions/:id/edit', { config: { permission: 'submissions.write' }, schema: { params: IdParams } }, async (request, reply) => {
    const { submission, allowed } = await service.getSubmission(ctx, actorOf(request), idOf(request));
    if (!allowed.includes('save')) return reply.redirect(`/submissions/${submission.id}`, 303);
    return formPage(reply, 200, { action: `/submissions/${submission.id}/edit`, values: valuesOf(submission), errors: {},
      version: submission.version, heading: `Edit: ${submission.title}` });
  });

  app.post('/submissions/:id/edit', { ...csrfCheck, config: { permission: 'submissions.write' }, schema: { params: IdParams, body: FormBody } }, async (request, reply) => {
    const id = idOf(request);
    const form: Form = request.body;
    try {
      await service.saveSubmission(ctx, actorOf(request), id, contentOf(ctx, form), {
        submit: one(form.intent) === 'submit', expectedVersion: formVersion(form),
      });
      return reply.redirect(withDone(`/submissions/${id}`, one(form.intent) === 'submit' ? 'submission-sent' : 'submission-saved'), 303);
    } catch (error) {
      const r = refusal(error);
      const { submission } = await service.getSubmission(ctx, actorOf(request), id);
      return formPage(reply, r.status, { action: `/submissions/${id}/edit`, values: form as Values, errors: r.errors, message: r.message,
        version: r.conflict ? formVersion(form) : submission.version, heading: `Edit: ${submission.title}` });
    }
  });

  app.post('/submissions/:id/return', { ...csrfCheck, config: { permission: 'submissions.review' }, schema: { params: IdParams, body: FormBody } }, async (request, reply) => {
    const id = idOf(request);
    const form: Form = request.body;
    try {
      await service.returnSubmission(ctx, actorOf(request), id, { comments: one(form.comments), expectedVersion: formVersion(form) });
      return reply.redirect(withDone(`/submissions/${id}`, 'returned'), 303);
    } catch (error) {
      const r = refusal(error);
      return detailPage(request, reply, actorOf(request), id, r.status, { form: 'return', values: { comments: one(form.comments) }, errors: r.errors, message: r.message });
    }
  });

  app.post('/submissions/:id/raise', { ...csrfCheck, config: { permission: 'submissions.review' }, schema: { params: IdParams, body: FormBody } }, async (request, reply) => {
    const id = idOf(request);
    const form: Form = request.body;
    try {
      await service.raiseSubmission(ctx, actorOf(request), id, {
        leadAnalyst: one(form.leadAnalyst) || null, comments: one(form.raiseComments), expectedVersion: formVersion(form),
      });
      return reply.redirect(withDone(`/submissions/${id}`, 'submission-raised'), 303);
    } catch (error) {
      const r = refusal(error);
      const errors = Object.fromEntries(Object.entries(r.errors).map(([k, v]) => [k === 'comments' ? 'raiseComments' : k, v]));
      return detailPage(request, reply, actorOf(request), id, r.status, {
        form: 'raise', values: { leadAnalyst: one(form.leadAnalyst), raiseComments: one(form.raiseComments) }, errors, message: r.message,
      });
    }
  });
}
