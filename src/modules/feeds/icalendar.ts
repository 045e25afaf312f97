// An iCalendar file (RFC 5545) as text: meetings, releases and deadlines as events. Texts are
// escaped (backslash, semicolon, comma, newline), lines folded at 75 octets, CRLF line ends. Times
// of day are given in Europe/London and written in UTC, so no time zone definition is needed.

export interface CalendarEvent {
  /** Stable across downloads: the same meeting is the same event in a calendar app. */
  uid: string;
  summary: string;
  description: string;
  url: string;
  location: string;
  /** YYYY-MM-DD; with `time` (HH:MM, Europe/London) a timed event, else a whole day. */
  date: string;
  time?: string | null;
  /** Minutes, for a timed event. */
  durationMinutes?: number;
  /** When it was last changed (ISO instant). */
  stamp: string;
  status?: 'CONFIRMED' | 'CANCELLED' | 'TENTATIVE';
}

export interface Calendar {
  name: string;
  events: CalendarEvent[];
}

export function icalText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');
}

/** Splits a content line into lines of at most 75 octets, continuing with a space (RFC 5545 §3.1). */
export function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    if (octets + size > (out.length === 0 ? 75 : 74)) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

const compact = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d+/, '');

/** The UTC instant of a wall-clock time in Europe/London. */
export function londonToUtc(date: string, time: string): Date {
  const guess = new Date(`${date}T${time}:00Z`);
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(guess);
  const hour = Number(parts.find((p) => p.type === 'hour')!.value);
  const minute = Number(parts.find((p) => p.type === 'minute')!.value);
  const shown = hour * 60 + minute;
  const wanted = Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
  let offset = shown - wanted;
  if (offset > 720) offset -= 1440;
  if (offset < -720) offset += 1440;
  return new Date(guess.getTime() - offset * 60_000);
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function renderCalendar(calendar: Calendar): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Secretariat//Change register//EN', 'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH', `X-WR-CALNAME:${icalText(calendar.name)}`];
  for (const e of calendar.events) {
    lines.push('BEGIN:VEVENT', `UID:${icalText(e.uid)}`, `DTSTAMP:${compact(new Date(e.stamp).toISOString())}`);
    if (e.time) {
      const start = londonToUtc(e.date, e.time);
      const end = new Date(start.getTime() + (e.durationMinutes ?? 120) * 60_000);
      lines.push(`DTSTART:${compact(start.toISOString())}`, `DTEND:${compact(end.toISOString())}`);
    } else {
      lines.push(`DTSTART;VALUE=DATE:${e.date.replace(/-/g, '')}`, `DTEND;VALUE=DATE:${nextDay(e.date).replace(/-/g, '')}`);
    }
    lines.push(`SUMMARY:${icalText(e.summary)}`);
    if (e.description) lines.push(`DESCRIPTION:${icalText(e.description)}`);
    if (e.location) lines.push(`LOCATION:${icalText(e.location)}`);
    lines.push(`URL:${e.url}`, `STATUS:${e.status ?? 'CONFIRMED'}`, 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
