// HTML pages of releases: the list (the calendar's releases and the planned ones, by year) with the
// Secretariat's form to plan an ad hoc release, and one release with its changes and the forms to
// schedule a change into it and to implement it.
import { RELEASES_CALENDAR_PATH } from '../feed-paths.js';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { withDone } from '../../platform/http/flash.js';
import type { HttpServer } from '../../platform/http/server.js';
import { renderPage } from '../../platform/http/layout.js';
import { CsrfField, ErrorSummary, TextInput, type FormErrors } from '../../platform/http/forms.js';
import { FormBody, formRefusal, html, one, type Form } from '../../platform/http/form.js';
import { formatDate, londonDate } from '../../process/dates.js';
import { MONTH_NAMES } from '../../process/releases.js';
import { findState } from '../../process/workflow.js';
import { allows, formActor } from '../accounts/http.js';
import type { ServiceContext } from '../context.js';
import { publicPath } from '../proposals/views.js';
import { KIND_LABELS, implementRefusal, releasePath, type Release, type ReleaseChange, type ReleaseSummary } from './releases.js';
import * as service from './service.js';

const LIST = { href: '/releases/', label: 'Releases' };
const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
const LABELS: Record<string, string> = {
  name: 'Name', date: 'Date', ref: 'Change reference', businessDate: 'Date it was scheduled (optional)', targetRelease: 'Release',
};

interface Failed {
  form: 'plan' | 'schedule' | 'implement';
  values: Form;
  errors: FormErrors;
  message: string;
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "the last Thursday of February, the last Thursday of June and the first Thursday of November". */
function calendarInWords(ctx: ServiceContext): string {
  const rules = ctx.profile.releases.scheduled.map((r) => `the ${r.which} ${capitalised(r.weekday)} of ${MONTH_NAMES[r.month - 1]}`);
  return rules.length > 1 ? `${rules.slice(0, -1).join(', ')} and ${rules.at(-1)}` : rules[0] ?? 'no day';
}

function status(release: Release, today: string): string {
  if (release.implementedOn) return `Implemented on ${formatDate(release.implementedOn)}`;
  if (!release.planned) return 'In the calendar (not used yet)';
  return release.date < today ? 'Due: not yet implemented' : 'Planned';
}

function ListPage({ ctx, items, year, today, canManage, csrf, failed }: {
  ctx: ServiceContext; items: ReleaseSummary[]; year?: number; today: string; canManage: boolean; csrf: string; failed?: Failed;
}) {
  const thisYear = Number(today.slice(0, 4));
  const shown = year ?? thisYear;
  const errors = failed?.errors ?? {};
  return (
    <>
      <h1>{year ? `Releases in ${year}` : 'Releases'}</h1>
      <p class="lead">Scheduled releases fall on {calendarInWords(ctx)} each year; the Secretariat plans ad hoc releases as needed.
        {year ? '' : ' Shown: every release not yet implemented, and the calendar to the end of next year.'}</p>
      <nav aria-label="Releases by year">
        <ul class="inline-list">
          <li><a href="/releases/" aria-current={year ? undefined : 'page'}>Coming releases</a></li>
          {[shown - 1, shown, shown + 1].map((y) => <li><a href={`/releases/?year=${y}`} aria-current={year === y ? 'page' : undefined}>{String(y)}</a></li>)}
        </ul>
      </nav>
      {items.length === 0 ? <p>No releases.</p> : (
        <table>
          <caption class="visually-hidden">{year ? `Releases in ${year}` : 'Coming releases'}</caption>
          <thead><tr><th scope="col">Release</th><th scope="col">Date</th><th scope="col">Kind</th><th scope="col">Changes</th><th scope="col">Status</th></tr></thead>
          <tbody>{items.map((r) => (
            <tr>
              <td><a href={releasePath(r.id)}>{r.name}</a></td>
              <td>{formatDate(r.date)}</td>
              <td>{KIND_LABELS[r.kind]}</td>
              <td>{String(r.changeCount)}</td>
              <td>{status(r, today)}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
      {canManage && (
        <section aria-labelledby="h-plan">
          <h2 id="h-plan">Plan an ad hoc release</h2>
          <ErrorSummary message={failed?.message} errors={errors} labels={LABELS} />
          <form method="post" action="/releases/" novalidate>
            <CsrfField token={csrf} />
            <TextInput name="name" label={LABELS.name} value={one(failed?.values.name)} errors={errors} required />
            <TextInput name="date" label={LABELS.date} type="date" value={one(failed?.values.date)} errors={errors} required hint="Today or later." />
            <button type="submit">Plan release</button>
          </form>
        </section>
      )}
    </>
  );
}

function ChangeTable({ ctx, caption, changes }: { ctx: ServiceContext; caption: string; changes: ReleaseChange[] }) {
  return (
    <table>
      <caption class="visually-hidden">{caption}</caption>
      <thead><tr><th scope="col">Change</th><th scope="col">Stage</th><th scope="col">Implemented</th></tr></thead>
      <tbody>{changes.map((c) => (
        <tr>
          <td><a href={publicPath(c)}>{`${c.reference} ${c.title}`}</a></td>
          <td>{findState(ctx.profile, c.state).label}</td>
          <td>{c.implementationDate ? formatDate(c.implementationDate) : '—'}</td>
        </tr>
      ))}</tbody>
    </table>
  );
}

function ReleasePage({ ctx, detail, today, canManage, csrf, failed }: {
  ctx: ServiceContext; detail: service.ReleaseDetail; today: string; canManage: boolean; csrf: string; failed?: Failed;
}) {
  const { release, changes } = detail;
  const inRelease = changes.filter((c) => c.standing !== 'targeted');
  const aiming = changes.filter((c) => c.standing === 'targeted');
  const mine = (form: Failed['form']) => (failed?.form === form ? failed : undefined);
  const notYet = implementRefusal(release, today);
  return (
    <>
      <p class="kicker">{KIND_LABELS[release.kind]}</p>
      <h1>{release.name}</h1>
      <dl class="summary-list">
        <div class="row"><dt>Date</dt><dd>{formatDate(release.date)}</dd></div>
        <div class="row"><dt>Status</dt><dd>{status(release, today)}</dd></div>
      </dl>
      <section aria-labelledby="h-changes">
        <h2 id="h-changes">Changes in this release</h2>
        {inRelease.length === 0 ? <p>No change is scheduled into this release yet.</p>
          : <ChangeTable ctx={ctx} caption={`Changes in the ${release.name}`} changes={inRelease} />}
      </section>
      {aiming.length > 0 && (
        <section aria-labelledby="h-aiming">
          <h2 id="h-aiming">Changes aiming at this release</h2>
          <p>Their register entry names this release, but they are not scheduled into it: implementing the release leaves them as they are.</p>
          <ChangeTable ctx={ctx} caption={`Changes aiming at the ${release.name}`} changes={aiming} />
        </section>
      )}
      {canManage && !release.implementedOn && (
        <section aria-labelledby="h-schedule">
          <h2 id="h-schedule">Schedule a change into this release</h2>
          <ErrorSummary message={mine('schedule')?.message} errors={mine('schedule')?.errors ?? {}} labels={LABELS} />
          <form method="post" action={`${releasePath(release.id)}/changes`} novalidate>
            <CsrfField token={csrf} />
            <TextInput name="ref" label={LABELS.ref} value={one(mine('schedule')?.values.ref)} errors={mine('schedule')?.errors ?? {}} required
              hint="An approved change, e.g. MP094." />
            <TextInput name="businessDate" label={LABELS.businessDate} type="date" value={one(mine('schedule')?.values.businessDate)}
              errors={mine('schedule')?.errors ?? {}} hint="Leave empty for today." />
            <button type="submit">Schedule into this release</button>
          </form>
        </section>
      )}
      {canManage && !release.implementedOn && (
        <section aria-labelledby="h-implement">
          <h2 id="h-implement">Implement this release</h2>
          {notYet ? <p>{notYet}</p> : (
            <>
              <p>{`Every change scheduled into it becomes ${implementedLabel(ctx)}, as of the release's date (or the later day it went live).`}</p>
              <ErrorSummary message={mine('implement')?.message} errors={mine('implement')?.errors ?? {}} labels={{ date: 'Day it went live' }} />
              <form method="post" action={`${releasePath(release.id)}/implement`} novalidate>
                <CsrfField token={csrf} />
                <TextInput name="date" label="Day it went live (optional)" type="date" value={one(mine('implement')?.values.date)}
                  errors={mine('implement')?.errors ?? {}} hint={`Leave empty for ${formatDate(release.date)}.`} />
                <button type="submit">Implement the release</button>
              </form>
            </>
          )}
        </section>
      )}
    </>
  );
}

/** A refused form's status and messages: the fields say what is wrong, so the summary only points at them. */
function refusal(error: unknown, notFoundInForm = false): { status: number; errors: FormErrors; message: string } {
  const refused = formRefusal(error, { notFoundInForm });
  const message = Object.keys(refused.errors).length ? 'Check the fields marked below.' : refused.message;
  return { status: refused.status, errors: refused.errors, message };
}

/** What the profile's implement action makes of a change ("Implemented"), for saying what implementing does. */
function implementedLabel(ctx: ServiceContext): string {
  const action = ctx.profile.actions.find((a) => a.id === ctx.profile.releases.implementAction);
  return action?.to.kind === 'state' ? findState(ctx.profile, action.to.state).label : 'implemented by the release';
}

export function registerReleasePages(app: HttpServer, ctx: ServiceContext): void {
  const csrfCheck = { preValidation: app.csrfProtection };
  const today = () => londonDate(ctx.clock());

  async function listPage(reply: FastifyReply, year: number | undefined, status = 200, failed?: Failed) {
    const items = await service.listReleases(ctx, { year });
    return html(reply, status, renderPage({ title: year ? `Releases in ${year}` : 'Releases', section: 'releases',
      alternates: [{ href: RELEASES_CALENDAR_PATH, title: 'Releases (iCalendar)', type: 'text/calendar' }],
      children: <ListPage ctx={ctx} items={items} year={year} today={today()} canManage={allows(reply.request, 'releases.manage')}
        csrf={reply.generateCsrf()} failed={failed} /> }));
  }

  async function releasePage(reply: FastifyReply, id: string, status = 200, failed?: Failed) {
    const detail = await service.getRelease(ctx, id);
    return html(reply, status, renderPage({ title: detail.release.name, section: 'releases', crumbs: [LIST],
      children: <ReleasePage ctx={ctx} detail={detail} today={today()} canManage={allows(reply.request, 'releases.manage')}
        csrf={reply.generateCsrf()} failed={failed} /> }));
  }

  app.get('/releases/', { config: { permission: 'site.read' },
    schema: { querystring: Type.Object({ year: Type.Optional(Type.String({ maxLength: 10 })) }) } }, async (request, reply) => {
    const text = request.query.year;
    // A year the list cannot show is the list of coming releases, not an error page.
    const year = text && /^\d{4}$/.test(text) ? Number(text) : undefined;
    return listPage(reply, year);
  });

  app.post('/releases/', { ...csrfCheck, config: { permission: 'releases.manage' }, schema: { body: FormBody } }, async (request, reply) => {
    const form = request.body;
    try {
      const release = await service.planRelease(ctx, formActor(request), { name: one(form.name), date: one(form.date) });
      return reply.redirect(withDone(releasePath(release.id), 'release'), 303);
    } catch (error) {
      const refused = refusal(error);
      return listPage(reply, undefined, refused.status, { form: 'plan', values: form, ...refused });
    }
  });

  app.get('/releases/:id', { config: { permission: 'site.read' }, schema: { params: IdParams } },
    async (request, reply) => releasePage(reply, request.params.id));

  const post = (path: string, form: Failed['form'], run: (id: string, values: Form, actor: ReturnType<typeof formActor>) => Promise<unknown>) => {
    app.post(`/releases/:id/${path}`, { ...csrfCheck, config: { permission: 'releases.manage' },
      schema: { body: FormBody, params: IdParams } }, async (request, reply) => {
      const { id } = request.params;
      const values = request.body;
      await service.getRelease(ctx, id);
      try {
        await run(id, values, formActor(request));
        return reply.redirect(withDone(releasePath(id), path === 'implement' ? 'release-implemented' : 'scheduled'), 303);
      } catch (error) {
        // An unknown change reference is the form's to show, not a missing page.
        const refused = refusal(error, true);
        return releasePage(reply, id, refused.status, { form, values, ...refused });
      }
    });
  };
  post('changes', 'schedule', (id, values, actor) => service.scheduleChange(ctx, actor, id,
    { ref: one(values.ref), businessDate: one(values.businessDate) || undefined }));
  post('implement', 'implement', (id, values, actor) => service.implementRelease(ctx, actor, id, { date: one(values.date) || undefined }));
}
