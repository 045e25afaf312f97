// HTML pages of committees and meetings: members, the meeting list, one meeting's agenda with its
// outcomes, and forms to plan a meeting, add an agenda item, record an outcome or a view.
import { committeeAlternates } from '../feed-paths.js';
import type { FastifyReply } from 'fastify';
import type { ComponentChildren } from 'preact';
import { Type } from 'typebox';
import { withDone, type DoneCode } from '../../platform/http/flash.js';
import type { HttpServer } from '../../platform/http/server.js';
import { renderPage } from '../../platform/http/layout.js';
import { CsrfField, ErrorSummary, Select, TextArea, TextInput, type FormErrors } from '../../platform/http/forms.js';
import { FormBody, formRefusal, html, one, type Form } from '../../platform/http/form.js';
import { DomainError } from '../../platform/errors.js';
import { formatDate } from '../../process/dates.js';
import type { CommitteeDef } from '../../process/profile.js';
import { allows, formActor } from '../accounts/http.js';
import type { Permission } from '../accounts/permissions.js';
import type { ServiceContext } from '../context.js';
import { watchCommitteePath } from '../watch-paths.js';
import { PUBLIC } from '../accounts/accounts.js';
import type { CommitteePageSection, MeetingPageSection } from '../manifest.js';
import { AGENDA_PURPOSES, IMPACTS, IMPACT_LABELS, type AgendaItem, type CommitteeView, type Meeting, type Member } from './committees.js';
import * as service from './service.js';
import { getProposalDetailBySlug, type ProposalDetail } from '../proposals/service.js';
import { publicPath } from '../proposals/views.js';
import { VIEW_FORM_LABELS, ViewForm, meetingsForViews } from './views-section.js';
import { notFound } from '../../platform/errors.js';
import { listOrganisations } from '../directory/repository.js';

const CodeParams = Type.Object({ code: Type.String({ maxLength: 40 }) });
const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
const STATUS_LABELS: Record<string, string> = { planned: 'Planned', held: 'Held', cancelled: 'Cancelled' };
const roleLabel: Record<string, string> = { chair: 'Chair', member: 'Member', alternate: 'Alternate' };

/** A reference to a change that is not in the register belongs to the form, not to a 404 page. */
const refusal = (error: unknown) => formRefusal(error, { notFoundInForm: true });

const AGENDA_LABELS: Record<string, string> = {
  'agenda-ref': 'Proposal reference (optional)', 'agenda-purpose': 'Purpose', 'agenda-text': 'Text (optional)',
};

/** A form's field errors keyed by its prefixed field names ("ref" → "view-ref"). */
function prefixed(prefix: string, errors: FormErrors | undefined): FormErrors {
  return Object.fromEntries(Object.entries(errors ?? {}).map(([field, message]) => [`${prefix}-${field}`, message]));
}

function seatLabel(ctx: ServiceContext, seat: string): string {
  return ctx.profile.partyCategories.find((c) => c.id === seat)?.label ?? seat;
}

function MeetingForm({ committee, csrf, values, errors, message }: {
  committee: CommitteeDef; csrf: string; values: Form; errors: FormErrors; message?: string;
}) {
  return (
    <section aria-labelledby="h-plan">
      <h2 id="h-plan">Plan a meeting</h2>
      <ErrorSummary message={message} errors={errors} />
      <form method="post" action={`/committees/${committee.code}/meetings`} novalidate>
        <CsrfField token={csrf} />
        <TextInput name="date" label="Date" type="date" value={one(values.date)} errors={errors} required />
        <TextInput name="startTime" label="Start time (HH:MM, optional)" value={one(values.startTime)} errors={errors} />
        <TextInput name="location" label="Place (optional)" value={one(values.location)} errors={errors} />
        <TextInput name="onlineUrl" label="Online link (optional, https://…)" value={one(values.onlineUrl)} errors={errors} />
        <button type="submit">Plan meeting</button>
      </form>
    </section>
  );
}

/** Adds a member: a person of an organisation, in a seat and role, from the start of their term. */
function MemberForm({ ctx, committee, organisations, csrf, values, errors, message }: {
  ctx: ServiceContext; committee: CommitteeDef; organisations: { id: string; name: string }[]; csrf: string; values: Form; errors: FormErrors; message?: string;
}) {
  return (
    <section aria-labelledby="h-add-member">
      <h2 id="h-add-member">Add a member</h2>
      <ErrorSummary message={message} errors={errors} />
      <form method="post" action={`/committees/${committee.code}/members`} novalidate>
        <CsrfField token={csrf} />
        <TextInput name="member-name" label="Name" value={one(values['member-name'])} errors={errors} required />
        <Select name="member-organisation" label="Organisation" value={one(values['member-organisation'])} errors={errors}
          options={organisations.map((o) => ({ value: o.name, label: o.name }))} />
        <TextInput name="member-seat" label="Seat (a party category, or a role such as Chair)" value={one(values['member-seat'])} errors={errors} required
          hint={`Party categories: ${ctx.profile.partyCategories.map((c) => c.id).join(', ')}.`} />
        <Select name="member-role" label="Role" value={one(values['member-role']) || 'member'} errors={errors}
          options={Object.entries(roleLabel).map(([value, label]) => ({ value, label }))} />
        <TextInput name="member-termStart" label="Term starts" type="date" value={one(values['member-termStart'])} errors={errors} required />
        <button type="submit">Add member</button>
      </form>
    </section>
  );
}

function CommitteePage({ ctx, committee, members, meetings, organisations, csrf, form, canManage, extra }: {
  ctx: ServiceContext; committee: CommitteeDef; members: Member[]; meetings: Meeting[]; organisations: { id: string; name: string }[];
  csrf: string; canManage: boolean;
  form?: { name?: string; values: Form; errors: FormErrors; message?: string }; extra?: ComponentChildren;
}) {
  const memberForm = form?.name === 'member' ? form : undefined;
  const meetingForm = form?.name === 'member' || form?.name === 'term' ? undefined : form;
  return (
    <>
      <h1>{committee.name} ({committee.shortName})</h1>
      <p class="lead">Meets {committee.cadence}.{committee.impactArea ? ` Asked about ${committee.impactArea.adjective} impacts of each change.` : ''}</p>
      <p><a href={watchCommitteePath(committee.code)}>Watch this committee<span class="visually-hidden">{` (${committee.shortName})`}</span></a>: mail when its papers are issued or it decides on a change.</p>
      <section aria-labelledby="h-members">
        <h2 id="h-members">Members</h2>
        {members.length === 0 ? <p>No members recorded.</p> : (
          <table>
            <caption class="visually-hidden">Members of the {committee.shortName}</caption>
            <thead><tr><th scope="col">Name</th><th scope="col">Organisation</th><th scope="col">Seat</th><th scope="col">Role</th><th scope="col">Term</th>
              {canManage && <th scope="col">End the term</th>}</tr></thead>
            <tbody>{members.map((m) => (
              <tr><td>{m.name}</td><td>{m.organisation ?? ''}</td><td>{seatLabel(ctx, m.seat)}</td><td>{roleLabel[m.role] ?? m.role}</td>
                <td>{`${formatDate(m.termStart)} – ${m.termEnd ? formatDate(m.termEnd) : 'ongoing'}`}</td>
                {canManage && <td>{m.termEnd ? '' : (
                  <form method="post" action={`/committees/${committee.code}/members/${m.id}/end`} class="inline" novalidate>
                    <CsrfField token={csrf} />
                    <label for={`end-${m.id}`}>{`Last day of ${m.name}'s term`}</label>
                    <input type="date" id={`end-${m.id}`} name="termEnd" required />
                    <button type="submit">End term</button>
                  </form>
                )}</td>}</tr>
            ))}</tbody>
          </table>
        )}
        {form?.name === 'term' && <ErrorSummary message={form.message} errors={form.errors} />}
      </section>
      {canManage && <MemberForm ctx={ctx} committee={committee} organisations={organisations} csrf={csrf}
        values={memberForm?.values ?? {}} errors={memberForm?.errors ?? {}} message={memberForm?.message} />}
      <section aria-labelledby="h-meetings">
        <h2 id="h-meetings">Meetings</h2>
        {meetings.length === 0 ? <p>No meetings yet.</p> : (
          <ul>{meetings.map((m) => <li><a href={`/meetings/${m.id}`}>{formatDate(m.date)}</a>{` — ${STATUS_LABELS[m.status] ?? m.status}${m.location ? `, ${m.location}` : ''}`}</li>)}</ul>
        )}
      </section>
      {extra}
      {canManage && <MeetingForm committee={committee} csrf={csrf} values={meetingForm?.values ?? {}} errors={meetingForm?.errors ?? {}} message={meetingForm?.message} />}
    </>
  );
}

/** The views recorded at a meeting, in the order they were recorded. */
function MeetingViews({ views }: { views: CommitteeView[] }) {
  return (
    <section aria-labelledby="h-meeting-views">
      <h2 id="h-meeting-views">Views recorded at this meeting</h2>
      {views.length === 0 ? <p>No view has been recorded at this meeting.</p> : (
        <table>
          <caption class="visually-hidden">Views recorded at this meeting</caption>
          <thead><tr><th scope="col">Change</th><th scope="col">Impact</th><th scope="col">Further input</th><th scope="col">Comments</th></tr></thead>
          <tbody>{views.map((v) => (
            <tr>
              <td><a href={`/proposals/${v.proposalReference}`}>{v.proposalReference}</a></td>
              <td>{IMPACT_LABELS[v.impact]}</td>
              <td>{v.furtherInput ? 'Yes' : 'No'}</td>
              <td>{v.comments}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </section>
  );
}

function MeetingPage({ ctx, committee, meeting, agenda, views, csrf, failed, canManage, canView, extra }: {
  ctx: ServiceContext; committee: CommitteeDef; meeting: Meeting; agenda: AgendaItem[]; views: CommitteeView[]; csrf: string; canManage: boolean; canView: boolean;
  failed?: { form: string; errors: FormErrors; message: string; values: Form }; extra?: ComponentChildren;
}) {
  const actions = ctx.profile.actions.filter((a) => a.body === committee.code);
  const inputs = [...new Map(actions.flatMap((a) => a.inputs).map((i) => [i.name, i])).values()];
  const f = (name: string) => (failed ? failed : undefined)?.form === name ? failed : undefined;
  const refs = agenda.filter((a) => a.reference).map((a) => ({ value: a.reference!, label: `${a.reference} ${a.title ?? ''}` }));
  // The agenda and view forms share the page with the decision form: their fields are prefixed so
  // every id on the page is unique and each label names its own field.
  const agendaErrors = prefixed('agenda', f('agenda')?.errors);
  const viewErrors = prefixed('view', f('view')?.errors);
  const viewLabels: Record<string, string> = {
    'view-ref': 'Proposal reference',
    'view-impact': committee.impactArea ? committee.impactArea.heading.replace('Anticipated ', '') : 'Impact',
    'view-furtherInput': 'Wants to give further input',
    'view-comments': 'Comments',
  };
  return (
    <>
      <p class="kicker">{committee.name}</p>
      <h1>{`${committee.shortName} meeting, ${formatDate(meeting.date)}`}</h1>
      <dl class="summary-list">
        <div class="row"><dt>Status</dt><dd>{STATUS_LABELS[meeting.status] ?? meeting.status}</dd></div>
        <div class="row"><dt>Time</dt><dd>{meeting.startTime ?? 'Not set'}</dd></div>
        <div class="row"><dt>Place</dt><dd>{meeting.location || 'Not set'}</dd></div>
        <div class="row"><dt>Online</dt><dd>{meeting.onlineUrl ? <a href={meeting.onlineUrl}>{meeting.onlineUrl}</a> : 'No link'}</dd></div>
      </dl>
      <section aria-labelledby="h-agenda">
        <h2 id="h-agenda">Agenda and outcomes</h2>
        {agenda.length === 0 ? <p>Nothing on the agenda yet.</p> : (
          <table>
            <caption class="visually-hidden">Agenda</caption>
            <thead><tr><th scope="col">Item</th><th scope="col">Purpose</th><th scope="col">Outcome</th></tr></thead>
            <tbody>{agenda.map((a) => (
              <tr>
                <td>{a.position}. {a.reference ? <a href={`/proposals/${a.reference}`}>{`${a.reference} ${a.title ?? ''}`}</a> : null} {a.text}</td>
                <td>{AGENDA_PURPOSES.find((p) => p.value === a.purpose)?.label ?? a.purpose}</td>
                <td>{a.outcome || '—'}</td>
              </tr>
            ))}</tbody>
          </table>
        )}
      </section>
      <MeetingViews views={views} />
      {extra}
      {canManage && <section aria-labelledby="h-add-item">
        <h2 id="h-add-item">Add an agenda item</h2>
        <ErrorSummary message={f('agenda')?.message} errors={agendaErrors} labels={AGENDA_LABELS} />
        <form method="post" action={`/meetings/${meeting.id}/agenda`} novalidate>
          <CsrfField token={csrf} />
          <TextInput name="agenda-ref" label={AGENDA_LABELS['agenda-ref']} value={one(f('agenda')?.values['agenda-ref'])} errors={agendaErrors} hint="e.g. DP094" />
          <Select name="agenda-purpose" label={AGENDA_LABELS['agenda-purpose']} value={one(f('agenda')?.values['agenda-purpose']) || 'for-information'} errors={agendaErrors}
            options={AGENDA_PURPOSES.map((p) => ({ value: p.value, label: p.label }))} />
          <TextInput name="agenda-text" label={AGENDA_LABELS['agenda-text']} value={one(f('agenda')?.values['agenda-text'])} errors={agendaErrors} />
          <button type="submit">Add item</button>
        </form>
      </section>}
      {canManage && actions.length > 0 && (
        <section aria-labelledby="h-outcome">
          <h2 id="h-outcome">Record a decision</h2>
          <p class="hint">The decision is taken on the register as of {formatDate(meeting.date)}, and the timeline names this meeting.</p>
          <ErrorSummary message={f('outcome')?.message} errors={f('outcome')?.errors ?? {}}
            labels={{ ref: 'Proposal reference', action: 'Decision', ...Object.fromEntries(inputs.map((i) => [i.name, i.label])) }} />
          <form method="post" action={`/meetings/${meeting.id}/outcomes`} novalidate>
            <CsrfField token={csrf} />
            <TextInput name="ref" label="Proposal reference" value={one(f('outcome')?.values.ref) || refs[0]?.value} errors={f('outcome')?.errors ?? {}} required />
            <Select name="action" label="Decision" value={one(f('outcome')?.values.action)} errors={f('outcome')?.errors ?? {}}
              options={actions.map((a) => ({ value: a.id, label: a.label }))} />
            {inputs.map((i) => i.options
              ? <Select name={i.name} label={`${i.label} (if the decision needs it)`} value={one(f('outcome')?.values[i.name])} errors={f('outcome')?.errors ?? {}} blank="—" options={i.options} />
              : <TextInput name={i.name} label={`${i.label} (if the decision needs it)`} value={one(f('outcome')?.values[i.name])} errors={f('outcome')?.errors ?? {}} />)}
            <TextInput name="note" label="Note (optional)" value={one(f('outcome')?.values.note)} errors={{}} />
            <button type="submit">Record decision</button>
          </form>
        </section>
      )}
      {canView && committee.impactArea && (
        <section aria-labelledby="h-view">
          <h2 id="h-view">Record the {committee.shortName}'s view on a change</h2>
          <ErrorSummary message={f('view')?.message} errors={viewErrors} labels={viewLabels} />
          <form method="post" action={`/meetings/${meeting.id}/views`} novalidate>
            <CsrfField token={csrf} />
            <TextInput name="view-ref" label={viewLabels['view-ref']} value={one(f('view')?.values['view-ref']) || refs[0]?.value} errors={viewErrors} required />
            <Select name="view-impact" label={viewLabels['view-impact']} value={one(f('view')?.values['view-impact']) || 'not-assessed'}
              errors={viewErrors} options={IMPACTS.map((i) => ({ value: i, label: IMPACT_LABELS[i] }))} />
            <div class="field check">
              <input type="checkbox" id="f-view-furtherInput" name="view-furtherInput" value="true" checked={one(f('view')?.values['view-furtherInput']) === 'true'} />
              <label for="f-view-furtherInput">{viewLabels['view-furtherInput']}</label>
            </div>
            <TextArea name="view-comments" label={viewLabels['view-comments']} value={one(f('view')?.values['view-comments'])} errors={viewErrors} rows={3} />
            <button type="submit">Record view</button>
          </form>
        </section>
      )}
    </>
  );
}

export function registerCommitteePages(
  app: HttpServer, ctx: ServiceContext, sections: { committee: readonly CommitteePageSection[]; meeting: readonly MeetingPageSection[] } = { committee: [], meeting: [] },
): void {
  const csrfCheck = { preValidation: app.csrfProtection };
  const crumbs = [{ href: '/committees/', label: 'Committees' }];

  app.get('/committees/', { config: { permission: 'site.read' } }, async (_request, reply) => {
    const committees = await service.listCommittees(ctx);
    return html(reply, 200, renderPage({ title: 'Committees', children: (
      <>
        <h1>Committees</h1>
        <table>
          <caption class="visually-hidden">Committees of the {ctx.profile.codeName}</caption>
          <thead><tr><th scope="col">Committee</th><th scope="col">Meets</th><th scope="col">Asked about</th><th scope="col">Members</th></tr></thead>
          <tbody>{committees.map((c) => (
            <tr><td><a href={`/committees/${c.code}/`}>{`${c.name} (${c.shortName})`}</a></td><td>{c.cadence}</td>
              <td>{c.impactArea ? `${c.impactArea.adjective} impacts` : '—'}</td><td>{c.members.length}</td></tr>
          ))}</tbody>
        </table>
      </>
    ) }));
  });

  /** An unknown committee code in the address is a page that does not exist (404), not a bad field. */
  const committeeOr404 = (code: string) => {
    try {
      return service.requireCommittee(ctx, code);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'VALIDATION_FAILED') throw new DomainError('NOT_FOUND', error.message);
      throw error;
    }
  };

  async function committeePage(reply: FastifyReply, code: string, status = 200, form?: { name?: string; values: Form; errors: FormErrors; message?: string }) {
    const { committee, members, meetings } = await service.getCommittee(ctx, committeeOr404(code).code);
    const organisations = allows(reply.request, 'committees.manage') ? await listOrganisations(ctx.db.kysely) : [];
    const extra = await Promise.all(sections.committee.map((section) => section(ctx, committee, reply.request.actor ?? PUBLIC)));
    return html(reply, status, renderPage({ title: committee.name, crumbs, alternates: committeeAlternates(committee.code, committee.shortName),
      children: <CommitteePage ctx={ctx} committee={committee} members={members} meetings={meetings} organisations={organisations} csrf={reply.generateCsrf()} form={form}
        canManage={allows(reply.request, 'committees.manage')} extra={extra} /> }));
  }

  app.get('/committees/:code', { config: { permission: 'site.read' }, schema: { params: CodeParams } }, async (request, reply) => {
    return committeePage(reply, request.params.code);
  });

  app.post('/committees/:code/meetings', { ...csrfCheck, config: { permission: 'committees.manage' }, schema: { params: CodeParams, body: FormBody } }, async (request, reply) => {
    const code = committeeOr404(request.params.code).code;
    const form: Form = request.body;
    try {
      const meeting = await service.createMeeting(ctx, formActor(request), {
        committee: code, date: one(form.date), startTime: one(form.startTime), location: one(form.location), onlineUrl: one(form.onlineUrl),
      });
      return reply.redirect(withDone(`/meetings/${meeting.id}`, 'meeting'), 303);
    } catch (error) {
      const r = refusal(error);
      return committeePage(reply, code, r.status, { values: form, errors: r.errors, message: r.message });
    }
  });

  app.post('/committees/:code/members', { ...csrfCheck, config: { permission: 'committees.manage' }, schema: { params: CodeParams, body: FormBody } }, async (request, reply) => {
    const code = committeeOr404(request.params.code).code;
    const form: Form = request.body;
    try {
      await service.addMember(ctx, formActor(request), {
        committee: code, name: one(form['member-name']), organisation: one(form['member-organisation']), seat: one(form['member-seat']),
        role: one(form['member-role']) || undefined, termStart: one(form['member-termStart']),
      });
      return reply.redirect(`/committees/${code}#h-members`, 303);
    } catch (error) {
      const r = refusal(error);
      return committeePage(reply, code, r.status, { name: 'member', values: form, errors: prefixed('member', r.errors), message: r.message });
    }
  });

  app.post('/committees/:code/members/:id/end', { ...csrfCheck, config: { permission: 'committees.manage' },
    schema: { params: Type.Object({ code: Type.String({ maxLength: 40 }), id: Type.String({ maxLength: 100 }) }), body: FormBody } }, async (request, reply) => {
    const code = committeeOr404(request.params.code).code;
    const form: Form = request.body;
    try {
      await service.endMemberTerm(ctx, formActor(request), code, request.params.id, { termEnd: one(form.termEnd) });
      return reply.redirect(`/committees/${code}#h-members`, 303);
    } catch (error) {
      const r = refusal(error);
      return committeePage(reply, code, r.status, { name: 'term', values: form, errors: r.errors, message: r.message });
    }
  });

  async function meetingPage(reply: FastifyReply, id: string, status = 200, failed?: { form: string; errors: FormErrors; message: string; values: Form }) {
    const { meeting, agenda } = await service.getMeetingDetail(ctx, id);
    const committee = service.requireCommittee(ctx, meeting.committeeCode);
    const [views, extra] = await Promise.all([
      service.listViewsAt(ctx, meeting.id),
      Promise.all(sections.meeting.map((section) => section(ctx, meeting, reply.request.actor ?? PUBLIC))),
    ]);
    return html(reply, status, renderPage({ title: `${committee.shortName} meeting ${formatDate(meeting.date)}`,
      crumbs: [...crumbs, { href: `/committees/${committee.code}/`, label: committee.shortName }],
      children: <MeetingPage ctx={ctx} committee={committee} meeting={meeting} agenda={agenda} views={views} csrf={reply.generateCsrf()} failed={failed}
        canManage={allows(reply.request, 'committees.manage')} canView={allows(reply.request, 'views.record')} extra={extra} /> }));
  }

  app.get('/meetings/:id', { config: { permission: 'site.read' }, schema: { params: IdParams } }, async (request, reply) => meetingPage(reply, request.params.id));

  const post = (path: string, formName: string, permission: Permission, run: (id: string, form: Form, request: Parameters<typeof formActor>[0]) => Promise<unknown>) => {
    app.post(`/meetings/:id/${path}`, { ...csrfCheck, config: { permission }, schema: { params: IdParams, body: FormBody } }, async (request, reply) => {
      const { id } = request.params;
      const form: Form = request.body;
      try {
        await run(id, form, request);
        return reply.redirect(withDone(`/meetings/${id}`, formName as DoneCode), 303);
      } catch (error) {
        const { status, errors, message } = refusal(error);
        return meetingPage(reply, id, status, { form: formName, values: form, errors, message });
      }
    });
  };
  post('agenda', 'agenda', 'committees.manage', (id, form, request) => service.addAgendaItem(ctx, formActor(request), id,
    { ref: one(form['agenda-ref']) || undefined, purpose: one(form['agenda-purpose']), text: one(form['agenda-text']) }));
  post('outcomes', 'outcome', 'committees.manage', (id, form, request) => {
    const { ref, action, note, _csrf, ...rest } = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, one(v)]));
    const inputs = Object.fromEntries(Object.entries(rest).filter(([, v]) => v));
    return service.recordOutcome(ctx, formActor(request), id, { ref, action, note, inputs });
  });
  // A view from the change's page: the meeting chosen from a list names the committee and the day.
  const SlugParams = Type.Object({ slug: Type.String({ maxLength: 300 }) });
  async function viewFormPage(reply: FastifyReply, detail: ProposalDetail, status: number, failed: { values: Form; errors: FormErrors; message: string }) {
    const p = detail.proposal;
    const meetings = await meetingsForViews(ctx, formActor(reply.request), p.raisedOn);
    return html(reply, status, renderPage({ title: `Record a committee view on ${p.reference}`, section: 'register',
      crumbs: [{ href: '/modifications/', label: 'Register' }, { href: publicPath(p), label: p.reference }],
      children: (
        <>
          <p class="kicker">{p.reference}</p>
          <h1>Record a committee view: {p.title}</h1>
          <ErrorSummary message={failed.message} errors={failed.errors} labels={VIEW_FORM_LABELS} />
          <ViewForm ctx={ctx} detail={detail} meetings={meetings} csrf={reply.generateCsrf()} values={failed.values} errors={failed.errors} />
          <p><a href={publicPath(p)}>Back to {p.reference}</a></p>
        </>
      ) }));
  }
  app.post('/modifications/:slug/views', { ...csrfCheck, config: { permission: 'views.record' }, schema: { params: SlugParams, body: FormBody } }, async (request, reply) => {
    const detail = await getProposalDetailBySlug(ctx, request.params.slug, { withEvents: false });
    if (!detail) throw notFound(`A change at /modifications/${request.params.slug}/`);
    const form: Form = request.body;
    try {
      const meetingId = one(form['view-meeting']);
      if (!meetingId) throw new DomainError('VALIDATION_FAILED', 'Choose the meeting the view was given at.', { fields: [{ field: 'meeting', message: 'choose the meeting the view was given at.' }] });
      const meeting = await repoMeeting(meetingId);
      await service.recordView(ctx, formActor(request), detail.proposal.reference, {
        committee: meeting.committeeCode, meeting: meeting.id, impact: one(form['view-impact']),
        furtherInput: one(form['view-furtherInput']) === 'true', comments: one(form['view-comments']),
      });
      return reply.redirect(`${publicPath(detail.proposal)}#h-views`, 303);
    } catch (error) {
      const r = refusal(error);
      return viewFormPage(reply, detail, r.status, { values: form, errors: prefixed('view', r.errors), message: r.message });
    }
  });
  /** A meeting chosen on the form that does not exist is the form's field, not a missing page. */
  async function repoMeeting(id: string) {
    try {
      return await service.getMeeting(ctx, id);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'NOT_FOUND') {
        throw new DomainError('VALIDATION_FAILED', 'Choose a meeting from the list.', { fields: [{ field: 'meeting', message: 'is not a meeting; choose one from the list.' }] });
      }
      throw error;
    }
  }

  post('views', 'view', 'views.record', async (id, form, request) => {
    const meeting = await service.getMeeting(ctx, id);
    return service.recordView(ctx, formActor(request), one(form['view-ref']), {
      committee: meeting.committeeCode, impact: one(form['view-impact']), furtherInput: one(form['view-furtherInput']) === 'true',
      comments: one(form['view-comments']), meeting: id,
    });
  });
}
