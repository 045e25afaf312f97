// What the home page shows: what is new this month in the public record (changes raised and moved,
// the next meetings, the latest issued papers) and, for someone signed in, what awaits them (the
// deadlines read model). It reads only.
import type { Actor } from '../accounts/accounts.js';
import { executor, type ServiceContext } from '../context.js';
import type { DeadlineSource } from '../deadline-sources.js';
import { listDeadlines } from '../deadlines/service.js';
import type { DueItem } from '../deadlines/deadlines.js';
import { latestIssued } from '../papers/repository.js';
import { londonDate } from '../../process/dates.js';
import * as repo from './repository.js';

/** How many of each list the page shows. */
const SHOWN = { raised: 8, moved: 8, meetings: 5, papers: 5, due: 8, earlier: 3 } as const;

export interface ChangeLine { reference: string; title: string; path: string; date: string; label?: string }

export interface HomeData {
  today: string;
  /** The first day of this month (Europe/London). */
  monthStart: string;
  raised: ChangeLine[];
  moved: ChangeLine[];
  /** When nothing happened this month: the latest before it, so the page is never empty. */
  earlier: { raised: ChangeLine[]; moved: ChangeLine[] };
  meetings: { id: string; committee: string; date: string; startTime: string | null; location: string }[];
  papers: { id: string; committee: string; date: string; latest: number; issuedAt: string }[];
  /** Signed in: what is due that concerns the viewer (null for the public). */
  due: { items: DueItem[]; more: number } | null;
}

const pathOf = (slug: string) => `/modifications/${slug}/`;

export async function homePage(ctx: ServiceContext, viewer: Actor, sources: readonly DeadlineSource[]): Promise<HomeData> {
  const ex = executor(ctx);
  const today = londonDate(ctx.clock());
  const monthStart = `${today.slice(0, 8)}01`;
  const moveType = 'proposal.action-taken';
  const [raisedRows, movedRows, meetings, papers, due] = await Promise.all([
    repo.raisedSince(ex, monthStart, SHOWN.raised),
    repo.movedSince(ex, moveType, monthStart, SHOWN.moved),
    repo.nextMeetings(ex, today, SHOWN.meetings),
    latestIssued(ex, SHOWN.papers),
    viewer.role === 'public' ? Promise.resolve(null) : listDeadlines(ctx, sources, viewer, {}),
  ]);
  const [earlierRaised, earlierMoved] = await Promise.all([
    raisedRows.length ? Promise.resolve([]) : repo.raisedSince(ex, null, SHOWN.earlier),
    movedRows.length ? Promise.resolve([]) : repo.movedSince(ex, moveType, null, SHOWN.earlier),
  ]);
  const raised = (rows: typeof raisedRows) => rows.map((r) => ({ reference: r.reference, title: r.title, path: pathOf(r.slug), date: r.raised_on }));
  const moved = (rows: typeof movedRows) => rows.map((r) => ({ reference: r.reference, title: r.title, path: pathOf(r.slug), date: r.business_date, label: r.label }));
  return {
    today, monthStart, raised: raised(raisedRows), moved: moved(movedRows),
    earlier: { raised: raised(earlierRaised), moved: moved(earlierMoved) },
    meetings: meetings.map((m) => ({ id: m.id, committee: m.committee_code, date: m.date, startTime: m.start_time, location: m.location })),
    papers: papers.map((p) => ({ id: p.id, committee: p.committee_code, date: p.date, latest: Number(p.latest), issuedAt: String(p.issued_at) })),
    due: due ? { items: due.items.slice(0, SHOWN.due), more: Math.max(0, due.items.length - SHOWN.due) } : null,
  };
}
