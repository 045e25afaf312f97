// The "Committee views" section of a change's page: each committee's views, latest first.
import type { ServiceContext } from '../context.js';
import { executor } from '../context.js';
import type { ProposalDetail } from '../proposals/service.js';
import { formatDate } from '../../process/dates.js';
import { IMPACT_LABELS, findCommittee } from './committees.js';
import { listViews } from './repository.js';

export async function committeeViewsSection(ctx: ServiceContext, detail: ProposalDetail) {
  const views = (await listViews(executor(ctx), { proposalIds: [detail.proposal.id] })).reverse();
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
    </section>
  );
}
