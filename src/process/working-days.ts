// Working Days: pure arithmetic on business dates (YYYY-MM-DD) over a calendar held in the process
// profile. A Working Day is not a Saturday or Sunday, not a public holiday of the calendar's region
// (date-holidays: GB/ENG gives the England & Wales bank holidays, substitute days included) and not
// one of the profile's extra closed days. No clock and no I/O: the same inputs give the same answer.
// date-holidays takes a quarter of a second to load, so it is required when a date is first
// counted, not when this file is imported: a command that counts no Working Day goes without it.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type Holidays from 'date-holidays';
import type { CalendarSettings } from './profile.js';
import { isIsoDate } from './dates.js';

/** Holiday types of date-holidays that close the code's offices (observances such as Mother's Day do not). */
const CLOSING_TYPES = new Set(['public', 'bank']);

const require = createRequire(import.meta.url);

/** The countries date-holidays knows, each with its states or regions (its data alone, without its engine). */
interface HolidayData { data: { holidays: Record<string, { states?: Record<string, unknown>; regions?: Record<string, unknown> }> } }

const engines = new Map<string, Holidays>();
const closedByYear = new Map<string, Set<string>>();

function engineFor(calendar: CalendarSettings): Holidays {
  const key = `${calendar.country}/${calendar.region ?? ''}`;
  let engine = engines.get(key);
  if (!engine) {
    const Holidays = require('date-holidays') as typeof import('date-holidays').default;
    engine = calendar.region ? new Holidays(calendar.country, calendar.region) : new Holidays(calendar.country);
    engines.set(key, engine);
  }
  return engine;
}

/** The closed days (weekends aside) of one year: the region's public holidays and the extra ones. */
function closedDays(calendar: CalendarSettings, year: number): Set<string> {
  const key = `${calendar.country}/${calendar.region ?? ''}/${year}/${calendar.extraClosedDays.join(',')}`;
  let days = closedByYear.get(key);
  if (!days) {
    days = new Set(engineFor(calendar).getHolidays(year)
      // date-holidays writes each date in the region's own time zone: "2020-12-28 00:00:00".
      .filter((h) => CLOSING_TYPES.has(h.type)).map((h) => h.date.slice(0, 10)));
    for (const d of calendar.extraClosedDays) if (d.startsWith(`${year}-`)) days.add(d);
    closedByYear.set(key, days);
  }
  return days;
}

function checkDate(date: string): void {
  if (!isIsoDate(date)) throw new Error(`"${date}" is not a date written YYYY-MM-DD.`);
}

function dayOfWeek(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

function shift(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** True when the date is a Working Day of the calendar. */
export function isWorkingDay(date: string, calendar: CalendarSettings): boolean {
  checkDate(date);
  const dow = dayOfWeek(date);
  if (dow === 0 || dow === 6) return false;
  return !closedDays(calendar, Number(date.slice(0, 4))).has(date);
}

/**
 * The date n Working Days after `date` (before it when n is negative). The day itself does not
 * count, whatever it is: 5 Working Days after Monday 2 Dec 2019 is Monday 9 Dec 2019, and 1 Working
 * Day after a Saturday is the Monday. n = 0 gives the date back.
 */
export function addWorkingDays(date: string, n: number, calendar: CalendarSettings): string {
  checkDate(date);
  if (!Number.isInteger(n)) throw new Error(`Working Days must be a whole number, not ${n}.`);
  const step = n < 0 ? -1 : 1;
  let current = date;
  for (let left = Math.abs(n); left > 0;) {
    current = shift(current, step);
    if (isWorkingDay(current, calendar)) left -= 1;
  }
  return current;
}

/** The Working Days after `from` up to and including `to` (negative when `to` is earlier). */
export function workingDaysBetween(from: string, to: string, calendar: CalendarSettings): number {
  checkDate(from);
  checkDate(to);
  if (to < from) return -workingDaysBetween(to, from, calendar);
  let count = 0;
  for (let d = shift(from, 1); d <= to; d = shift(d, 1)) if (isWorkingDay(d, calendar)) count += 1;
  return count;
}

/**
 * date-holidays' data: its countries with their states and regions. Read from the package's JSON
 * copy, which parses in half the time its JavaScript module (`date-holidays/data`, the same object)
 * takes to load; that module when the JSON is not where this version keeps it.
 */
function holidayData(): HolidayData['data'] {
  try {
    const file = path.join(path.dirname(require.resolve('date-holidays/package.json')), 'data', 'holidays.json');
    return JSON.parse(fs.readFileSync(file, 'utf8')) as HolidayData['data'];
  } catch {
    return (require('date-holidays/data') as HolidayData).data;
  }
}

/** What is wrong with a calendar of a profile (an unknown country or region, a malformed extra day). */
export function calendarProblems(calendar: CalendarSettings): string[] {
  const problems: string[] = [];
  // Read from the package's data, as its getCountries and getStates do, without loading its engine.
  const countries = holidayData().holidays;
  const country = Object.hasOwn(countries, calendar.country) ? countries[calendar.country] : undefined;
  if (!country) {
    problems.push(`calendar country ${calendar.country} is unknown to date-holidays`);
  } else if (calendar.region && !Object.hasOwn(country.states ?? country.regions ?? {}, calendar.region)) {
    problems.push(`calendar region ${calendar.region} is unknown in ${calendar.country}`);
  }
  for (const d of calendar.extraClosedDays) if (!isIsoDate(d)) problems.push(`calendar extra closed day "${d}" is not YYYY-MM-DD`);
  return problems;
}
