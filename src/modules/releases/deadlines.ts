// Releases whose changes are due to be implemented, as deadlines (see deadline-sources.ts): a
// planned release not yet implemented, with changes scheduled into it, is due on its own date. The
// Secretariat implements releases, so only it sees them. Every planned release is public, so its
// day is a public date, with the changes scheduled into it.
import { can } from '../accounts/permissions.js';
import { executor } from '../context.js';
import type { DeadlineSource } from '../deadline-sources.js';
import { changesOf, listReleases } from './repository.js';
import { releasePath, standingOf } from './releases.js';

export const releaseDeadlines: DeadlineSource = {
  name: 'releases',
  async read(ctx, viewer, window) {
    if (!can(viewer, 'releases.manage')) return [];
    const ex = executor(ctx);
    const { label, from } = ctx.profile.deadlines.releaseImplementation;
    const due = (await listReleases(ex, {})).filter((r) => r.date < window.dueBefore);
    const out = [];
    for (const release of due) {
      const scheduled = (await changesOf(ex, release.id)).filter((c) => standingOf(ctx.profile, c.state) === 'scheduled');
      if (scheduled.length === 0) continue;
      out.push({
        kind: 'release-implementation', label, from, subject: { type: 'release', id: release.id, ref: release.name },
        title: `${release.name}: ${scheduled.length} ${scheduled.length === 1 ? 'change' : 'changes'} to implement`,
        href: releasePath(release.id), since: null, dueOn: release.date,
      });
    }
    return out;
  },
  async publicDates(ctx, range) {
    const ex = executor(ctx);
    const { label, from } = ctx.profile.deadlines.releaseImplementation;
    const out = [];
    for (const release of (await listReleases(ex, {})).filter((r) => r.date >= range.from)) {
      const changes = await changesOf(ex, release.id);
      out.push({
        key: `release:${release.id}`, kind: 'release-implementation', label, from,
        subject: { type: 'release', id: release.id, ref: release.name }, title: release.name,
        href: releasePath(release.id), since: null, dueOn: release.date, proposalIds: changes.map((c) => c.id),
        note: changes.length ? `Changes: ${changes.map((c) => c.reference).join(', ')}.` : 'No change is scheduled into it yet.',
      });
    }
    return out;
  },
};
