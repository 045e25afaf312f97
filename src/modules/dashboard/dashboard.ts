// The pipeline dashboard's rules, pure: which months it covers, how moves between stages add up
// into each stage's entries and exits per month, who the process expects to act next in a stage,
// and how many days a change has been in its stage.
import type { ProcessProfile } from '../../process/profile.js';
import { isHoldState } from '../../process/workflow.js';

/** One move between stages as the stream recorded it (fromState null: the change was raised). */
export interface StageMove {
  month: string;
  fromState: string | null;
  toState: string;
  count: number;
}

export interface MonthFlow {
  month: string;
  entered: number;
  left: number;
}

export interface StageFlows {
  state: string;
  label: string;
  months: MonthFlow[];
  entered: number;
  left: number;
}

/** The `count` months ending with the one `today` is in, oldest first, as "YYYY-MM". */
export function monthsEnding(today: string, count: number): string[] {
  let year = Number(today.slice(0, 4));
  let month = Number(today.slice(5, 7));
  const months: string[] = [];
  for (let i = 0; i < count; i++) {
    months.unshift(`${year}-${String(month).padStart(2, '0')}`);
    month -= 1;
    if (month === 0) { month = 12; year -= 1; }
  }
  return months;
}

/** "Nov 2019" for 2019-11 (short, for the chart's axis). */
export function shortMonth(month: string): string {
  const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${names[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

/**
 * Each of the profile's stages with the changes that entered and left it in each month. A move
 * within one stage (an action that keeps the state) is neither; a raise enters the first stage.
 */
export function stageFlows(profile: ProcessProfile, months: readonly string[], moves: readonly StageMove[]): StageFlows[] {
  const index = new Map(months.map((m, i) => [m, i]));
  const byState = new Map(profile.states.map((s) => [s.id, {
    state: s.id, label: s.label, entered: 0, left: 0, months: months.map((month) => ({ month, entered: 0, left: 0 })),
  }]));
  for (const move of moves) {
    const i = index.get(move.month);
    if (i === undefined || move.fromState === move.toState) continue;
    const into = byState.get(move.toState);
    if (into) { into.months[i].entered += move.count; into.entered += move.count; }
    const from = move.fromState === null ? undefined : byState.get(move.fromState);
    if (from) { from.months[i].left += move.count; from.left += move.count; }
  }
  return [...byState.values()];
}

/** A step the process expects next in a stage: who takes it, and what it is. */
export interface NextStep {
  body: string;
  bodyName: string;
  actions: string[];
}

/**
 * Who must act next on a change in `state` (with `path`): the bodies of the actions that move it on
 * to another stage, in the profile's order. Left out: putting it on hold, and the ways out open in
 * most stages (a Proposer's withdrawal), which are always possible and never what is awaited. An
 * action whose guard on the path fails (a Path 3 decision for a Path 1 change) is left out too.
 */
export function nextSteps(profile: ProcessProfile, state: string, path: string | null): NextStep[] {
  const live = profile.states.filter((s) => !s.terminal).length;
  const steps = new Map<string, NextStep>();
  for (const action of profile.actions) {
    if (!action.from.includes(state) || action.to.kind === 'same') continue;
    if (action.to.kind === 'state' && isHoldState(profile, action.to.state)) continue;
    if (action.from.length > live / 2) continue;
    const pathRefused = action.guards.some((g) => g.kind === 'field-in' && g.field === 'path' && path !== null && !g.values.includes(path));
    if (pathRefused) continue;
    const step = steps.get(action.body) ?? { body: action.body, bodyName: profile.bodies.find((b) => b.id === action.body)?.name ?? action.body, actions: [] };
    step.actions.push(action.label);
    steps.set(action.body, step);
  }
  return [...steps.values()];
}

/** Whole days from one ISO date to another (0 on the same day). */
export function daysBetween(from: string, to: string): number {
  const ms = Date.parse(`${to.slice(0, 10)}T00:00:00Z`) - Date.parse(`${from.slice(0, 10)}T00:00:00Z`);
  return Math.max(0, Math.round(ms / 86_400_000));
}
