// Where the feeds are (module feeds serves them): pure functions at the root of the modules, so
// the pages of modules below feeds can announce their feeds without importing the feeds module.
import type { Alternate } from '../platform/http/layout.js';

export const REGISTER_FEED_PATH = '/feeds/changes.atom';
export const changeFeedPath = (slug: string) => `/modifications/${encodeURIComponent(slug)}/feed.atom`;
export const committeeFeedPath = (code: string) => `/committees/${encodeURIComponent(code)}/feed.atom`;
export const MEETINGS_CALENDAR_PATH = '/feeds/meetings.ics';
export const committeeCalendarPath = (code: string) => `/committees/${encodeURIComponent(code)}/meetings.ics`;
export const RELEASES_CALENDAR_PATH = '/feeds/releases.ics';
export const changeCalendarPath = (slug: string) => `/modifications/${encodeURIComponent(slug)}/calendar.ics`;
export const DEADLINES_CALENDAR_PATH = '/feeds/deadlines.ics';
export const committeeDeadlinesPath = (code: string) => `/committees/${encodeURIComponent(code)}/deadlines.ics`;
export const changeDeadlinesPath = (slug: string) => `/modifications/${encodeURIComponent(slug)}/deadlines.ics`;

export const registerAlternates = (codeName: string): Alternate[] => [
  { href: REGISTER_FEED_PATH, title: `${codeName}: changes (Atom)`, type: 'application/atom+xml' },
  { href: MEETINGS_CALENDAR_PATH, title: `${codeName}: meetings (iCalendar)`, type: 'text/calendar' },
  { href: RELEASES_CALENDAR_PATH, title: `${codeName}: releases (iCalendar)`, type: 'text/calendar' },
  { href: DEADLINES_CALENDAR_PATH, title: `${codeName}: deadlines (iCalendar)`, type: 'text/calendar' },
];

export const changeAlternates = (slug: string, reference: string): Alternate[] => [
  { href: changeFeedPath(slug), title: `${reference} (Atom)`, type: 'application/atom+xml' },
  { href: changeCalendarPath(slug), title: `${reference}: meetings and release (iCalendar)`, type: 'text/calendar' },
  { href: changeDeadlinesPath(slug), title: `${reference}: deadlines (iCalendar)`, type: 'text/calendar' },
];

export const committeeAlternates = (code: string, shortName: string): Alternate[] => [
  { href: committeeFeedPath(code), title: `${shortName} (Atom)`, type: 'application/atom+xml' },
  { href: committeeCalendarPath(code), title: `${shortName}: meetings (iCalendar)`, type: 'text/calendar' },
  { href: committeeDeadlinesPath(code), title: `${shortName}: deadlines (iCalendar)`, type: 'text/calendar' },
];
