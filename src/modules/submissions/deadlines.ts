// The critical-friend replies the Secretariat owes, as deadlines (see deadline-sources.ts): a Party
// user sees those on its own organisation's submissions, the Secretariat every one, nobody else any
// (the same rule as canSee). The due date is the one the deadline engine set when it was sent.
import { executor } from '../context.js';
import type { DeadlineSource } from '../deadline-sources.js';
import { describeDeadline } from '../../process/deadlines.js';
import { listAwaitingReply } from './repository.js';
import { AWAITING_REPLY, canSee, visibleFilter } from './submissions.js';

export const submissionDeadlines: DeadlineSource = {
  name: 'submissions',
  async read(ctx, viewer, window) {
    const filter = visibleFilter(viewer);
    if (filter === 'none') return [];
    const { label, from } = describeDeadline(ctx.profile, 'critical-friend-reply');
    const awaiting = await listAwaitingReply(executor(ctx), filter, AWAITING_REPLY, window.dueBefore);
    return awaiting.filter((s) => canSee(viewer, s)).map((s) => ({
      kind: 'critical-friend-reply', label, from, subject: { type: 'submission', id: s.id, ref: s.title },
      title: `${s.title} (${s.organisation.name})`, href: `/submissions/${s.id}`, since: s.submittedOn, dueOn: s.dueOn!,
    }));
  },
};
