// Releases on a real database, once on SQLite and once on PostgreSQL: the calendar's releases and ad
// hoc ones, approved changes scheduled into them through the lifecycle, and implementing a release
// with all its changes in one transaction. The clock is fixed, so the dates read the same any day.
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase, type DialectName } from '../support/databases.js';
import { SYSTEM_ACCOUNT } from '../../src/modules/accounts/accounts.js';
import type { ServiceContext } from '../../src/modules/context.js';
import * as proposals from '../../src/modules/proposals/service.js';
import * as releases from '../../src/modules/releases/service.js';
import { DomainError } from '../../src/platform/errors.js';
import { readStream } from '../../src/platform/events/stream.js';

const actor = SYSTEM_ACCOUNT;
const BODY = '## What is the issue?\n\nSomething is wrong.\n';
let now = '2027-01-11T10:00:00Z';
/** An approved change that a later test schedules. */
let third = '';

async function refusal(promise: Promise<unknown>, code: string): Promise<DomainError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error, 'expected a refusal').toBeInstanceOf(DomainError);
  expect((error as DomainError).code, (error as Error).message).toBe(code);
  return error as DomainError;
}

/** Raises a change and takes it to Approved (self-governance, Fast-Track): its reference. */
async function approvedChange(ctx: ServiceContext, title: string): Promise<string> {
  const p = await proposals.raiseProposal(ctx, actor, { title, raisedOn: '2026-12-01', problemStatement: BODY });
  await proposals.actOnProposal(ctx, actor, p.reference, { action: 'agree-problem-statement', businessDate: '2026-12-08' });
  const mp = await proposals.actOnProposal(ctx, actor, p.reference, { action: 'convert', businessDate: '2026-12-11', inputs: { path: '3', route: 'fast-track' } });
  await proposals.actOnProposal(ctx, actor, mp.reference, { action: 'change-board-approve', businessDate: '2026-12-16' });
  return mp.reference;
}

async function releaseEvents(ctx: ServiceContext, releaseId: string) {
  return readStream(ctx.db.kysely, 'everything', { subject: { type: 'release', id: releaseId }, limit: 100 });
}

async function streamLength(ctx: ServiceContext): Promise<number> {
  return (await readStream(ctx.db.kysely, 'everything', { limit: 100_000 })).length;
}

/** Makes one change's row refuse every update: a real database fault in the middle of implementing a release. */
async function breakUpdatesOf(ctx: ServiceContext, dialect: DialectName, reference: string): Promise<() => Promise<void>> {
  const db = ctx.db.kysely;
  if (dialect === 'sqlite') {
    await sql.raw(`CREATE TRIGGER test_break_change BEFORE UPDATE ON proposals WHEN OLD.reference = '${reference}' BEGIN SELECT RAISE(ABORT, 'injected fault'); END`).execute(db);
    return async () => { await sql.raw('DROP TRIGGER test_break_change').execute(db); };
  }
  await sql.raw(`CREATE FUNCTION test_break_change() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected fault'; END; $$ LANGUAGE plpgsql`).execute(db);
  await sql.raw(`CREATE TRIGGER test_break_change BEFORE UPDATE ON proposals FOR EACH ROW WHEN (OLD.reference = '${reference}') EXECUTE FUNCTION test_break_change()`).execute(db);
  return async () => {
    await sql.raw('DROP TRIGGER test_break_change ON proposals').execute(db);
    await sql.raw('DROP FUNCTION test_break_change()').execute(db);
  };
}

describeEachDatabase('releases on a real database', ({ ctx, dialect }) => {
  it('lists the calendar\'s releases of any year, and the coming ones to the end of next year', async () => {
    now = '2027-01-11T10:00:00Z';
    expect((await releases.listReleases(ctx(), { year: 2031 })).map((r) => [r.id, r.name, r.date, r.planned])).toEqual([
      ['2031-02', 'February 2031 SEC Release', '2031-02-27', false],
      ['2031-06', 'June 2031 SEC Release', '2031-06-26', false],
      ['2031-11', 'November 2031 SEC Release', '2031-11-06', false],
    ]);
    expect((await releases.listReleases(ctx(), {})).map((r) => r.id)).toEqual(['2027-02', '2027-06', '2027-11', '2028-02', '2028-06', '2028-11']);
    await refusal(releases.listReleases(ctx(), { year: 'soon' }), 'VALIDATION_FAILED');
    expect((await releases.getRelease(ctx(), '2027-02')).release).toMatchObject({ name: 'February 2027 SEC Release', planned: false, kind: 'scheduled' });
    await refusal(releases.getRelease(ctx(), '2027-03'), 'NOT_FOUND');
    await refusal(releases.getRelease(ctx(), 'no-such-release'), 'NOT_FOUND');
  });

  it('plans an ad hoc release with its event, and refuses a past date, a taken name or a calendar name on another day', async () => {
    const adHoc = await releases.planRelease(ctx(), actor, { name: 'Emergency  Release 1', date: '2027-03-04' });
    expect(adHoc).toMatchObject({ name: 'Emergency Release 1', date: '2027-03-04', kind: 'ad-hoc', planned: true, implementedOn: null });
    expect((await releaseEvents(ctx(), adHoc.id)).map((e) => [e.type, e.label, e.businessDate])).toEqual([
      ['release.planned', 'Emergency Release 1 planned for 4 March 2027', '2027-01-11'],
    ]);
    const before = await streamLength(ctx());
    const past = await refusal(releases.planRelease(ctx(), actor, { name: 'Too late', date: '2027-01-10' }), 'VALIDATION_FAILED');
    expect(past.details.fields).toEqual([{ field: 'date', message: 'cannot be in the past (today is 11 January 2027).' }]);
    const taken = await refusal(releases.planRelease(ctx(), actor, { name: 'emergency release 1', date: '2027-04-01' }), 'ALREADY_EXISTS');
    expect(taken.details.fields).toEqual([{ field: 'name', message: 'is already planned.' }]);
    const calendarName = await refusal(releases.planRelease(ctx(), actor, { name: 'June 2027 SEC Release', date: '2027-06-10' }), 'VALIDATION_FAILED');
    expect(calendarName.details.fields).toEqual([{ field: 'name', message: 'is the name of the scheduled release of 24 June 2027.' }]);
    const offCalendar = await refusal(releases.planRelease(ctx(), actor, { date: '2027-06-10' }), 'VALIDATION_FAILED');
    expect(offCalendar.details.fields?.map((f) => f.field)).toEqual(['name']);
    await refusal(releases.planRelease(ctx(), actor, { name: 'No date' }), 'VALIDATION_FAILED');
    expect(await streamLength(ctx())).toBe(before);
  });

  it('schedules approved changes into a release of the calendar, planning it on first use, with the release\'s events beside the change\'s', async () => {
    const [a, b] = [await approvedChange(ctx(), 'First change'), await approvedChange(ctx(), 'Second change')];
    expect([a, b]).toEqual(['MP001', 'MP002']);
    const detail = await releases.scheduleChange(ctx(), actor, '2027-02', { ref: a });
    expect(detail.release).toMatchObject({ id: '2027-02', planned: true, kind: 'scheduled', date: '2027-02-25' });
    expect(detail.changes).toMatchObject([{ reference: a, state: 'pending-implementation', standing: 'scheduled' }]);
    await releases.scheduleChange(ctx(), actor, '2027-02', { ref: b.replace('MP', 'DP'), businessDate: '2027-01-08', note: 'Agreed with the DCC.' });

    const change = await proposals.getProposal(ctx(), a);
    expect(change).toMatchObject({ state: 'pending-implementation', targetRelease: { id: '2027-02', name: 'February 2027 SEC Release' } });
    const timeline = await proposals.listEventsOf(ctx(), a);
    expect(timeline.at(-1)).toMatchObject({ type: 'proposal.action-taken', action: 'schedule-release', businessDate: '2027-01-11',
      payload: { inputs: { targetRelease: 'February 2027 SEC Release' }, changes: { state: ['approved', 'pending-implementation'], targetRelease: [null, 'February 2027 SEC Release'] } } });
    expect(timeline.some((e) => e.type.startsWith('release.'))).toBe(false);
    expect((await releaseEvents(ctx(), '2027-02')).map((e) => [e.type, e.label, e.businessDate])).toEqual([
      ['release.planned', 'February 2027 SEC Release planned for 25 February 2027', '2027-01-11'],
      ['release.change-scheduled', 'MP001 scheduled into the February 2027 SEC Release', '2027-01-11'],
      ['release.change-scheduled', 'MP002 scheduled into the February 2027 SEC Release', '2027-01-08'],
    ]);
    const summary = (await releases.listReleases(ctx(), { year: 2027 })).find((r) => r.id === '2027-02');
    expect(summary).toMatchObject({ planned: true, changeCount: 2 });
  });

  it('refuses to schedule a change the workflow does not allow, with its message, or into an unknown release, writing nothing', async () => {
    const early = await proposals.raiseProposal(ctx(), actor, { title: 'Still a Draft Proposal', raisedOn: '2027-01-04' });
    const before = await streamLength(ctx());
    const wrongState = await refusal(releases.scheduleChange(ctx(), actor, '2027-06', { ref: early.reference }), 'ACTION_NOT_ALLOWED');
    expect(wrongState.message).toBe('"Schedule for a SEC Release" is not possible in the state "Development Stage".');
    expect(wrongState.details.allowed).toContain('present-to-csc-initial');
    const again = await refusal(releases.scheduleChange(ctx(), actor, '2027-06', { ref: 'MP001' }), 'ACTION_NOT_ALLOWED');
    expect(again.message).toContain('"Pending implementation"');
    await refusal(releases.scheduleChange(ctx(), actor, 'no-such-release', { ref: 'MP001' }), 'NOT_FOUND');
    await refusal(releases.scheduleChange(ctx(), actor, '2027-06', { ref: 'MP999' }), 'NOT_FOUND');
    await refusal(releases.scheduleChange(ctx(), actor, '2027-06', {}), 'VALIDATION_FAILED');
    expect((await releases.getRelease(ctx(), '2027-06')).release.planned).toBe(false);
    expect(await streamLength(ctx())).toBe(before);
  });

  it('refuses a release of the calendar whose day is before the step, and a name that is no release', async () => {
    const c = third = await approvedChange(ctx(), 'Third change');
    const late = await refusal(releases.scheduleChange(ctx(), actor, '2026-11', { ref: c }), 'ACTION_NOT_ALLOWED');
    expect(late.message).toBe('The November 2026 SEC Release was due on 5 November 2026, before this step (11 January 2027).');
    const lateField = await refusal(proposals.actOnProposal(ctx(), actor, c, { action: 'schedule-release', inputs: { targetRelease: '2026-11' } }), 'VALIDATION_FAILED');
    expect(lateField.details.fields?.map((f) => f.field)).toEqual(['targetRelease']);
    const unknown = await refusal(proposals.actOnProposal(ctx(), actor, c, { action: 'schedule-release', inputs: { targetRelease: 'Next spring' } }), 'VALIDATION_FAILED');
    expect(unknown.details.fields?.[0].message).toBe('no release is called "Next spring": name a release of the calendar (such as the February 2027 SEC Release) or plan an ad hoc release first.');
    expect((await proposals.getProposal(ctx(), c)).state).toBe('approved');
  });

  it('refuses to implement a release before its day; on its day every scheduled change is Implemented with its date and event', async () => {
    const aiming = await proposals.raiseProposal(ctx(), actor, { title: 'Aims at February', raisedOn: '2027-01-04' });
    await proposals.editProposal(ctx(), actor, aiming.reference, aiming.version, { targetRelease: 'february 2027 sec release' });
    now = '2027-02-24T17:00:00Z';
    const early = await refusal(releases.implementRelease(ctx(), actor, '2027-02', {}), 'ACTION_NOT_ALLOWED');
    expect(early.message).toBe('The February 2027 SEC Release is planned for 25 February 2027; it can be implemented from that day.');

    now = '2027-02-26T09:00:00Z';
    await refusal(releases.implementRelease(ctx(), actor, '2027-02', { date: '2027-02-27' }), 'VALIDATION_FAILED');
    await refusal(releases.implementRelease(ctx(), actor, '2027-02', { date: '2027-02-24' }), 'VALIDATION_FAILED');
    const done = await releases.implementRelease(ctx(), actor, '2027-02', {});
    expect(done.release.implementedOn).toBe('2027-02-25');
    expect(done.changes.map((c) => [c.reference, c.state, c.standing, c.implementationDate])).toEqual([
      ['MP001', 'implemented', 'delivered', '2027-02-25'],
      ['MP002', 'implemented', 'delivered', '2027-02-25'],
      [aiming.reference, 'development', 'targeted', null],
    ]);
    for (const ref of ['MP001', 'MP002']) {
      expect((await proposals.listEventsOf(ctx(), ref)).at(-1)).toMatchObject({
        type: 'proposal.action-taken', action: 'implement', businessDate: '2027-02-25',
        payload: { changes: { state: ['pending-implementation', 'implemented'], implementationDate: [null, '2027-02-25'] } },
      });
    }
    expect((await releaseEvents(ctx(), '2027-02')).at(-1)).toMatchObject({ type: 'release.implemented', businessDate: '2027-02-25',
      payload: { releaseId: '2027-02', implementedOn: '2027-02-25', changes: ['MP001', 'MP002'] } });

    await refusal(releases.implementRelease(ctx(), actor, '2027-02', {}), 'ACTION_NOT_ALLOWED');
    const closed = await refusal(releases.scheduleChange(ctx(), actor, '2027-02', { ref: third }), 'ACTION_NOT_ALLOWED');
    expect(closed.message).toBe('The February 2027 SEC Release was implemented on 25 February 2027; nothing more can be scheduled into it.');
    await refusal(proposals.actOnProposal(ctx(), actor, third, { action: 'schedule-release', inputs: { targetRelease: '2027-02' } }), 'VALIDATION_FAILED');
  });

  it('implements in one transaction: a fault on the second change leaves both changes and the release as they were', async () => {
    now = '2027-03-01T09:00:00Z';
    const release = (await releases.listReleases(ctx(), { year: 2027 })).find((r) => r.name === 'Emergency Release 1')!;
    const d = await approvedChange(ctx(), 'Fourth change');
    await releases.scheduleChange(ctx(), actor, release.id, { ref: third });
    await releases.scheduleChange(ctx(), actor, release.id, { ref: d });
    now = '2027-03-04T09:00:00Z';
    const before = await streamLength(ctx());
    const restore = await breakUpdatesOf(ctx(), dialect, d);
    try {
      await expect(releases.implementRelease(ctx(), actor, release.id, {})).rejects.toThrow(/injected fault/);
    } finally {
      await restore();
    }
    expect((await releases.getRelease(ctx(), release.id)).changes.map((c) => [c.reference, c.state, c.implementationDate])).toEqual([
      [third, 'pending-implementation', null], [d, 'pending-implementation', null],
    ]);
    expect((await releases.getRelease(ctx(), release.id)).release.implementedOn).toBeNull();
    expect(await streamLength(ctx())).toBe(before);

    // Implemented twice at once, and a change scheduled into it meanwhile: one implementation wins,
    // and no change is left scheduled into an implemented release.
    const late = await approvedChange(ctx(), 'Fifth change');
    const [first, second, scheduling] = await Promise.allSettled([
      releases.implementRelease(ctx(), actor, release.id, {}),
      releases.implementRelease(ctx(), actor, release.id, {}),
      releases.scheduleChange(ctx(), actor, release.id, { ref: late }),
    ]);
    expect([first, second].filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = [first, second].find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(['ACTION_NOT_ALLOWED', 'VERSION_CONFLICT']).toContain((lost.reason as DomainError).code);
    const done = await releases.getRelease(ctx(), release.id);
    expect(done.release.implementedOn).toBe('2027-03-04');
    const lateState = (await proposals.getProposal(ctx(), late)).state;
    expect(lateState).toBe(scheduling.status === 'fulfilled' ? 'implemented' : 'approved');
    expect(done.changes.filter((c) => c.standing === 'scheduled')).toEqual([]);
    for (const ref of [third, d]) {
      expect((await proposals.listEventsOf(ctx(), ref)).filter((e) => e.action === 'implement')).toHaveLength(1);
    }
  });

  it('records a change\'s move between releases when its target is edited: removed from one, aiming at the other', async () => {
    now = '2027-03-05T09:00:00Z';
    const p = await proposals.raiseProposal(ctx(), actor, { title: 'Moving target', raisedOn: '2027-03-01' });
    const aimed = await proposals.editProposal(ctx(), actor, p.reference, p.version, { targetRelease: 'June 2027 SEC Release' });
    const moved = await proposals.editProposal(ctx(), actor, p.reference, aimed.version, { targetRelease: '2027-11' });
    expect(moved.targetRelease).toEqual({ id: '2027-11', name: 'November 2027 SEC Release' });
    const same = await proposals.editProposal(ctx(), actor, p.reference, moved.version, { targetRelease: ' November 2027 SEC release ', title: 'Moving target, retitled' });
    expect(same.targetRelease?.id).toBe('2027-11');
    expect((await releaseEvents(ctx(), '2027-06')).map((e) => [e.type, e.payload.other])).toEqual([
      ['release.planned', undefined], ['release.change-targeted', null], ['release.change-removed', 'November 2027 SEC Release'],
    ]);
    expect((await releaseEvents(ctx(), '2027-11')).map((e) => [e.type, e.payload.other])).toEqual([
      ['release.planned', undefined], ['release.change-targeted', 'June 2027 SEC Release'],
    ]);
    const cleared = await proposals.editProposal(ctx(), actor, p.reference, same.version, { targetRelease: null });
    expect(cleared.targetRelease).toBeNull();
    expect((await releaseEvents(ctx(), '2027-11')).at(-1)).toMatchObject({ type: 'release.change-removed', payload: { other: null } });
  });
}, { clock: () => new Date(now) });
