// The contribution point of deadlines: each module says what it knows is due, and the deadlines
// module (src/modules/deadlines/) gathers them for /work and GET /api/v1/deadlines without
// importing any of them.
//
// How a module adds its deadlines (a consultations module, say):
//  1. Compute each due date with the engine, `dueOn(profile, kind, start)` in process/deadlines.ts
//     (e.g. dueOn(profile, 'consultation-close', issuedOn, { workingDays })), from your own rows or
//     the change's events, so your own pages and /work can never disagree. A kind the engine does
//     not count (a release is due on its own date) names its words in the profile's deadlines.
//  2. Write a DeadlineSource whose `read(ctx, viewer, window)` returns what `viewer` may see, by your
//     module's own visibility rule (return [] to anyone with no part in it), due before
//     `window.dueBefore`: everything earlier, overdue included, is wanted. Read, never write.
//  3. List it in your manifest: `deadlines: [consultationDeadlines]`. The deadlines module marks
//     each as overdue, due today, soon or later (process/deadlines.ts `standing`), sorts and serves
//     them; nothing else changes.
//  4. If some of your dates are public (anyone may read what they are about, as the feeds show the
//     public record only), also give the source `publicDates(ctx, range)`: every such date from
//     `range.from` on, whoever asks, each with a `key` that names the deadline and not its day (so a
//     calendar app updates the event when the day moves) and the changes it concerns. Report nothing
//     restricted, confidential or for one organisation or committee; leave it out if you have none.
//     The feeds module serves them as iCalendar (the register's, a committee's, a change's).
import type { Actor } from './accounts/accounts.js';
import type { ServiceContext } from './context.js';

export interface Deadline {
  /** One of the engine's kinds ('critical-friend-reply', 'paper-due' …) or a module's own ('release-implementation'). */
  kind: string;
  /** What falls due, in the profile's words: "Critical-friend reply". */
  label: string;
  /** Who it is due from, in the profile's words: "the Secretariat". */
  from: string;
  /** What it is about, as people name it. */
  subject: { type: string; id: string; ref: string };
  /** One line on what it is: the submission's title, the meeting, the change. */
  title: string;
  /** Where to act on it: a path on this site. */
  href: string;
  /** The day the period started (sent, issued, decided, received), when it has one. */
  since: string | null;
  dueOn: string;
}

export interface DeadlineWindow {
  /** Today's business date (Europe/London). */
  today: string;
  /** Only deadlines due strictly before this day. */
  dueBefore: string;
}

/** A date anyone may know: what the deadlines calendars (module feeds) show. */
export interface PublicDeadline extends Deadline {
  /** Names this deadline for ever, whatever day it moves to: 'consultation-close:<id>'. */
  key: string;
  /** The changes it concerns (none for a date of the whole code). */
  proposalIds: string[];
  /** A line for the calendar entry's description, in the profile's words; may be empty. */
  note: string;
}

export interface PublicRange {
  /** Today's business date (Europe/London). */
  today: string;
  /** Only dates on or after this day. */
  from: string;
}

export interface DeadlineSource {
  /** Names the source in errors and tests: the module's name. */
  name: string;
  read(ctx: ServiceContext, viewer: Actor, window: DeadlineWindow): Promise<Deadline[]>;
  /** The source's public dates, the same for every viewer; absent when it has none. */
  publicDates?(ctx: ServiceContext, range: PublicRange): Promise<PublicDeadline[]>;
}
