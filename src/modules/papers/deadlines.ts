// Papers due for committee meetings still to come and not yet issued, as deadlines (see
// deadline-sources.ts): due the profile's Working Days before the meeting. The monthly paper asks a
// committee about impacts in its area, so only committees with an area get one. The Secretariat,
// who writes them, sees every one; a committee member those for their own committees.
import { can } from '../accounts/permissions.js';
import { listMeetings } from '../committees/repository.js';
import { executor } from '../context.js';
import type { DeadlineSource } from '../deadline-sources.js';
import { formatDate } from '../../process/dates.js';
import { describeDeadline, dueOn } from '../../process/deadlines.js';
import { issuedFrom } from './repository.js';

export const paperDeadlines: DeadlineSource = {
  name: 'papers',
  async read(ctx, viewer, window) {
    const written = ctx.profile.committees.filter((c) => c.impactArea);
    const committees = can(viewer, 'papers.write') ? written
      : viewer.role === 'member' ? written.filter((c) => viewer.committees?.includes(c.code)) : [];
    if (committees.length === 0) return [];
    const ex = executor(ctx);
    const codes = committees.map((c) => c.code);
    const [meetings, issued] = await Promise.all([listMeetings(ex, { from: window.today }), issuedFrom(ex, codes, window.today)]);
    const { label, from } = describeDeadline(ctx.profile, 'paper-due');
    return meetings
      .filter((m) => m.status !== 'cancelled' && codes.includes(m.committeeCode) && !issued.has(`${m.committeeCode}/${m.date}`))
      .map((m) => ({ meeting: m, due: dueOn(ctx.profile, 'paper-due', m.date), committee: committees.find((c) => c.code === m.committeeCode)! }))
      .filter(({ due }) => due < window.dueBefore)
      .map(({ meeting, due, committee }) => ({
        kind: 'paper-due', label, from, subject: { type: 'meeting', id: meeting.id, ref: `${meeting.committeeCode} ${meeting.date}` },
        title: `${ctx.profile.paper.title}: ${committee.shortName} meeting of ${formatDate(meeting.date)}`,
        href: `/papers/${meeting.committeeCode}/${meeting.date}`, since: null, dueOn: due,
      }));
  },
};
