// Use cases of releases, one transaction each. Scheduling and implementing are lifecycle steps of
// each change, so they go through the register's actOnProposal (the profile's schedule and
// implement actions); the register in turn asks this module, through the target-release reference
// (target-release.ts), to find the release a user named and to record the release's side of a move.
import type { Actor } from '../accounts/accounts.js';
import { executor, inTransaction, newId, record, type ServiceContext } from '../context.js';
import type { Executor } from '../database.js';
import { actOnProposal } from '../proposals/service.js';
import type { ReferenceChange, Referenced } from '../references.js';
import { lockRows, serialise } from '../../platform/db/database.js';
import { DomainError, notFound, validationError } from '../../platform/errors.js';
import { Checker, type Loose } from '../../platform/validation.js';
import { formatDate, londonDate } from '../../process/dates.js';
import {
  isReleaseKey, nameKey, releaseByKey, releaseByName, releasesBetween, releasesOfYear, type CalendarRelease,
} from '../../process/releases.js';
import * as repo from './repository.js';
import {
  CHANGE_LABELS, fromCalendar, implementRefusal, implementedLabel, plannedLabel, standingOf,
  type Release, type ReleaseChange, type ReleaseKind, type ReleaseSummary,
} from './releases.js';

export interface ReleaseDetail {
  release: Release;
  changes: ReleaseChange[];
}

const today = (ctx: ServiceContext) => londonDate(ctx.clock());
const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** The lock that makes the commands on one release (planning, scheduling into it, implementing) wait for each other. */
const releaseLock = (name: string) => `release:${nameKey(name)}`;

/** A planned release by id, or a release of the calendar by its month (planned or not); null when neither. */
async function loadRelease(ctx: ServiceContext, ex: Executor, id: string): Promise<Release | null> {
  const stored = await repo.findRelease(ex, id);
  if (stored) return stored;
  const calendar = releaseByKey(ctx.profile.releases, id);
  return calendar ? fromCalendar(calendar) : null;
}

async function requireRelease(ctx: ServiceContext, ex: Executor, id: string): Promise<Release> {
  const release = await loadRelease(ctx, ex, id);
  if (!release) throw notFound(`Release ${id}`);
  return release;
}

/** The release a name or id names: planned by id or name, or the calendar's by month or name. */
async function findNamed(ctx: ServiceContext, ex: Executor, given: string): Promise<Release | null> {
  const text = given.trim();
  const byId = await loadRelease(ctx, ex, text);
  if (byId) return byId;
  const byName = await repo.findReleaseByNameKey(ex, nameKey(text));
  if (byName) return byName;
  const calendar = releaseByName(ctx.profile.releases, text);
  return calendar ? (await repo.findRelease(ex, calendar.key)) ?? fromCalendar(calendar) : null;
}

async function recordPlanned(ctx: ServiceContext, actor: Actor, release: Release, businessDate: string): Promise<void> {
  await record(ctx, {
    type: 'release.planned', subject: { id: release.id, ref: release.name }, label: plannedLabel(release), actor, businessDate,
    payload: { releaseId: release.id, release: release.name, date: release.date, kind: release.kind },
  });
}

/** Stores a release in the command's transaction; a race for the same name or month loses here. */
async function store(ctx: ServiceContext, id: string, name: string, date: string, kind: ReleaseKind): Promise<Release> {
  const at = ctx.clock().toISOString();
  await repo.insertRelease(executor(ctx), { id, name, name_key: nameKey(name), date, kind, implemented_on: null, version: 1, created_at: at, updated_at: at });
  return { id, name, date, kind, planned: true, implementedOn: null, version: 1 };
}

export async function listReleases(ctx: ServiceContext, query: { year?: Loose }): Promise<ReleaseSummary[]> {
  const c = new Checker();
  const year = c.integer('year', query.year, 1900, 2999);
  c.done();
  const ex = executor(ctx);
  const now = today(ctx);
  const stored = await repo.listReleases(ex, { year });
  // Without a year: everything not yet implemented, and the calendar from today to the end of next year.
  const calendar: CalendarRelease[] = year !== undefined
    ? releasesOfYear(ctx.profile.releases, year)
    : releasesBetween(ctx.profile.releases, now, `${Number(now.slice(0, 4)) + 1}-12-31`);
  const planned = new Set(stored.map((r) => r.id));
  const all = [...stored, ...calendar.filter((r) => !planned.has(r.key)).map(fromCalendar)]
    .sort((a, b) => a.date.localeCompare(b.date) || a.name.localeCompare(b.name));
  const counts = await repo.changeCounts(ex, stored.map((r) => r.id));
  return all.map((r) => ({ ...r, changeCount: counts.get(r.id) ?? 0 }));
}

export async function getRelease(ctx: ServiceContext, id: string): Promise<ReleaseDetail> {
  const ex = executor(ctx);
  const release = await requireRelease(ctx, ex, id);
  const changes = release.planned ? await repo.changesOf(ex, release.id) : [];
  return { release, changes: changes.map((c) => ({ ...c, standing: standingOf(ctx.profile, c.state) })) };
}

export interface PlanInput {
  name?: Loose;
  date?: Loose;
}

/**
 * Plans a release for a day still to come: an ad hoc one with a name and a date, or (without a
 * name, or with its own name) the calendar's release of that day, ahead of its first use.
 */
export async function planRelease(ctx: ServiceContext, actor: Actor, raw: PlanInput): Promise<Release> {
  const c = new Checker();
  const name = c.text('name', raw.name, { max: 100 }) ?? '';
  const date = c.date('date', raw.date);
  if (raw.date === undefined || raw.date === null || raw.date === '') c.fail('date', 'is required.');
  c.done();
  const settings = ctx.profile.releases;
  const now = today(ctx);
  if (date! < now) c.fail('date', `cannot be in the past (today is ${formatDate(now)}).`);
  const calendarOfDay = releasesOfYear(settings, Number(date!.slice(0, 4))).find((r) => r.date === date);
  const calendarOfName = name ? releaseByName(settings, name) : null;
  if (!name && !calendarOfDay) c.fail('name', `is required: ${formatDate(date)} is not a day of the release calendar, so this is an ad hoc release.`);
  if (calendarOfName && calendarOfName.date !== date) c.fail('name', `is the name of the scheduled release of ${formatDate(calendarOfName.date)}.`);
  if (isReleaseKey(name)) c.fail('name', 'cannot look like a month (YYYY-MM): those name the scheduled releases.');
  c.done();
  const calendar = calendarOfName ?? (name ? null : calendarOfDay!);
  return inTransaction(ctx, async (trx, tx) => {
    const key = nameKey(calendar?.name ?? name);
    await serialise(trx, ctx.db.dialect, releaseLock(key));
    const taken = (calendar && await repo.findRelease(trx, calendar.key)) || await repo.findReleaseByNameKey(trx, key);
    if (taken) {
      throw new DomainError('ALREADY_EXISTS', `The ${taken.name} is already planned (${formatDate(taken.date)}).`,
        { fields: [{ field: calendar && !name ? 'date' : 'name', message: 'is already planned.' }] });
    }
    const release = calendar
      ? await store(tx, calendar.key, calendar.name, calendar.date, 'scheduled')
      : await store(tx, newId(), name.replace(/\s+/g, ' '), date!, 'ad-hoc');
    await recordPlanned(tx, actor, release, now);
    return release;
  });
}

export interface ScheduleInput {
  ref?: Loose;
  businessDate?: Loose;
  note?: Loose;
}

/** Schedules an approved change into the release: the profile's schedule action, with this release as its target. */
export async function scheduleChange(ctx: ServiceContext, actor: Actor, id: string, raw: ScheduleInput): Promise<ReleaseDetail> {
  const c = new Checker();
  const ref = c.text('ref', raw.ref, { required: true, max: 40 });
  const businessDate = c.date('businessDate', raw.businessDate);
  const note = c.text('note', raw.note, { max: 2000 });
  c.done();
  return inTransaction(ctx, async (trx, tx) => {
    const release = await requireRelease(tx, trx, id);
    if (release.implementedOn) {
      throw new DomainError('ACTION_NOT_ALLOWED', `The ${release.name} was implemented on ${formatDate(release.implementedOn)}; nothing more can be scheduled into it.`);
    }
    await actOnProposal(tx, actor, ref!, {
      action: ctx.profile.releases.scheduleAction, inputs: { targetRelease: release.name }, businessDate, note,
    }).catch((error: unknown) => {
      // The request names the release in its address, not in a field: a refusal of the release is the release's.
      const onRelease = error instanceof DomainError && error.details.fields?.find((f) => f.field === 'targetRelease');
      if (onRelease) throw new DomainError('ACTION_NOT_ALLOWED', `${capitalised(onRelease.message)}`);
      throw error;
    });
    return getRelease(tx, release.id);
  });
}

export interface ImplementInput {
  date?: Loose;
  note?: Loose;
}

/**
 * Implements the release: every change scheduled into it moves to the profile's implemented state
 * with the day as its implementation date, each with its own event, then the release's; one
 * transaction, so a failure on any change leaves every change, and the release, as they were. It is
 * refused while the release's date is still to come. The day is the release's date, or the day it
 * went live when that was later (not in the future).
 */
export async function implementRelease(ctx: ServiceContext, actor: Actor, id: string, raw: ImplementInput): Promise<ReleaseDetail> {
  const c = new Checker();
  const given = c.date('date', raw.date);
  const note = c.text('note', raw.note, { max: 2000 });
  c.done();
  return inTransaction(ctx, async (trx, tx) => {
    const found = await requireRelease(tx, trx, id);
    // Scheduling into this release waits until it is implemented (or refused), and then sees it so.
    await serialise(trx, ctx.db.dialect, releaseLock(found.name));
    const release = await requireRelease(tx, trx, id);
    const now = today(ctx);
    const refusal = implementRefusal(release, now);
    if (refusal) throw new DomainError('ACTION_NOT_ALLOWED', refusal);
    const on = given ?? release.date;
    if (on > now) throw validationError([{ field: 'date', message: `cannot be in the future (today is ${formatDate(now)}).` }]);
    if (on < release.date) throw validationError([{ field: 'date', message: `cannot be before the release's date (${formatDate(release.date)}).` }]);
    const scheduled = release.planned ? (await getRelease(tx, release.id)).changes.filter((ch) => ch.standing === 'scheduled') : [];
    await lockRows(trx, ctx.db.dialect, 'proposals', scheduled.map((ch) => ch.id));
    for (const change of scheduled) {
      await actOnProposal(tx, actor, change.reference, { action: ctx.profile.releases.implementAction, businessDate: on, note })
        .catch((error: unknown) => {
          // A change's step dated after the day asked for: the day is the field at fault.
          const onDate = error instanceof DomainError && error.details.fields?.find((f) => f.field === 'businessDate');
          if (onDate) throw validationError([{ field: 'date', message: `${onDate.message.replace(/\.$/, '')} for ${change.reference}.` }]);
          throw error;
        });
    }
    const stored = release.planned ? release : await store(tx, release.id, release.name, release.date, release.kind);
    if (!release.planned) await recordPlanned(tx, actor, stored, on);
    if (!await repo.markImplemented(trx, stored.id, stored.version, on, ctx.clock().toISOString())) {
      throw new DomainError('VERSION_CONFLICT', `The ${release.name} was changed by someone else at the same moment; nothing was saved.`);
    }
    const references = scheduled.map((ch) => ch.reference);
    await record(tx, {
      type: 'release.implemented', subject: { id: stored.id, ref: stored.name }, label: implementedLabel(stored), actor, businessDate: on,
      payload: { releaseId: stored.id, release: stored.name, date: stored.date, implementedOn: on, changes: references },
    });
    return getRelease(tx, stored.id);
  });
}

/**
 * The release a user named as a change's target, for the register (see target-release.ts): one not
 * yet implemented. A release of the calendar used for the first time is planned now, unless its day
 * was before the step's.
 */
export async function releaseForTarget(ctx: ServiceContext, given: string, businessDate: string): Promise<Referenced> {
  const ex = executor(ctx);
  const found = await findNamed(ctx, ex, given);
  if (!found) {
    const next = releasesBetween(ctx.profile.releases, businessDate, `${Number(businessDate.slice(0, 4)) + 1}-12-31`)[0];
    throw validationError([{ field: 'targetRelease', message: `no release is called "${given.trim()}": name a release of the calendar${next ? ` (such as the ${next.name})` : ''} or plan an ad hoc release first.` }]);
  }
  // One at a time per release, so none is added to a release being implemented, or planned twice.
  await serialise(ex, ctx.db.dialect, releaseLock(found.name));
  const release = (await repo.findRelease(ex, found.id)) ?? found;
  if (release.implementedOn) {
    throw validationError([{ field: 'targetRelease', message: `the ${release.name} was implemented on ${formatDate(release.implementedOn)}; choose a release still to come.` }]);
  }
  if (release.planned) return { id: release.id, name: release.name };
  if (release.date < businessDate) {
    throw validationError([{ field: 'targetRelease', message: `the ${release.name} was due on ${formatDate(release.date)}, before this step (${formatDate(businessDate)}).` }]);
  }
  const stored = await store(ctx, release.id, release.name, release.date, 'scheduled');
  return { id: stored.id, name: stored.name, created: true };
}

/**
 * The release's side of a change's move, after the change's own event and in its transaction: a
 * release of the calendar planned by this step, the change leaving one release and joining another.
 */
export async function recordTargetMoved(ctx: ServiceContext, move: ReferenceChange): Promise<void> {
  const ex = executor(ctx);
  const { actor, change, businessDate } = move;
  const to = move.to && await repo.findRelease(ex, move.to.id);
  const from = move.from && await repo.findRelease(ex, move.from.id);
  if (to && move.to?.created) await recordPlanned(ctx, actor, to, businessDate);
  const note = (type: keyof typeof CHANGE_LABELS, release: Release, other: string | null) => record(ctx, {
    type, subject: { id: release.id, ref: release.name }, proposalId: change.id, label: CHANGE_LABELS[type](change.reference, release.name),
    actor, businessDate,
    payload: { releaseId: release.id, release: release.name, date: release.date, reference: change.reference, proposalId: change.id, other },
  });
  if (from) await note('release.change-removed', from, to?.name ?? null);
  if (to) await note(move.action ? 'release.change-scheduled' : 'release.change-targeted', to, from?.name ?? null);
}
