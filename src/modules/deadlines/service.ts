// The deadlines read model: what every module's deadline source reports for one viewer, in one
// window, marked and ordered. It reads; it never writes, so it has no events of its own.
import type { Actor } from '../accounts/accounts.js';
import type { ServiceContext } from '../context.js';
import type { DeadlineSource } from '../deadline-sources.js';
import { Checker, type Loose } from '../../platform/validation.js';
import { londonDate } from '../../process/dates.js';
import { arrange, defaultDueBefore, soonUntil, type DueItem } from './deadlines.js';

export interface DueList {
  today: string;
  /** The last day that counts as soon. */
  soonUntil: string;
  /** Deadlines due strictly before this day. */
  dueBefore: string;
  items: DueItem[];
}

export async function listDeadlines(
  ctx: ServiceContext, sources: readonly DeadlineSource[], viewer: Actor, query: { dueBefore?: Loose },
): Promise<DueList> {
  const c = new Checker();
  const given = c.date('due-before', query.dueBefore);
  c.done();
  const today = londonDate(ctx.clock());
  const window = { today, dueBefore: given ?? defaultDueBefore(ctx.profile, today) };
  const found = (await Promise.all(sources.map((source) => source.read(ctx, viewer, window)))).flat();
  // A source that reports beyond the window is held to it here too.
  const items = arrange(ctx.profile, found.filter((d) => d.dueOn < window.dueBefore), today);
  return { ...window, soonUntil: soonUntil(ctx.profile, today), items };
}
