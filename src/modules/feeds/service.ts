// Feeds for readers and calendars: what happened, as Atom (the whole register, one change, one
// committee), and what is coming, as iCalendar (meetings, releases, a change's meetings and
// release). Feeds are read by programs that do not sign in, so they show the public record only,
// whoever asks.
import { PUBLIC } from '../accounts/accounts.js';
import { readerFilter } from '../accounts/permissions.js';
import { executor, type ServiceContext } from '../context.js';
import { listMeetings } from '../committees/repository.js';
import type { Meeting } from '../committees/committees.js';
import type { CommitteeDef } from '../../process/profile.js';
import { findCommittee } from '../committees/committees.js';
import { notFound } from '../../platform/errors.js';
import { listReleases } from '../releases/service.js';
import { releasePath } from '../releases/releases.js';
import { publicPath } from '../proposals/views.js';
import { findProposal } from '../proposals/service.js';
import { londonDate } from '../../process/dates.js';
import type { ReaderFilter, StoredEvent } from '../../platform/events/stream.js';
import type { AtomEntry, AtomFeed } from './atom.js';
import type { Calendar, CalendarEvent } from './icalendar.js';
import {
  REGISTER_FEED_PATH, changeFeedPath, committeeFeedPath,
} from '../feed-paths.js';
import * as repo from './repository.js';
import type { FeedScope } from './repository.js';
import type { DeadlineSource, PublicDeadline } from '../deadline-sources.js';

/** Entries in an Atom feed: a reader polls it, so the newest are enough. */
export const FEED_ENTRIES = 50;

/** How far back a meetings calendar reaches: a year of past meetings, and everything planned. */
const CALENDAR_PAST_DAYS = 366;

const publicAudiences = (): readonly string[] => {
  const filter: ReaderFilter = readerFilter(PUBLIC);
  return filter === 'everything' ? [] : filter.audiences;
};

/** Where an event is best read on the website. */
function eventPath(e: StoredEvent, changes: Map<string, repo.ChangeName>): string {
  const change = e.proposalId ? changes.get(e.proposalId) : undefined;
  if (change) return publicPath(change);
  const committee = typeof e.payload.committee === 'string' ? e.payload.committee : null;
  switch (e.subject.type) {
    case 'meeting': return `/meetings/${encodeURIComponent(e.subject.id)}`;
    case 'committee': return `/committees/${encodeURIComponent(e.subject.id)}`;
    case 'release': return releasePath(e.subject.id);
    case 'paper': return committee && typeof e.payload.date === 'string'
      ? `/papers/${encodeURIComponent(committee)}/${encodeURIComponent(e.payload.date)}` : '/modifications/';
    default: return '/modifications/';
  }
}

/** A note written with the event, when there is one: the words a reader most wants. */
function noteOf(e: StoredEvent): string {
  for (const field of ['note', 'comments', 'outcome']) {
    const value = e.payload[field];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return '';
}

async function entriesOf(ctx: ServiceContext, scope: FeedScope): Promise<AtomEntry[]> {
  const ex = executor(ctx);
  const events = await repo.newestEvents(ex, ctx.db.dialect, publicAudiences(), scope, FEED_ENTRIES);
  const changes = await repo.changeNames(ex, [...new Set(events.map((e) => e.proposalId).filter((id): id is string => !!id))]);
  return events.map((e) => {
    const change = e.proposalId ? changes.get(e.proposalId) : undefined;
    const about = change ? `${change.reference} ${change.title}` : '';
    return {
      id: `urn:uuid:${e.id}`,
      title: `${e.subject.ref}: ${e.label}`,
      updated: e.recordedAt,
      link: `${ctx.publicBaseUrl}${eventPath(e, changes)}`,
      author: e.actor.name,
      summary: [about, `On ${e.businessDate}.`, noteOf(e)].filter(Boolean).join('\n\n'),
      categories: [e.type],
    };
  });
}

function feedOf(ctx: ServiceContext, self: string, alternate: string, title: string, entries: AtomEntry[]): AtomFeed {
  return {
    id: `${ctx.publicBaseUrl}${self}`,
    title,
    self: `${ctx.publicBaseUrl}${self}`,
    alternate: `${ctx.publicBaseUrl}${alternate}`,
    // An empty feed is as old as the epoch: it has never changed.
    updated: entries[0]?.updated ?? new Date(0).toISOString(),
    entries,
  };
}

export async function registerFeed(ctx: ServiceContext): Promise<AtomFeed> {
  return feedOf(ctx, REGISTER_FEED_PATH, '/modifications/', `${ctx.profile.name}: changes`, await entriesOf(ctx, { kind: 'all' }));
}

/** One change's feed, by a reference it has or had (DP094, MP094). */
export async function changeFeed(ctx: ServiceContext, ref: string): Promise<AtomFeed> {
  const p = await findProposal(ctx, executor(ctx), ref);
  return feedOf(ctx, changeFeedPath(p.slug), publicPath(p), `${p.reference} ${p.title}`, await entriesOf(ctx, { kind: 'change', proposalId: p.id }));
}

export async function committeeFeed(ctx: ServiceContext, code: string): Promise<AtomFeed> {
  const committee = committeeNamed(ctx, code);
  return feedOf(ctx, committeeFeedPath(committee.code), `/committees/${encodeURIComponent(committee.code)}`, committee.name,
    await entriesOf(ctx, { kind: 'committee', code: committee.code }));
}

/** A committee of the profile by its code, or 404: a feed's address names it. */
function committeeNamed(ctx: ServiceContext, code: string): CommitteeDef {
  const committee = findCommittee(ctx.profile, code);
  if (!committee) throw notFound(`Committee ${code}`);
  return committee;
}

function daysBefore(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

async function meetingEvents(ctx: ServiceContext, meetings: Meeting[]): Promise<CalendarEvent[]> {
  const agenda = await repo.agendaOf(executor(ctx), meetings.map((m) => m.id));
  const committees = new Map(ctx.profile.committees.map((c) => [c.code, c]));
  const host = new URL(ctx.publicBaseUrl).hostname || 'secretariat';
  return meetings.map((m) => {
    const committee = committees.get(m.committeeCode);
    const items = agenda.filter((a) => a.meetingId === m.id).map((a, i) => `${i + 1}. ${a.reference ? `${a.reference}: ` : ''}${a.text}`);
    return {
      uid: `meeting-${m.id}@${host}`,
      summary: m.title || `${committee?.shortName ?? m.committeeCode} meeting`,
      description: [committee?.name ?? m.committeeCode, ...(items.length ? ['Agenda:', ...items] : [])].join('\n'),
      url: `${ctx.publicBaseUrl}/meetings/${encodeURIComponent(m.id)}`,
      // The online link is for those invited: the public calendar gives the place only.
      location: m.location,
      date: m.date,
      time: m.startTime,
      stamp: ctx.clock().toISOString(),
      status: m.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
    };
  });
}

/** Meetings of every committee, or of one: a year back and everything planned. */
export async function meetingsCalendar(ctx: ServiceContext, code?: string): Promise<Calendar> {
  const committee = code === undefined ? null : committeeNamed(ctx, code);
  const from = daysBefore(londonDate(ctx.clock()), CALENDAR_PAST_DAYS);
  const meetings = (await listMeetings(executor(ctx), { committee: committee?.code, from })).reverse();
  return {
    name: committee ? `${committee.name}: meetings` : `${ctx.profile.name}: meetings`,
    events: await meetingEvents(ctx, meetings),
  };
}

function releaseEvent(ctx: ServiceContext, r: { id: string; name: string; date: string; implementedOn: string | null }, host: string): CalendarEvent {
  return {
    uid: `release-${r.id}@${host}`,
    summary: r.name,
    description: r.implementedOn ? `Implemented on ${r.implementedOn}.` : 'Planned release.',
    url: `${ctx.publicBaseUrl}${releasePath(r.id)}`,
    location: '',
    date: r.implementedOn ?? r.date,
    stamp: ctx.clock().toISOString(),
  };
}

/** Releases not yet implemented and the release calendar to the end of next year. */
export async function releasesCalendar(ctx: ServiceContext): Promise<Calendar> {
  const host = new URL(ctx.publicBaseUrl).hostname || 'secretariat';
  const releases = await listReleases(ctx, {});
  return { name: `${ctx.profile.name}: releases`, events: releases.map((r) => releaseEvent(ctx, r, host)) };
}

/** One change's meetings (those whose agenda names it) and the release it targets. */
export async function changeCalendar(ctx: ServiceContext, ref: string): Promise<Calendar> {
  const ex = executor(ctx);
  const p = await findProposal(ctx, ex, ref);
  const events = await meetingEvents(ctx, await repo.meetingsAbout(ex, p.id));
  if (p.targetRelease) {
    const host = new URL(ctx.publicBaseUrl).hostname || 'secretariat';
    const release = (await listReleases(ctx, {})).find((r) => r.id === p.targetRelease!.id);
    if (release) events.push(releaseEvent(ctx, release, host));
  }
  return { name: `${p.reference} ${p.title}`, events };
}

/** What a deadlines calendar covers: the register, a committee by its code, a change by a reference it has or had. */
export type DeadlineScope = { kind: 'all' } | { kind: 'committee'; code: string } | { kind: 'change'; ref: string };

function deadlineEvent(ctx: ServiceContext, d: PublicDeadline, host: string): CalendarEvent {
  return {
    uid: `deadline-${d.key.replace(/[^A-Za-z0-9._-]+/g, '-')}@${host}`,
    summary: `${d.label}: ${d.title}`,
    description: [d.note, `Due from ${d.from}.`].filter(Boolean).join('\n'),
    url: `${ctx.publicBaseUrl}${d.href}`,
    location: '',
    date: d.dueOn,
    stamp: ctx.clock().toISOString(),
  };
}

/**
 * The public dates every deadline source reports (consultations closing, appeal windows ending,
 * releases), a year back and everything ahead: of the whole register, of the changes a committee
 * deals with, or of one change. Whole-day events, earliest first.
 */
export async function deadlinesCalendar(
  ctx: ServiceContext, sources: readonly DeadlineSource[], scope: DeadlineScope,
): Promise<Calendar> {
  const host = new URL(ctx.publicBaseUrl).hostname || 'secretariat';
  let name = `${ctx.profile.name}: deadlines`;
  let concerns: (d: PublicDeadline) => boolean = () => true;
  if (scope.kind === 'committee') {
    const committee = committeeNamed(ctx, scope.code);
    const changes = await repo.changesOfCommittee(executor(ctx), committee.code);
    name = `${committee.name}: deadlines`;
    concerns = (d) => d.proposalIds.some((id) => changes.has(id));
  } else if (scope.kind === 'change') {
    const p = await findProposal(ctx, executor(ctx), scope.ref);
    name = `${p.reference} ${p.title}: deadlines`;
    concerns = (d) => d.proposalIds.includes(p.id);
  }
  const today = londonDate(ctx.clock());
  const range = { today, from: daysBefore(today, CALENDAR_PAST_DAYS) };
  const found = (await Promise.all(sources.map((s) => s.publicDates?.(ctx, range) ?? Promise.resolve([])))).flat();
  const events = found.filter(concerns)
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.key.localeCompare(b.key))
    .map((d) => deadlineEvent(ctx, d, host));
  return { name, events };
}
