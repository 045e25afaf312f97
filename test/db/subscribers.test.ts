// Subscribers of the event stream on a real database of each engine: they see only committed
// events, in order; one that throws is retried with backoff while the write stands and other
// subjects go on; it gives up after the last attempt; two instances hand each event to each
// subscriber once; a new subscriber may start at the end of the stream.
import { beforeAll, expect, it } from 'vitest';
import { openContext } from '../../src/app.js';
import { SYSTEM_ACCOUNT } from '../../src/modules/accounts/accounts.js';
import { inTransaction, type ServiceContext } from '../../src/modules/context.js';
import { getProposal, raiseProposal, editProposal } from '../../src/modules/proposals/service.js';
import { DISPATCH_POLICY, dispatchOnce, subscriberStatus, retryNow, type Subscriber } from '../../src/platform/events/dispatch.js';
import type { StoredEvent } from '../../src/platform/events/stream.js';
import { describeEachDatabase } from '../support/databases.js';

type Seen = { subscriber: string; position: number; type: string; subject: string };

describeEachDatabase('subscribers of the event stream', ({ ctx, target }) => {
  let now = Date.parse('2021-03-01T09:00:00Z');
  const seen: Seen[] = [];
  /** Subjects (references) whose events the flaky subscriber refuses while this holds them. */
  const refusing = new Set<string>();

  const recorder = (name: string, options: Partial<Subscriber<ServiceContext>> = {}): Subscriber<ServiceContext> => ({
    name, description: `records what it sees (${name})`, types: ['proposal.raised', 'proposal.edited'], ...options,
    async handle(event: StoredEvent) {
      if (name === 'flaky' && refusing.has(event.subject.ref)) throw new Error(`cannot handle ${event.subject.ref} now`);
      seen.push({ subscriber: name, position: event.position, type: event.type, subject: event.subject.ref });
    },
  });
  const steady = recorder('steady');
  const flaky = recorder('flaky');
  const dispatch = (subscribers: Subscriber<ServiceContext>[], on: ServiceContext = ctx(), worker?: string) =>
    dispatchOnce({ db: on.db, clock: on.clock, subscribers, context: on }, { worker });
  const raise = (title: string) => raiseProposal(ctx(), SYSTEM_ACCOUNT, { title, raisedOn: '2021-02-01' });
  const edit = async (ref: string, title: string) => editProposal(ctx(), SYSTEM_ACCOUNT, ref, (await getProposal(ctx(), ref)).version, { title });
  const of = (name: string) => seen.filter((s) => s.subscriber === name);

  beforeAll(() => {
    ctx().clock = () => new Date(now);
  });

  it('hands each subscriber the committed events in order, and never one whose transaction rolled back', async () => {
    await raise('First change');
    await raise('Second change');
    await expect(inTransaction(ctx(), async (_trx, tx) => {
      await raiseProposal(tx, SYSTEM_ACCOUNT, { title: 'Rolled back', raisedOn: '2021-02-01' });
      throw new Error('the command failed after writing');
    })).rejects.toThrow('the command failed');
    await dispatch([steady, flaky]);
    for (const name of ['steady', 'flaky']) {
      expect(of(name).map((s) => s.subject)).toEqual(['DP001', 'DP002']);
      const positions = of(name).map((s) => s.position);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    }
    // Nothing new: a second turn hands nothing again.
    expect(await dispatch([steady, flaky])).toEqual({ handled: 0, parked: 0, failed: 0 });
  });

  it('retries a failing subscriber with backoff while the write stands; its other subjects go on, this one keeps its order', async () => {
    refusing.add('DP001');
    await edit('DP001', 'First change, retitled');
    await edit('DP002', 'Second change, retitled');
    await edit('DP001', 'First change, retitled again');
    const turn = await dispatch([steady, flaky]);
    expect(turn).toMatchObject({ parked: 2 });
    // The writes stood, whatever the subscriber did.
    expect((await getProposal(ctx(), 'DP001')).title).toBe('First change, retitled again');
    expect(of('steady').slice(-3).map((s) => s.subject)).toEqual(['DP001', 'DP002', 'DP001']);
    // The flaky one went on with DP002 and holds DP001's two events back, in order.
    expect(of('flaky').slice(-1).map((s) => s.subject)).toEqual(['DP002']);
    const status = (await subscriberStatus(ctx().db, [flaky as Subscriber<unknown>]))[0];
    expect(status.behind).toBe(0);
    expect(status.retries.map((r) => [r.subjectRef, r.status, r.attempts])).toEqual([['DP001', 'waiting', 1], ['DP001', 'waiting', 0]]);
    expect(status.retries[0].lastError).toContain('cannot handle DP001');

    // Not due yet: nothing happens. Due, but still failing: the wait doubles.
    expect(await dispatch([flaky])).toEqual({ handled: 0, parked: 0, failed: 0 });
    now += DISPATCH_POLICY.firstRetrySeconds * 1000;
    await dispatch([flaky]);
    const second = (await subscriberStatus(ctx().db, [flaky as Subscriber<unknown>]))[0].retries[0];
    expect(second.attempts).toBe(2);
    expect(Date.parse(second.runAfter) - now).toBe(DISPATCH_POLICY.firstRetrySeconds * 1000 * 2);

    // It recovers: the first DP001 event, then the one that waited behind it, in their order.
    refusing.delete('DP001');
    now += DISPATCH_POLICY.firstRetrySeconds * 1000 * 2;
    await dispatch([flaky]);
    expect(of('flaky').slice(-2).map((s) => [s.subject, s.type])).toEqual([['DP001', 'proposal.edited'], ['DP001', 'proposal.edited']]);
    const positions = of('flaky').slice(-2).map((s) => s.position);
    expect(positions[0]).toBeLessThan(positions[1]);
    expect((await subscriberStatus(ctx().db, [flaky as Subscriber<unknown>]))[0].retries).toEqual([]);
  });

  it('gives up after the last attempt and shows the failure; an administrator can send it again', async () => {
    refusing.add('DP002');
    await edit('DP002', 'Second change, never handled');
    await dispatch([flaky]);
    for (let attempt = 2; attempt <= DISPATCH_POLICY.maxAttempts; attempt += 1) {
      now += DISPATCH_POLICY.firstRetrySeconds * 1000 * 2 ** (attempt - 2);
      await dispatch([flaky]);
    }
    const [failed] = (await subscriberStatus(ctx().db, [flaky as Subscriber<unknown>]))[0].retries;
    expect(failed).toMatchObject({ status: 'failed', attempts: DISPATCH_POLICY.maxAttempts, subjectRef: 'DP002' });
    // A failed event no longer holds its subject back.
    await edit('DP002', 'Second change, later edit');
    refusing.delete('DP002');
    await dispatch([flaky]);
    expect(of('flaky').at(-1)).toMatchObject({ subject: 'DP002', position: expect.any(Number) });
    expect(await retryNow(ctx().db, 'flaky', failed.position, ctx().clock())).toBe(true);
    await dispatch([flaky]);
    expect(of('flaky').at(-1)!.position).toBe(failed.position);
    expect((await subscriberStatus(ctx().db, [flaky as Subscriber<unknown>]))[0].retries).toEqual([]);
  });

  it('hands each event to each subscriber once when two instances dispatch at the same time', async () => {
    const other = await openContext(target(), { migrate: false, clock: () => new Date(now) });
    try {
      const a = recorder('pair-a');
      const b = recorder('pair-b');
      for (let i = 0; i < 30; i += 1) await raise(`Busy change ${i}`);
      const expected = (await ctx().db.kysely.selectFrom('events').select('position')
        .where('type', 'in', ['proposal.raised', 'proposal.edited']).orderBy('position').execute()).map((r) => Number(r.position));
      await Promise.all([
        dispatch([a, b], ctx(), 'instance-1'), dispatch([b, a], other, 'instance-2'),
        dispatch([a, b], ctx(), 'instance-1'), dispatch([b, a], other, 'instance-2'),
      ]);
      // Whichever instance held a subscriber's lease did its work; the other skipped it.
      await dispatch([a, b], other, 'instance-2');
      for (const name of ['pair-a', 'pair-b']) expect(of(name).map((s) => s.position), name).toEqual(expected);
    } finally {
      await other.db.close();
    }
  });

  it('starts a subscriber added later at the end of the stream when it asks to', async () => {
    const late = recorder('late', { from: 'now' });
    await dispatch([late]);
    expect(of('late')).toEqual([]);
    await raise('After the late one arrived');
    await dispatch([late]);
    expect(of('late').map((s) => s.subject)).toEqual([(await getProposal(ctx(), 'DP033')).reference]);
  });
});
