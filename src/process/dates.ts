// Business dates are calendar days in Europe/London, written YYYY-MM-DD.
// The formatters are made on first use: the first one loads the time zones' data, a tenth of a
// second or more that a server's start and most commands need not spend.

/** `make()`'s value, made on the first call. */
function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

const londonDay = once(() => new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit',
}));

/** The calendar day in Europe/London at the given instant. */
export function londonDate(at: Date): string {
  return londonDay().format(at);
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

const longDate = once(() => new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }));

// A change page formats 100+ dates, mostly the same few, and Intl is slow: remember the text of
// recent days. Bounded so a long-running server's memory does not grow with every day it sees.
const formatted = new Map<string, string>();
const FORMATTED_LIMIT = 2_000;

/** "15 November 2019" for 2019-11-15 (or any ISO timestamp on that day). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const day = iso.slice(0, 10);
  let text = formatted.get(day);
  if (text === undefined) {
    text = longDate().format(new Date(`${day}T00:00:00Z`));
    if (formatted.size >= FORMATTED_LIMIT) formatted.delete(formatted.keys().next().value!);
    formatted.set(day, text);
  }
  return text;
}

const londonTime = once(() => new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
}));

/** A recorded instant as people read it, in Europe/London: "1 December 2026, 19:05". */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  const parts = Object.fromEntries(londonTime().formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute}`;
}
