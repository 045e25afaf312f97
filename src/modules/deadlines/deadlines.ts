// The deadlines read model's pure rules: which days a default window covers, and how what the
// modules report is marked and ordered.
import type { ProcessProfile } from '../../process/profile.js';
import { standing, type Standing } from '../../process/deadlines.js';
import { addWorkingDays } from '../../process/working-days.js';
import type { Deadline } from '../deadline-sources.js';

export interface DueItem extends Deadline {
  standing: Standing;
}

export const STANDING_LABELS: Record<Standing, string> = {
  'overdue': 'Overdue',
  'due-today': 'Due today',
  'soon': 'Due soon',
  'later': 'Later',
};

/** The last day counted as soon: the profile's soonWithin Working Days after today. */
export function soonUntil(profile: ProcessProfile, today: string): string {
  return addWorkingDays(today, profile.deadlines.soonWithin, profile.calendar);
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Without a date asked for, the window runs to the end of "soon": overdue, due today and soon. */
export function defaultDueBefore(profile: ProcessProfile, today: string): string {
  return nextDay(soonUntil(profile, today));
}

/** Each deadline marked overdue, due today, soon or later; the earliest first. */
export function arrange(profile: ProcessProfile, items: Deadline[], today: string): DueItem[] {
  return items.map((d) => ({ ...d, standing: standing(profile, d.dueOn, today) }))
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.kind.localeCompare(b.kind) || a.title.localeCompare(b.title));
}
