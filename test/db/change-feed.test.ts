// The event stream and the change feed on a real database of each engine: every write of the demo
// and of the flows appends a typed event that fits its schema; the feed reads them in one order
// with opaque cursors; each role reads only what it may; bad cursors and limits are refused by name.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/demo/load.js';
import { PUBLIC, SYSTEM_ACCOUNT, type Actor } from '../../src/modules/accounts/accounts.js';
import { addOrganisation, changeOrganisation, changeUser, setUserStatus } from '../../src/modules/accounts/admin-service.js';
import { completePasswordReset, inviteUser } from '../../src/modules/accounts/password-reset.js';
import { addUser, createToken, findAccountByEmail, loadActor, revokeToken } from '../../src/modules/accounts/service.js';
import { readChanges } from '../../src/modules/changes/feed.js';
import { inTransaction, record, type ServiceContext } from '../../src/modules/context.js';
import { addAgendaItem, addMember, createMeeting, endMemberTerm, updateMeeting } from '../../src/modules/committees/service.js';
import { enqueueMail, listOutbox } from '../../src/modules/mail/outbox.js';
import { issuePaper } from '../../src/modules/papers/service.js';
import { actOnProposal, editProposal, getProposal, raiseProposal } from '../../src/modules/proposals/service.js';
import { implementRelease, planRelease, scheduleChange } from '../../src/modules/releases/service.js';
import { createSubmission, raiseSubmission, returnSubmission, saveSubmission, submitSubmission } from '../../src/modules/submissions/service.js';
import { DomainError } from '../../src/platform/errors.js';
import { decodeCursor, encodeCursor } from '../../src/platform/events/cursor.js';
import { InvalidEventError, lastPosition, readStream } from '../../src/platform/events/stream.js';
import { hashToken } from '../../src/modules/accounts/service.js';
import { describeEachDatabase } from '../support/databases.js';
import { setDelivery, unwatch, watch as watchChange } from '../../src/modules/notifications/service.js';
import { addEndpoint, deleteEndpoint, editEndpoint, rotateSecret } from '../../src/modules/webhooks/service.js';

/**
 * Event types whose flows need more than this suite sets up (a change taken to the Change Board with
 * voting members, a consultation's eligible Parties, a webhook receiver): each is written, and checked
 * against its schema, in the suite named.
 */
const WRITTEN_ELSEWHERE: Record<string, string> = {
  'consultation.opened': 'test/api/consultations.test.ts', 'consultation.response-submitted': 'test/api/consultations.test.ts',
  'consultation.response-edited': 'test/api/consultations.test.ts', 'consultation.closed': 'test/api/consultations.test.ts',
  'vote.opened': 'test/api/votes.test.ts', 'vote.ballot-cast': 'test/api/votes.test.ts', 'vote.ballot-changed': 'test/api/votes.test.ts',
  'vote.closed': 'test/api/votes.test.ts', 'authority.decision-recorded': 'test/api/votes.test.ts',
  'appeal.raised': 'test/api/votes.test.ts', 'appeal.decided': 'test/api/votes.test.ts',
  'webhook.delivery-resent': 'test/api/webhooks.test.ts',
};

async function actorOf(ctx: ServiceContext, email: string): Promise<Actor> {
  const account = await findAccountByEmail(ctx.db.kysely, email);
  return (await loadActor(ctx.db.kysely, account!.id))!;
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** Every event the actor may read, page by page, following `next`. */
async function readAll(ctx: ServiceContext, actor: Actor, limit = 37) {
  const all = [];
  let after: string | undefined;
  for (let guard = 0; guard < 1000; guard += 1) {
    const page = await readChanges(ctx, actor, { after, limit });
    all.push(...page.items);
    if (page.items.length < limit) {
      expect(page.next).toBe(page.items.length ? encodeCursor(page.items.at(-1)!.position) : (after ?? encodeCursor(0)));
      return all;
    }
    after = page.next;
  }
  throw new Error('the feed did not end');
}

describeEachDatabase('the event stream and the change feed', ({ ctx }) => {
  let now = Date.parse('2020-04-01T09:00:00Z');
  let analyst: Actor;
  let party: Actor;
  let otherParty: Actor;
  let member: Actor;
  let submissionId: string;
  let draftId: string;

  beforeAll(async () => {
    ctx().clock = () => new Date(now);
    await loadDemo(ctx());
    analyst = await actorOf(ctx(), 'bradley.baker@secas.example');
    party = await actorOf(ctx(), 'andy.knowles@utilita.example');
    member = await actorOf(ctx(), 'hannah.pryce@utilita.example');
    const ovo = await addOrganisation(ctx(), SYSTEM_ACCOUNT, { name: 'OVO', partyCategory: 'small-supplier' });
    await changeOrganisation(ctx(), SYSTEM_ACCOUNT, ovo.id, { name: 'OVO Energy', partyCategory: 'large-supplier' });
    await addUser(ctx(), SYSTEM_ACCOUNT, { email: 'olive@ovo.example', name: 'Olive', role: 'party', organisation: 'OVO Energy', password: 'a password long enough' });
    otherParty = await actorOf(ctx(), 'olive@ovo.example');

    // The flows beyond the demo: a submission round, an unsent draft, account work, mail, a paper.
    const sections = { 'What is the issue?': 'Top-ups fail when the SM WAN is down.' };
    const s = await createSubmission(ctx(), party, { title: 'Top-ups without the SM WAN', summary: 'In brief.', sections }, { submit: true });
    await returnSubmission(ctx(), analyst, s.id, { comments: 'Say who is affected.' });
    await saveSubmission(ctx(), party, s.id, { title: 'Top-ups without the SM WAN', summary: 'In brief, again.', sections }, { submit: true });
    await raiseSubmission(ctx(), analyst, s.id, {});
    submissionId = s.id;
    draftId = (await createSubmission(ctx(), party, { title: 'A draft nobody else may see', summary: '', sections: {} })).id;
    await submitSubmission(ctx(), party, draftId).catch(() => undefined); // refused: not ready; nothing written
    const invited = await inviteUser(ctx(), SYSTEM_ACCOUNT, { email: 'ivy@secas.example', name: 'Ivy', role: 'analyst' });
    const mail = (await listOutbox(ctx().db.kysely, { limit: 10 })).find((m) => m.id === invited.outboxId)!;
    const token = /token=([\w-]+)/.exec((mail.payload as { text: string }).text)![1];
    await completePasswordReset(ctx(), { token, password: 'a brand new password', confirm: 'a brand new password' });
    const ivy = await findAccountByEmail(ctx().db.kysely, 'ivy@secas.example');
    await changeUser(ctx(), SYSTEM_ACCOUNT, ivy!.id, { role: 'admin' });
    await setUserStatus(ctx(), SYSTEM_ACCOUNT, ivy!.id, 'disabled');
    const created = await createToken(ctx(), { name: 'script', accountId: analyst.id, actor: analyst });
    await revokeToken(ctx(), analyst, created.id);
    expect(hashToken(created.token)).not.toContain(created.token);
    const meeting = await createMeeting(ctx(), analyst, { committee: 'OPSG', date: '2020-03-31' });
    await addAgendaItem(ctx(), analyst, meeting.id, { ref: 'DP094', purpose: 'for-information' });
    await updateMeeting(ctx(), analyst, meeting.id, meeting.version, { location: 'Online' });
    await issuePaper(ctx(), analyst, { committee: 'OPSG', date: '2019-11-26' });
    const dp096 = await getProposal(ctx(), 'DP096');
    const edited = await editProposal(ctx(), analyst, 'DP096', dp096.version, { latestUpdate: 'Waiting for the CSC.', businessDate: '2020-03-31' });
    // Releases: a change approved, scheduled into an ad hoc release and implemented; another aims at one, then no longer.
    const p = await raiseProposal(ctx(), analyst, { title: 'Ready for a release', raisedOn: '2020-03-02', problemStatement: '## What is the issue?\n\nIt waits.\n' });
    await actOnProposal(ctx(), analyst, p.reference, { action: 'agree-problem-statement', businessDate: '2020-03-03' });
    const mp = await actOnProposal(ctx(), analyst, p.reference, { action: 'convert', businessDate: '2020-03-04', inputs: { path: '3', route: 'fast-track' } });
    await actOnProposal(ctx(), analyst, mp.reference, { action: 'change-board-approve', businessDate: '2020-03-05' });
    const release = await planRelease(ctx(), analyst, { name: 'April 2020 fix', date: '2020-04-01' });
    await scheduleChange(ctx(), analyst, release.id, { ref: mp.reference });
    await implementRelease(ctx(), analyst, release.id, {});
    const aimed = await editProposal(ctx(), analyst, 'DP096', edited.version, { targetRelease: 'June 2020 SEC Release' });
    await editProposal(ctx(), analyst, 'DP096', aimed.version, { targetRelease: null });
    await enqueueMail(ctx(), SYSTEM_ACCOUNT, 'note', { to: 'someone@example.org', subject: 'Hello', text: 'Hi' });
    // A member's term begun and ended; a watch made, changed and ended; a webhook endpoint's life.
    const seat = await addMember(ctx(), analyst, { committee: 'OPSG', name: 'Sam Seat', organisation: 'OVO Energy', seat: 'large-supplier', termStart: '2020-01-01' });
    await endMemberTerm(ctx(), analyst, 'OPSG', seat.id, { termEnd: '2020-03-31' });
    const { watch: watched } = await watchChange(ctx(), party, { change: 'DP096' });
    await setDelivery(ctx(), party, watched.id, 'digest');
    await unwatch(ctx(), party, watched.id);
    const { endpoint } = await addEndpoint(ctx(), SYSTEM_ACCOUNT, { url: 'https://hooks.example.org/secretariat', description: 'Aggregator', eventTypes: ['proposal.raised'] });
    await editEndpoint(ctx(), SYSTEM_ACCOUNT, endpoint.id, { description: 'The aggregator' });
    await rotateSecret(ctx(), SYSTEM_ACCOUNT, endpoint.id);
    await deleteEndpoint(ctx(), SYSTEM_ACCOUNT, endpoint.id);
    now += 60_000;
  });

  it('appends every kind of write as a typed event that fits its schema, in commit order', async () => {
    const all = await readStream(ctx().db.kysely, 'everything', { limit: 100_000 });
    expect(all.map((e) => e.position)).toEqual(all.map((_, i) => i + 1));
    for (const e of all) expect(await ctx().catalog.check(e.type, e.payload), `${e.position} ${e.type}`).toEqual([]);
    const seen = new Set(all.map((e) => e.type));
    const written = ctx().catalog.types.filter((t) => !ctx().catalog.definition(t)?.retired && !(t in WRITTEN_ELSEWHERE));
    expect(written.filter((t) => !seen.has(t)), [...seen].join()).toEqual([]);
    // Within a subject, seq counts 1, 2, 3 … in the order of positions.
    const bySubject = new Map<string, number[]>();
    for (const e of all) bySubject.set(`${e.subject.type}:${e.subject.id}`, [...(bySubject.get(`${e.subject.type}:${e.subject.id}`) ?? []), e.seq]);
    for (const [key, seqs] of bySubject) expect(seqs, key).toEqual(seqs.map((_, i) => i + 1));
  });

  it('refuses an event that does not fit its schema, or of an unknown type, and the write goes with it', async () => {
    const before = await lastPosition(ctx().db.kysely);
    const p = await getProposal(ctx(), 'DP094');
    const bad = inTransaction(ctx(), async (_trx, tx) => {
      await record(tx, { type: 'proposal.edited', subject: { id: p.id, ref: p.reference }, label: 'x', actor: SYSTEM_ACCOUNT,
        businessDate: '2020-04-01', payload: { reference: 'DP094', changes: {}, note: 42 } as never });
    });
    await expect(bad).rejects.toBeInstanceOf(InvalidEventError);
    const unknown = inTransaction(ctx(), async (_trx, tx) => {
      await record(tx, { type: 'proposal.teleported' as never, subject: { id: p.id, ref: p.reference }, label: 'x', actor: SYSTEM_ACCOUNT,
        businessDate: '2020-04-01', payload: {} as never });
    });
    await expect(unknown).rejects.toThrow(/Unknown event type/);
    expect(await lastPosition(ctx().db.kysely)).toBe(before);
  });

  it('reads the feed in order through opaque cursors, page after page, and by type', async () => {
    const everything = await readStream(ctx().db.kysely, 'everything', { limit: 100_000 });
    const admin = await readAll(ctx(), SYSTEM_ACCOUNT, 25);
    const positions = admin.map((e) => e.position);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(new Set(positions).size).toBe(positions.length);
    expect(admin.length).toBeLessThan(everything.length); // an unsent draft is its Party's own, even for administrators
    const first = await readChanges(ctx(), PUBLIC, { limit: 3 });
    expect(first.items).toHaveLength(3);
    const second = await readChanges(ctx(), PUBLIC, { after: first.next, limit: 3 });
    expect(second.items[0].position).toBeGreaterThan(first.items[2].position);
    // A cursor names a place, not a page: reading again from it gives the same answer.
    expect((await readChanges(ctx(), PUBLIC, { after: first.next, limit: 3 })).items.map((e) => e.id)).toEqual(second.items.map((e) => e.id));
    const views = await readChanges(ctx(), PUBLIC, { type: 'view.recorded,meeting.planned', limit: 500 });
    expect(new Set(views.items.map((e) => e.type))).toEqual(new Set(['view.recorded', 'meeting.planned']));
    // At the end, `next` stays where it is, ready for the next poll.
    const end = await readChanges(ctx(), SYSTEM_ACCOUNT, { after: encodeCursor(await lastPosition(ctx().db.kysely)) });
    expect(end).toEqual({ items: [], next: encodeCursor(await lastPosition(ctx().db.kysely)) });
  });

  it('shows each reader only what they may read', async () => {
    const typesFor = async (actor: Actor) => new Set((await readAll(ctx(), actor, 200)).map((e) => e.type));
    const subjectsFor = async (actor: Actor) => new Set((await readAll(ctx(), actor, 200)).map((e) => e.subject.id));
    const publicTypes = await typesFor(PUBLIC);
    for (const t of publicTypes) expect(['proposal', 'problem-statement', 'document', 'committee', 'meeting', 'view', 'paper', 'release'], t).toContain(t.split('.')[0]);
    expect(publicTypes.has('proposal.raised')).toBe(true);
    expect(publicTypes.has('paper.issued')).toBe(true);
    for (const hidden of ['paper.text-saved', 'paper.impacts-saved', 'account.added', 'token.created', 'mail.queued', 'submission.submitted']) {
      expect(publicTypes.has(hidden), hidden).toBe(false);
    }
    // A committee member reads drafts of papers, not submissions or accounts.
    const memberTypes = await typesFor(member);
    expect(memberTypes.has('paper.text-saved')).toBe(true);
    expect([...memberTypes].some((t) => t.startsWith('submission.') || t.startsWith('account.'))).toBe(false);
    // The Party reads its own submission's whole history, its unsent draft included; another Party reads none of it.
    expect((await subjectsFor(party)).has(submissionId)).toBe(true);
    expect((await subjectsFor(party)).has(draftId)).toBe(true);
    expect((await subjectsFor(otherParty)).has(submissionId)).toBe(false);
    // The Secretariat reads what was sent to it, never a draft that was not.
    const analystEvents = await readAll(ctx(), analyst, 200);
    expect(analystEvents.filter((e) => e.subject.id === submissionId).map((e) => e.type))
      .toEqual(['submission.submitted', 'submission.returned', 'submission.saved', 'submission.resubmitted', 'submission.raised']);
    expect(analystEvents.some((e) => e.subject.id === draftId)).toBe(false);
    expect(analystEvents.some((e) => e.type.startsWith('account.'))).toBe(false);
    // Administrators read account events; an account event never carries a password or a token.
    const adminEvents = await readAll(ctx(), SYSTEM_ACCOUNT, 200);
    const accountEvents = adminEvents.filter((e) => /^(account|token|organisation|mail)\./.test(e.type));
    expect(new Set(accountEvents.map((e) => e.type))).toEqual(new Set(['account.added', 'account.changed', 'account.status-changed',
      'account.password-set', 'organisation.added', 'organisation.changed', 'token.created', 'token.revoked', 'mail.queued']));
    expect(JSON.stringify(accountEvents)).not.toMatch(/password_hash|a brand new password|token=|sec_/);
  });

  it('refuses a malformed cursor, one from the future, and a limit out of range, naming the parameter, and changes nothing', async () => {
    const before = await lastPosition(ctx().db.kysely);
    for (const after of ['nonsense', 'c1.', 'c1.LTE', encodeCursor(1).slice(0, -1) + '!', `c1.${'A'.repeat(60)}`]) {
      const error = await refusal(readChanges(ctx(), PUBLIC, { after }));
      expect(error.code, after).toBe('VALIDATION_FAILED');
      expect(error.details.fields?.map((f) => f.field), after).toEqual(['after']);
    }
    const future = await refusal(readChanges(ctx(), PUBLIC, { after: encodeCursor(before + 1) }));
    expect(future.details.fields).toEqual([{ field: 'after', message: expect.stringContaining('ahead') }]);
    for (const limit of ['0', '501', '-1', '2.5', 'ten']) {
      const error = await refusal(readChanges(ctx(), PUBLIC, { limit }));
      expect(error.details.fields?.map((f) => f.field), limit).toEqual(['limit']);
    }
    const unknownType = await refusal(readChanges(ctx(), PUBLIC, { type: 'proposal.raised,proposal.vanished' }));
    expect(unknownType.details.fields?.map((f) => f.field)).toEqual(['type']);
    expect(await lastPosition(ctx().db.kysely)).toBe(before);
  });

  it('shows the views and decisions about a change on its timeline, in business-date order', async () => {
    const { listEventsOf } = await import('../../src/modules/proposals/service.js');
    const timeline = await listEventsOf(ctx(), 'MP092');
    const dates = timeline.map((e) => e.businessDate);
    expect([...dates].sort()).toEqual(dates);
    expect(timeline.some((e) => e.type === 'view.recorded')).toBe(true);
    const atMeetings = timeline.filter((e) => e.type === 'proposal.action-taken' && e.meetingId);
    expect(atMeetings.length).toBeGreaterThan(0);
    for (const e of atMeetings) expect(e.label).toMatch(/, at the .* meeting of /);
    // Recorded twice would be noise: the meeting's own note of the outcome stays off the change's timeline.
    expect(timeline.some((e) => e.type === 'meeting.outcome-recorded')).toBe(false);
    const secretariat = await listEventsOf(ctx(), 'DP094', analyst);
    expect(secretariat.some((e) => e.type === 'meeting.agenda-item-added')).toBe(true);
    expect(decodeCursor(encodeCursor(secretariat[0].position))).toBe(secretariat[0].position);
    const converted = await actOnProposal(ctx(), analyst, 'DP095', { action: 'present-to-csc-initial', businessDate: '2020-03-31' });
    expect((await listEventsOf(ctx(), converted.reference)).at(-1)).toMatchObject({ type: 'proposal.action-taken', actor: { name: 'Bradley Baker' } });
  });
});

describe('cursors', () => {
  it('round-trip a position and refuse anything else', () => {
    for (const n of [0, 1, 42, 1_000_000, 2 ** 40]) expect(decodeCursor(encodeCursor(n))).toBe(n);
    for (const bad of ['', '1', 'c1.', 'c1.MDE', 'c2.MQ', 'c1.MQ=', 'c1.-1', 'c1.MS4w']) expect(decodeCursor(bad), bad).toBeNull();
  });
});
