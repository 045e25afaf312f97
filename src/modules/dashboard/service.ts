// The pipeline dashboard as one read: changes by stage, each stage's entries and exits over the
// last twelve months, and every live change with the days it has spent in its stage and who must
// act next. Everything it shows is the register's public record.
import { londonDate } from '../../process/dates.js';
import { executor, type ServiceContext } from '../context.js';
import { publicPath } from '../proposals/views.js';
import { daysBetween, monthsEnding, nextSteps, stageFlows, type NextStep, type StageFlows } from './dashboard.js';
import * as repo from './repository.js';

export const DASHBOARD_MONTHS = 12;
/** The longest list of live changes the dashboard shows, longest in their stage first. */
export const LIVE_SHOWN = 200;

export interface StageCount {
  state: string;
  label: string;
  phase: string;
  terminal: boolean;
  count: number;
}

export interface LiveChangeRow {
  reference: string;
  title: string;
  href: string;
  state: string;
  stateLabel: string;
  /** The day it entered its stage. */
  since: string;
  days: number;
  next: NextStep[];
}

export interface Dashboard {
  today: string;
  months: string[];
  stages: StageCount[];
  flows: StageFlows[];
  live: LiveChangeRow[];
  liveTotal: number;
}

export async function dashboard(ctx: ServiceContext): Promise<Dashboard> {
  const ex = executor(ctx);
  const { profile } = ctx;
  const today = londonDate(ctx.clock());
  const months = monthsEnding(today, DASHBOARD_MONTHS);
  const [counts, moves] = await Promise.all([
    repo.countsByState(ex),
    repo.movesSince(ex, ctx.db.dialect, `${months[0]}-01`),
  ]);
  const stages = profile.states.map((s) => ({ state: s.id, label: s.label, phase: s.phase, terminal: s.terminal, count: counts.get(s.id) ?? 0 }));
  const liveStates = profile.states.filter((s) => !s.terminal);
  const changes = await repo.changesIn(ex, liveStates.map((s) => s.id));
  const entered = await repo.enteredStage(ex, ctx.db.dialect, changes.map((c) => c.id));
  const labels = new Map(profile.states.map((s) => [s.id, s.label]));
  const live = changes.map((c) => {
    const since = entered.get(c.id) ?? c.raisedOn;
    return {
      reference: c.reference, title: c.title, href: publicPath(c), state: c.state, stateLabel: labels.get(c.state) ?? c.state,
      since, days: daysBetween(since, today), next: nextSteps(profile, c.state, c.path),
    };
  }).sort((a, b) => b.days - a.days || a.reference.localeCompare(b.reference));
  return { today, months, stages, flows: stageFlows(profile, months, moves), live: live.slice(0, LIVE_SHOWN), liveTotal: live.length };
}
