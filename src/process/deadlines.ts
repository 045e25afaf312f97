// The deadline engine: when each kind of deadline falls due, from the day it starts, over the
// profile's deadlines and Working-Day calendar; and how near a due date is. Every module that
// shows a due date asks here, so the critical-friend reply on a submission's page and on /work
// can never disagree. Pure: no clock and no I/O (callers pass today).
import type { ProcessProfile, WorkingDaysDeadline } from './profile.js';
import { isIsoDate } from './dates.js';
import { addWorkingDays } from './working-days.js';

export const DEADLINE_KINDS = ['critical-friend-reply', 'consultation-close', 'paper-due', 'appeal-window', 'authority-decision'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** Where each kind's length lives in the profile, and which way it counts from its start. */
const SETTINGS: Record<Exclude<DeadlineKind, 'authority-decision'>, { key: 'criticalFriendReply' | 'consultationClose' | 'paperDue' | 'appealWindow'; sign: 1 | -1 }> = {
  'critical-friend-reply': { key: 'criticalFriendReply', sign: 1 },
  'consultation-close': { key: 'consultationClose', sign: 1 },
  // A paper is due before its meeting: the count runs back from the meeting's day.
  'paper-due': { key: 'paperDue', sign: -1 },
  'appeal-window': { key: 'appealWindow', sign: 1 },
};

function checkDate(date: string): void {
  if (!isIsoDate(date)) throw new Error(`"${date}" is not a date written YYYY-MM-DD.`);
}

/** The date `weeks` calendar weeks after `date`: weekends and holidays count, as the Authority's target does. */
export function addWeeks(date: string, weeks: number): string {
  checkDate(date);
  if (!Number.isInteger(weeks)) throw new Error(`Weeks must be a whole number, not ${weeks}.`);
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 7 * weeks);
  return d.toISOString().slice(0, 10);
}

/**
 * The day a deadline of this kind falls due, counted from `start`: the day a submission was sent, a
 * consultation issued, a decision taken, a change reached the Authority, or (for a paper) the day
 * of its meeting. The start day itself never counts. `workingDays` overrides the profile's length
 * (a consultation issued for longer than the default).
 */
export function dueOn(profile: ProcessProfile, kind: DeadlineKind, start: string, options: { workingDays?: number } = {}): string {
  if (kind === 'authority-decision') return addWeeks(start, profile.deadlines.authorityDecision.weeks);
  const { key, sign } = SETTINGS[kind];
  const length = options.workingDays ?? profile.deadlines[key].workingDays;
  if (!Number.isInteger(length) || length < 1) throw new Error(`A deadline is a whole number of Working Days, at least 1, not ${length}.`);
  return addWorkingDays(start, sign * length, profile.calendar);
}

/** What falls due and who from, in the profile's words. */
export function describeDeadline(profile: ProcessProfile, kind: DeadlineKind): { label: string; from: string } {
  const setting = kind === 'authority-decision' ? profile.deadlines.authorityDecision : profile.deadlines[SETTINGS[kind].key];
  return { label: setting.label, from: setting.from };
}

export type Standing = 'overdue' | 'due-today' | 'soon' | 'later';

/** Overdue, due today, soon (within the profile's soonWithin Working Days of today) or later. */
export function standing(profile: ProcessProfile, due: string, today: string): Standing {
  checkDate(due);
  if (due < today) return 'overdue';
  if (due === today) return 'due-today';
  return due <= addWorkingDays(today, profile.deadlines.soonWithin, profile.calendar) ? 'soon' : 'later';
}

/** What is wrong with the profile's deadlines, given its states and actions. */
export function deadlineProblems(profile: Pick<ProcessProfile, 'deadlines' | 'states' | 'actions'>): string[] {
  const problems: string[] = [];
  const d = profile.deadlines;
  const counted: [string, WorkingDaysDeadline][] = [
    ['criticalFriendReply', d.criticalFriendReply], ['consultationClose', d.consultationClose], ['paperDue', d.paperDue], ['appealWindow', d.appealWindow],
  ];
  for (const [name, setting] of counted) {
    if (!Number.isInteger(setting.workingDays) || setting.workingDays < 1) problems.push(`deadline ${name} must be a whole number of Working Days, at least 1`);
  }
  for (const [name, setting] of [...counted, ['authorityDecision', d.authorityDecision], ['releaseImplementation', d.releaseImplementation]] as const) {
    if (!setting.label.trim() || !setting.from.trim()) problems.push(`deadline ${name} needs a label and who it is due from`);
  }
  if (!Number.isInteger(d.authorityDecision.weeks) || d.authorityDecision.weeks < 1) problems.push('deadline authorityDecision must be a whole number of weeks, at least 1');
  if (!profile.states.some((s) => s.id === d.authorityDecision.state)) problems.push(`deadline authorityDecision names unknown state ${d.authorityDecision.state}`);
  for (const id of d.appealWindow.afterActions) {
    if (!profile.actions.some((a) => a.id === id)) problems.push(`deadline appealWindow names unknown action ${id}`);
  }
  if (!Number.isInteger(d.soonWithin) || d.soonWithin < 0) problems.push('deadlines soonWithin must be a whole number of Working Days, 0 or more');
  return problems;
}
