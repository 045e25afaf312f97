// Deadlines a change's own events set (see deadline-sources.ts): the Authority's target for
// deciding a change it holds, counted from the step that sent it there, and the appeal window after
// a decision the profile names (self-governance). The Secretariat follows both, so only it sees them.
// The decisions are public events, so the day each appeal window closes is a public date as well.
import { can } from '../accounts/permissions.js';
import type { Actor } from '../accounts/accounts.js';
import { executor, type ServiceContext } from '../context.js';
import type { Deadline, DeadlineSource, DeadlineWindow, PublicDeadline, PublicRange } from '../deadline-sources.js';
import { describeDeadline, dueOn } from '../../process/deadlines.js';
import { addWorkingDays } from '../../process/working-days.js';
import { findByIds, inState, lastActionDates } from './repository.js';
import { publicPath } from './views.js';

type Change = Awaited<ReturnType<typeof inState>>[number];

const about = (c: Change) => ({ subject: { type: 'proposal', id: c.id, ref: c.reference }, title: `${c.reference} ${c.title}`, href: publicPath(c) });

/** The actions that can take a change into a state. */
function actionsInto(ctx: ServiceContext, state: string): string[] {
  return ctx.profile.actions.filter((a) => (a.to.kind === 'state' && a.to.state === state)
    || (a.to.kind === 'by-input' && Object.values(a.to.states).includes(state))).map((a) => a.id);
}

async function authorityDecisions(ctx: ServiceContext, window: DeadlineWindow): Promise<Deadline[]> {
  const ex = executor(ctx);
  const { state } = ctx.profile.deadlines.authorityDecision;
  const held = await inState(ex, state);
  const received = await lastActionDates(ex, actionsInto(ctx, state), { proposalIds: held.map((c) => c.id) });
  const { label, from } = describeDeadline(ctx.profile, 'authority-decision');
  return held.flatMap((c) => {
    const since = received.get(c.id);
    if (!since) return [];
    const due = dueOn(ctx.profile, 'authority-decision', since);
    return due < window.dueBefore ? [{ kind: 'authority-decision', label, from, ...about(c), since, dueOn: due }] : [];
  });
}

async function appealWindows(ctx: ServiceContext, window: DeadlineWindow): Promise<Deadline[]> {
  const ex = executor(ctx);
  const { afterActions, workingDays } = ctx.profile.deadlines.appealWindow;
  // A window still open started at most its length (and a day's slack for weekends) before today.
  const decided = await lastActionDates(ex, afterActions, { since: addWorkingDays(window.today, -(workingDays + 1), ctx.profile.calendar) });
  const { label, from } = describeDeadline(ctx.profile, 'appeal-window');
  const changes = await findByIds(ex, [...decided.keys()]);
  return changes.flatMap((c) => {
    const since = decided.get(c.id)!;
    const due = dueOn(ctx.profile, 'appeal-window', since);
    return due >= window.today && due < window.dueBefore ? [{ kind: 'appeal-window', label, from, ...about(c), since, dueOn: due }] : [];
  });
}

/** Appeal windows closing on or after `range.from`, one for each change's last appealable decision. */
async function publicAppealWindows(ctx: ServiceContext, range: PublicRange): Promise<PublicDeadline[]> {
  const ex = executor(ctx);
  const { afterActions, workingDays } = ctx.profile.deadlines.appealWindow;
  const decided = await lastActionDates(ex, afterActions, { since: addWorkingDays(range.from, -(workingDays + 1), ctx.profile.calendar) });
  const { label, from } = describeDeadline(ctx.profile, 'appeal-window');
  const changes = await findByIds(ex, [...decided.keys()]);
  return changes.flatMap((c) => {
    const since = decided.get(c.id)!;
    const due = dueOn(ctx.profile, 'appeal-window', since);
    return due >= range.from ? [{
      key: `appeal-window:${c.id}:${since}`, kind: 'appeal-window', label, from, ...about(c), since, dueOn: due, proposalIds: [c.id],
      note: `The decision of ${since} may be appealed to the Authority until the end of this day.`,
    }] : [];
  });
}

export const proposalDeadlines: DeadlineSource = {
  name: 'proposals',
  async read(ctx: ServiceContext, viewer: Actor, window: DeadlineWindow) {
    if (!can(viewer, 'proposals.write')) return [];
    return [...await authorityDecisions(ctx, window), ...await appealWindows(ctx, window)];
  },
  // The Authority's target is its own aim, not a date anyone acts on: only appeal windows are public.
  publicDates: publicAppealWindows,
};
