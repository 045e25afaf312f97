// The release calendar: pure arithmetic over the rules in the profile ("the last Thursday of
// February"), so the releases of any year can be listed without storing them. A scheduled release
// is named by its month ("February 2027 SEC Release") and known by the key YYYY-MM; ad hoc releases
// are the releases module's rows. No clock and no I/O.
import type { ReleaseSettings, ScheduledRelease, Weekday, WeekdayPosition } from './profile.js';
import { isIsoDate } from './dates.js';

export const WEEKDAYS: readonly Weekday[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
export const POSITIONS: readonly WeekdayPosition[] = ['first', 'second', 'third', 'fourth', 'last'];
export const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export interface CalendarRelease {
  /** YYYY-MM: a scheduled release is the one of its month. */
  key: string;
  name: string;
  date: string;
}

const iso = (year: number, month: number, day: number) =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** The day of a month that the rule names: the first … fourth or the last such weekday. */
export function weekdayOfMonth(year: number, month: number, weekday: Weekday, which: WeekdayPosition): string {
  const wanted = WEEKDAYS.indexOf(weekday);
  if (which === 'last') {
    const lastDay = new Date(Date.UTC(year, month, 0));
    const back = (lastDay.getUTCDay() - wanted + 7) % 7;
    return iso(year, month, lastDay.getUTCDate() - back);
  }
  const firstDow = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const first = 1 + ((wanted - firstDow + 7) % 7);
  return iso(year, month, first + 7 * POSITIONS.indexOf(which));
}

/** "February 2027 SEC Release". */
export function releaseName(settings: ReleaseSettings, year: number, month: number): string {
  return settings.name.replace('{month}', MONTH_NAMES[month - 1]).replace('{year}', String(year));
}

function fromRule(settings: ReleaseSettings, year: number, rule: ScheduledRelease): CalendarRelease {
  return {
    key: iso(year, rule.month, 1).slice(0, 7),
    name: releaseName(settings, year, rule.month),
    date: weekdayOfMonth(year, rule.month, rule.weekday, rule.which),
  };
}

/** The year's scheduled releases, in date order. */
export function releasesOfYear(settings: ReleaseSettings, year: number): CalendarRelease[] {
  return settings.scheduled.map((rule) => fromRule(settings, year, rule)).sort((a, b) => a.date.localeCompare(b.date));
}

/** The scheduled release of a month ("2027-02"), or null when the calendar has none that month. */
export function releaseByKey(settings: ReleaseSettings, key: string): CalendarRelease | null {
  const m = /^(\d{4})-(\d{2})$/.exec(key);
  if (!m) return null;
  const rule = settings.scheduled.find((r) => r.month === Number(m[2]));
  return rule ? fromRule(settings, Number(m[1]), rule) : null;
}

/** How names compare: case and spacing do not matter ("february 2027  sec release"). */
export function nameKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The scheduled release a name is the name of, in any year the name mentions; null when none. */
export function releaseByName(settings: ReleaseSettings, name: string): CalendarRelease | null {
  const wanted = nameKey(name);
  for (const year of new Set((name.match(/\b\d{4}\b/g) ?? []).map(Number))) {
    const found = releasesOfYear(settings, year).find((r) => nameKey(r.name) === wanted);
    if (found) return found;
  }
  return null;
}

/** Scheduled releases on or after `from`, up to and including `to`. */
export function releasesBetween(settings: ReleaseSettings, from: string, to: string): CalendarRelease[] {
  const out: CalendarRelease[] = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year += 1) {
    out.push(...releasesOfYear(settings, year).filter((r) => r.date >= from && r.date <= to));
  }
  return out;
}

/** What is wrong with a profile's release settings, given the ids of its actions. */
export function releaseProblems(settings: ReleaseSettings, actionIds: readonly string[]): string[] {
  const problems: string[] = [];
  if (!settings.name.includes('{month}') || !settings.name.includes('{year}')) {
    problems.push('releases name must contain {month} and {year}, so each scheduled release has its own name');
  }
  const months = new Set<number>();
  for (const rule of settings.scheduled) {
    if (!Number.isInteger(rule.month) || rule.month < 1 || rule.month > 12) problems.push(`release month ${rule.month} is not 1 to 12`);
    else if (months.has(rule.month)) problems.push(`release month ${rule.month} is scheduled twice`);
    months.add(rule.month);
    if (!WEEKDAYS.includes(rule.weekday)) problems.push(`release weekday ${rule.weekday} is not a weekday`);
    if (!POSITIONS.includes(rule.which)) problems.push(`release position ${rule.which} is not one of ${POSITIONS.join(', ')}`);
  }
  for (const [name, id] of [['scheduleAction', settings.scheduleAction], ['implementAction', settings.implementAction]]) {
    if (!actionIds.includes(id)) problems.push(`releases ${name} names unknown action ${id}`);
  }
  return problems;
}

/** True for a key of the form YYYY-MM (a scheduled release's), as opposed to an ad hoc release's id. */
export function isReleaseKey(value: string): boolean {
  return /^\d{4}-\d{2}$/.test(value) && isIsoDate(`${value}-01`);
}
