// Consultations on the change page (a section that respects the viewer: a Party user sees its
// organisation's response form while the consultation takes responses) and the consultation's own
// page: its questions, the response form (CSRF-checked), the viewer's own response with its
// versions, and for the Secretariat who has and has not responded, every response and the close.
import type { FastifyReply } from 'fastify';
import type { ComponentChildren } from 'preact';
import { Type } from 'typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { FormBody, formRefusal, html, many, one, type Form } from '../../platform/http/form.js';
import { CsrfField, ErrorSummary, Field, Select, TextArea, TextInput, describedBy, type FormErrors } from '../../platform/http/forms.js';
import { renderPage } from '../../platform/http/layout.js';
import { formatDate, formatDateTime } from '../../process/dates.js';
import { PUBLIC, type Actor } from '../accounts/accounts.js';
import { formActor } from '../accounts/http.js';
import { can } from '../accounts/permissions.js';
import type { ServiceContext } from '../context.js';
import { documentPath } from '../documents/api.js';
import type { ChangePageContext } from '../manifest.js';
import type { ProposalDetail } from '../proposals/service.js';
import { publicPath } from '../proposals/views.js';
import { CollationBody } from './collate.js';
import { consultationPath } from './consultations.js';
import * as service from './service.js';

type Detail = service.ConsultationDetail;
const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

interface Failed {
  values: Form;
  errors: FormErrors;
  message: string;
}

function statusText(d: Detail): string {
  const c = d.consultation;
  if (!c.open) return `Closed on ${formatDate(c.closedOn)}`;
  return d.takesResponses ? `Open: responses until ${formatDate(c.closesOn)}` : `Opens on ${formatDate(c.opensOn)}`;
}

/** The answer fields are answer-1, answer-2 …; a refused form keeps what was typed. */
function ResponseForm({ d, csrf, failed }: { d: Detail; csrf: string; failed?: Failed }) {
  const errors = failed?.errors ?? {};
  const answerOf = (i: number) => (failed ? one(failed.values[`answer-${i + 1}`]) : d.mine?.answers[i] ?? '');
  const confidential = failed ? one(failed.values.confidential) === 'true' : d.mine?.confidential ?? false;
  return (
    <form method="post" action={`${consultationPath(d.consultation.id)}/response`} novalidate>
      <CsrfField token={csrf} />
      {d.consultation.questions.map((q, i) => {
        const name = `answer-${i + 1}`;
        const error = errors[`answers.${i}`] ?? (i === 0 ? errors.answers : undefined);
        return (
          <Field name={name} label={`${i + 1}. ${q}`} error={error}>
            <textarea id={`f-${name}`} name={name} rows={5} aria-invalid={error ? 'true' : undefined}
              aria-describedby={describedBy(name, undefined, error)}>{answerOf(i)}</textarea>
          </Field>
        );
      })}
      <div class="field checkbox">
        <input type="checkbox" id="f-confidential" name="confidential" value="true" checked={confidential} aria-describedby="f-confidential-hint" />
        <label for="f-confidential">Confidential</label>
        <p class="hint" id="f-confidential-hint">Only the Secretariat reads a confidential response; it is not published with the others.</p>
      </div>
      <button type="submit">{d.mine ? 'Replace our response' : 'Send our response'}</button>
    </form>
  );
}

function Answers({ d, answers }: { d: Detail; answers: string[] }) {
  return (
    <dl>{d.consultation.questions.map((q, i) => <><dt>{`${i + 1}. ${q}`}</dt><dd>{answers[i] || 'No answer given.'}</dd></>)}</dl>
  );
}

function Mine({ d }: { d: Detail }) {
  const mine = d.mine;
  if (!mine) return null;
  return (
    <section aria-labelledby="h-mine">
      <h2 id="h-mine">Your organisation's response</h2>
      <p class="meta">{`Version ${mine.version}, sent ${mine.submittedAt.slice(0, 10)} by ${mine.submittedBy}${mine.confidential ? '; confidential' : ''}`}</p>
      <Answers d={d} answers={mine.answers} />
      {mine.versions && mine.versions.length > 1 && (
        <details>
          <summary>Earlier versions</summary>
          {mine.versions.slice(0, -1).reverse().map((v) => (
            <div>
              <h3>{`Version ${v.version}, ${v.submittedAt.slice(0, 10)} by ${v.submittedBy}${v.confidential ? ' (confidential)' : ''}`}</h3>
              <Answers d={d} answers={v.answers} />
            </div>
          ))}
        </details>
      )}
    </section>
  );
}

function Respondents({ d }: { d: Detail }) {
  if (!d.respondents) return null;
  const done = d.respondents.filter((r) => r.responded).length;
  return (
    <section aria-labelledby="h-respondents">
      <h2 id="h-respondents">Who has responded</h2>
      <p>{`${done} of ${d.respondents.length} organisations that may respond have responded.`}</p>
      <table>
        <caption class="visually-hidden">Organisations that may respond</caption>
        <thead><tr><th scope="col">Organisation</th><th scope="col">Responded</th></tr></thead>
        <tbody>{d.respondents.map((r) => (
          <tr><td>{r.name}</td><td>{r.responded ? `Yes, ${formatDateTime(r.submittedAt)}` : 'Not yet'}</td></tr>
        ))}</tbody>
      </table>
    </section>
  );
}

function AllResponses({ d }: { d: Detail }) {
  const others = d.responses.filter((r) => r.organisationId !== d.mine?.organisationId);
  if (others.length === 0) return null;
  return (
    <section aria-labelledby="h-responses">
      <h2 id="h-responses">Responses</h2>
      {others.map((r) => (
        <article>
          <h3>{r.organisation}{r.confidential ? ' (confidential)' : ''}</h3>
          <p class="meta">{`Version ${r.version}, sent ${r.submittedAt.slice(0, 10)}`}</p>
          <Answers d={d} answers={r.answers} />
        </article>
      ))}
    </section>
  );
}

function ConsultationPage({ ctx, d, viewer, csrf, failed }: { ctx: ServiceContext; d: Detail; viewer: Actor; csrf: string; failed?: Failed }) {
  const c = d.consultation;
  const secretariat = can(viewer, 'consultations.manage');
  const canRespond = can(viewer, 'consultations.respond') && !d.refusal;
  return (
    <>
      <p class="kicker">{`${d.change.reference} · ${d.kind.label}`}</p>
      <h1>{c.title}</h1>
      <p><a href={publicPath(d.change)}>{`${d.change.reference} ${d.change.title}`}</a></p>
      <p class="lead">{statusText(d)}</p>
      <h2>Questions</h2>
      <ol>{c.questions.map((q) => <li>{q}</li>)}</ol>
      {viewer.role === 'party' && d.refusal && <p class="notice">{d.refusal.message}</p>}
      {canRespond && (
        <section aria-labelledby="h-respond">
          <h2 id="h-respond">{d.mine ? 'Change your response' : 'Respond'}</h2>
          <ErrorSummary message={failed?.message} errors={failed?.errors ?? {}} />
          <ResponseForm d={d} csrf={csrf} failed={failed} />
        </section>
      )}
      <Mine d={d} />
      {secretariat && <Respondents d={d} />}
      {secretariat ? <AllResponses d={d} /> : !c.open && (
        <section aria-labelledby="h-published">
          <h2 id="h-published">Published responses</h2>
          <CollationBody c={service.collationOf(ctx, d)} level={2} />
        </section>
      )}
      {c.documentIds.length > 0 && (
        <p>Collated responses: {c.collationSha256 && <><a href={`${consultationPath(c.id)}/collation.html`}>HTML</a>, </>}
          {c.documentIds.map((id, i) => (
            <>{i > 0 && ', '}<a href={`${documentPath(d.change.reference, id)}/file`} download>{i === 0 ? 'Word' : 'PDF'}</a></>
          ))}</p>
      )}
      {secretariat && c.open && (
        <form method="post" action={`${consultationPath(c.id)}/close`}>
          <CsrfField token={csrf} />
          <button type="submit">Close the consultation now</button>
        </form>
      )}
    </>
  );
}

const OPEN_LABELS: Record<string, string> = {
  kind: 'Kind of consultation', questions: 'Questions', closes: 'Last day for responses (optional)', title: 'Title (optional)',
};

/** The Secretariat's form to open a consultation on the change. */
function OpenForm({ ctx, reference, csrf, failed, prefix = 'f' }: { ctx: ServiceContext; reference: string; csrf: string; failed?: Failed; prefix?: string }) {
  const errors = failed?.errors ?? {};
  const length = ctx.profile.deadlines.consultationClose.workingDays;
  return (
    <form method="post" action="/consultations/" novalidate>
      <CsrfField token={csrf} />
      <input type="hidden" name="ref" value={reference} />
      <Select name="kind" label={OPEN_LABELS.kind} value={one(failed?.values.kind)} errors={errors} prefix={prefix}
        options={ctx.profile.consultations.map((k) => ({ value: k.id, label: k.label }))} />
      <TextInput name="title" label={OPEN_LABELS.title} value={one(failed?.values.title)} errors={errors} prefix={prefix} />
      <TextArea name="questions" label={OPEN_LABELS.questions} value={one(failed?.values.questions)} errors={errors} hint="One question a line." prefix={prefix} />
      <TextInput name="closes" label={OPEN_LABELS.closes} type="date" value={one(failed?.values.closes)} errors={errors} prefix={prefix}
        hint={`By default ${length} Working Days from today.`} />
      <button type="submit">Open consultation</button>
    </form>
  );
}

/** The change page's "Consultations": each with its state; a Party user's form while it takes its response. */
export async function consultationsSection(ctx: ServiceContext, detail: ProposalDetail, viewer: Actor, page: ChangePageContext): Promise<ComponentChildren> {
  const items = await service.listByChange(ctx, viewer, detail.proposal.id);
  const canOpen = can(viewer, 'consultations.manage') && ctx.profile.consultations
    .some((k) => ctx.profile.actions.find((a) => a.id === k.openAction)?.from.includes(detail.proposal.state));
  if (items.length === 0 && !canOpen) return null;
  return (
    <section aria-labelledby="h-consultations">
      <h2 id="h-consultations">Consultations</h2>
      {items.length === 0 && <p>No consultations yet.</p>}
      {canOpen && (
        <details>
          <summary>Open a consultation</summary>
          {/* Its own ids: the change page's document form also has fields named kind and title. */}
          <OpenForm ctx={ctx} reference={detail.proposal.reference} csrf={page.csrf} prefix="co" />
        </details>
      )}
      <ul>{items.map((d) => (
        <li>
          <a href={consultationPath(d.consultation.id)}>{d.consultation.title}</a>{`: ${statusText(d)}`}
          {d.respondents && ` (${d.respondents.filter((r) => r.responded).length} of ${d.respondents.length} responded)`}
          {d.mine && ` (your organisation responded, version ${d.mine.version})`}
          {can(viewer, 'consultations.respond') && !d.refusal && (
            <details>
              <summary>{d.mine ? 'Change your organisation\'s response' : 'Respond for your organisation'}</summary>
              <ResponseForm d={d} csrf={page.csrf} />
            </details>
          )}
        </li>
      ))}</ul>
    </section>
  );
}

export function registerConsultationPages(app: HttpServer, ctx: ServiceContext): void {
  const csrfCheck = { preValidation: app.csrfProtection };

  async function page(reply: FastifyReply, viewer: Actor, id: string, status = 200, failed?: Failed) {
    const d = await service.getConsultation(ctx, viewer, id);
    return html(reply, status, renderPage({ title: d.consultation.title, section: 'register',
      crumbs: [{ href: '/modifications/', label: 'Register' }, { href: publicPath(d.change), label: d.change.reference }],
      children: <ConsultationPage ctx={ctx} d={d} viewer={viewer} csrf={reply.generateCsrf()} failed={failed} /> }));
  }

  app.post('/consultations/', { ...csrfCheck, config: { permission: 'consultations.manage' }, schema: { body: FormBody } },
    async (request, reply) => {
      const form = request.body;
      const ref = one(form.ref);
      try {
        const d = await service.openConsultation(ctx, formActor(request), ref, {
          kind: one(form.kind), title: one(form.title) || undefined, questions: one(form.questions), closes: one(form.closes) || undefined,
        });
        return reply.redirect(consultationPath(d.consultation.id), 303);
      } catch (error) {
        const refused = formRefusal(error);
        const failed = { values: form, errors: refused.errors, message: refused.message };
        return html(reply, refused.status, renderPage({ title: `Open a consultation on ${ref}`, section: 'register',
          crumbs: [{ href: '/modifications/', label: 'Register' }],
          children: (
            <>
              <h1>{`Open a consultation on ${ref}`}</h1>
              <ErrorSummary message={failed.message} errors={failed.errors} labels={OPEN_LABELS} />
              <OpenForm ctx={ctx} reference={ref} csrf={reply.generateCsrf()} failed={failed} />
            </>
          ) }));
      }
    });

  app.get('/consultations/:id', { config: { permission: 'site.read' }, schema: { params: IdParams } },
    async (request, reply) => page(reply, request.actor ?? PUBLIC, request.params.id));

  // The collated responses as frozen at the close: the same bytes every time, named by their SHA-256.
  app.get('/consultations/:id/collation.html', { config: { permission: 'site.read' }, schema: { params: IdParams } }, async (request, reply) => {
    const record = await service.collationRecord(ctx, request.params.id);
    return reply.type('text/html; charset=utf-8').header('ETag', `"${record.sha256}"`)
      .header('Repr-Digest', `sha-256=:${Buffer.from(record.sha256, 'hex').toString('base64')}:`).send(record.html);
  });

  app.post('/consultations/:id/response', { ...csrfCheck, config: { permission: 'consultations.respond' }, schema: { body: FormBody, params: IdParams } },
    async (request, reply) => {
      const { id } = request.params;
      const form = request.body;
      const d = await service.getConsultation(ctx, formActor(request), id);
      const answers = d.consultation.questions.map((_, i) => one(form[`answer-${i + 1}`]));
      try {
        await service.respond(ctx, formActor(request), id, { answers, confidential: many(form.confidential).includes('true') });
        return reply.redirect(`${consultationPath(id)}#h-mine`, 303);
      } catch (error) {
        const refused = formRefusal(error);
        return page(reply, formActor(request), id, refused.status, { values: form, errors: refused.errors, message: refused.message });
      }
    });

  app.post('/consultations/:id/close', { ...csrfCheck, config: { permission: 'consultations.manage' }, schema: { body: FormBody, params: IdParams } },
    async (request, reply) => {
      const { id } = request.params;
      try {
        await service.closeConsultation(ctx, formActor(request), id);
        return reply.redirect(consultationPath(id), 303);
      } catch (error) {
        const refused = formRefusal(error);
        return page(reply, formActor(request), id, refused.status, { values: {}, errors: refused.errors, message: refused.message });
      }
    });
}
