// The "Committee views" section of a change's page: each committee's views, latest first, and for a
// member or analyst the form that records one, choosing the meeting from a list (the meeting names
// the committee). A refused form comes back on a page of its own, keeping what was typed.
import type { ComponentChildren } from 'preact';
import type { Actor } from '../accounts/accounts.js';
import { can } from '../accounts/permissions.js';
import type { ServiceContext } from '../context.js';
import { executor } from '../context.js';
import type { ChangePageContext } from '../manifest.js';
import type { ProposalDetail } from '../proposals/service.js';
import { publicPath } from '../proposals/views.js';
import { CsrfField, Select, TextArea, type FormErrors } from '../../platform/http/forms.js';
import { one, type Form } from '../../platform/http/form.js';
import { formatDate, londonDate } from '../../process/dates.js';
import { IMPACTS, IMPACT_LABELS, findCommittee, type Meeting } from './committees.js';
import { listViews, meetingsHeld } from './repository.js';

/** How many past meetings the form offers. */
const MEETINGS_OFFERED = 40;

export const VIEW_FORM_LABELS: Record<string, string> = {
  'view-meeting': 'Meeting', 'view-impact': 'Impact', 'view-furtherInput': 'Wants to give further input', 'view-comments': 'Comments',
};

/** The meetings a viewer may record a view at: held meetings of committees asked about impacts (a member's own), since the change was raised. */
export async function meetingsForViews(ctx: ServiceContext, viewer: Actor, raisedOn: string): Promise<Meeting[]> {
  const committees = ctx.profile.committees.filter((c) => c.impactArea && (viewer.role !== 'member' || viewer.committees?.includes(c.code))).map((c) => c.code);
  return meetingsHeld(executor(ctx), committees, raisedOn, londonDate(ctx.clock()), MEETINGS_OFFERED);
}

export function ViewForm({ ctx, detail, meetings, csrf, values = {}, errors = {} }: {
  ctx: ServiceContext; detail: ProposalDetail; meetings: Meeting[]; csrf: string; values?: Form; errors?: FormErrors;
}) {
  if (meetings.length === 0) return <p class="hint">No meeting you may record a view at has been held since this change was raised.</p>;
  const name = (m: Meeting) => `${findCommittee(ctx.profile, m.committeeCode)?.shortName ?? m.committeeCode}, ${formatDate(m.date)}`;
  return (
    <form method="post" action={`${publicPath(detail.proposal)}views`} novalidate>
      <CsrfField token={csrf} />
      <Select name="view-meeting" label={VIEW_FORM_LABELS['view-meeting']} value={one(values['view-meeting'])} errors={errors} blank="Choose the meeting…"
        hint="The view is the committee's at that meeting, dated the meeting day." options={meetings.map((m) => ({ value: m.id, label: name(m) }))} />
      <Select name="view-impact" label={VIEW_FORM_LABELS['view-impact']} value={one(values['view-impact']) || 'not-assessed'} errors={errors}
        options={IMPACTS.map((i) => ({ value: i, label: IMPACT_LABELS[i] }))} />
      <div class="field check">
        <input type="checkbox" id="f-view-furtherInput" name="view-furtherInput" value="true" checked={one(values['view-furtherInput']) === 'true'} />
        <label for="f-view-furtherInput">{VIEW_FORM_LABELS['view-furtherInput']}</label>
      </div>
      <TextArea name="view-comments" label={VIEW_FORM_LABELS['view-comments']} value={one(values['view-comments'])} errors={errors} rows={3} />
      <button type="submit">Record view</button>
    </form>
  );
}

export async function committeeViewsSection(ctx: ServiceContext, detail: ProposalDetail, viewer: Actor, page: ChangePageContext): Promise<ComponentChildren> {
  const views = (await listViews(executor(ctx), { proposalIds: [detail.proposal.id] })).reverse();
  const meetings = can(viewer, 'views.record') ? await meetingsForViews(ctx, viewer, detail.proposal.raisedOn) : null;
  return (
    <section aria-labelledby="h-views">
      <h2 id="h-views">Committee views</h2>
      {views.length === 0 ? <p>No committee has given a view yet.</p> : (
        <table>
          <caption class="visually-hidden">Views of committees on {detail.proposal.reference}</caption>
          <thead><tr><th scope="col">Date</th><th scope="col">Committee</th><th scope="col">Impact</th><th scope="col">Further input</th><th scope="col">As</th><th scope="col">Comments</th></tr></thead>
          <tbody>{views.map((v) => (
            <tr>
              <td>{v.meetingId ? <a href={`/meetings/${v.meetingId}`}>{formatDate(v.businessDate)}</a> : formatDate(v.businessDate)}</td>
              <td>{findCommittee(ctx.profile, v.committeeCode)?.shortName ?? v.committeeCode}</td>
              <td>{IMPACT_LABELS[v.impact]}</td>
              <td>{v.furtherInput ? 'Yes' : 'No'}</td>
              <td>{v.proposalReference}</td>
              <td>{v.comments}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
      {meetings && (
        <details class="record-view">
          <summary>Record a committee view</summary>
          {/* The CSRF token is asked for only when there is a form to carry it. */}
          {meetings.length > 0
            ? <ViewForm ctx={ctx} detail={detail} meetings={meetings} csrf={page.csrf} />
            : <ViewForm ctx={ctx} detail={detail} meetings={[]} csrf="" />}
        </details>
      )}
    </section>
  );
}
