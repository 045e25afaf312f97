// The register on a real database, once on SQLite and once on PostgreSQL.
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase, type DialectName } from '../support/databases.js';
import { SYSTEM_ACCOUNT } from '../../src/modules/accounts/accounts.js';
import type { ServiceContext } from '../../src/modules/context.js';
import { insertOrganisation, insertPerson } from '../../src/modules/directory/repository.js';
import * as service from '../../src/modules/proposals/service.js';
import { findProposalBySlug } from '../../src/modules/proposals/repository.js';
import { DomainError } from '../../src/platform/errors.js';

const actor = SYSTEM_ACCOUNT;
const BODY = '## What is the issue?\n\nSomething is wrong.\n';

async function seedDirectory(ctx: ServiceContext): Promise<void> {
  const at = '2026-01-01T00:00:00.000Z';
  await insertOrganisation(ctx.db.kysely, { id: 'org-secas', name: 'SECAS', partyCategory: null }, at);
  await insertOrganisation(ctx.db.kysely, { id: 'org-acme', name: 'Acme Energy', partyCategory: 'small-supplier' }, at);
  await insertPerson(ctx.db.kysely, { id: 'p-ann', name: 'Ann Analyst', organisationId: 'org-secas', isAnalyst: true }, at);
}

async function expectRefusal(promise: Promise<unknown>, code: string): Promise<DomainError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  return error as DomainError;
}

async function eventCount(ctx: ServiceContext, ref: string): Promise<number> {
  return (await service.listEventsOf(ctx, ref)).length;
}

/** A trigger that makes every event insert fail: a real database fault in the middle of a command. */
async function breakEventInserts(ctx: ServiceContext, dialect: DialectName): Promise<() => Promise<void>> {
  if (dialect === 'sqlite') {
    await sql.raw(`CREATE TRIGGER test_break_events BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'injected fault'); END`).execute(ctx.db.kysely);
    return async () => { await sql.raw('DROP TRIGGER test_break_events').execute(ctx.db.kysely); };
  }
  await sql.raw(`CREATE FUNCTION test_break_events() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected fault'; END; $$ LANGUAGE plpgsql`).execute(ctx.db.kysely);
  await sql.raw('CREATE TRIGGER test_break_events BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION test_break_events()').execute(ctx.db.kysely);
  return async () => {
    await sql.raw('DROP TRIGGER test_break_events ON events').execute(ctx.db.kysely);
    await sql.raw('DROP FUNCTION test_break_events()').execute(ctx.db.kysely);
  };
}

describeEachDatabase('register on a real database', ({ ctx, dialect }) => {
  it('raises Draft Proposals with consecutive numbers, slugs made from titles, and a first event', async () => {
    await seedDirectory(ctx());
    const a = await service.raiseProposal(ctx(), actor, {
      title: 'Alignment of Credit Cover', organisation: 'Acme Energy', proposer: 'Pat Proposer', leadAnalyst: 'Ann Analyst',
      raisedOn: '2019-11-12', impactedCategories: ['small-supplier'], documentsAffected: ['Section J'], problemStatement: BODY,
    });
    const b = await service.raiseProposal(ctx(), actor, { title: 'Alignment of Credit Cover', raisedOn: '2019-11-13' });
    expect([a.reference, b.reference]).toEqual(['DP001', 'DP002']);
    expect([a.slug, b.slug]).toEqual(['alignment-of-credit-cover', 'alignment-of-credit-cover-2']);
    expect(a.proposer?.name).toBe('Pat Proposer');
    expect(a.organisation).toMatchObject({ name: 'Acme Energy', partyCategory: 'small-supplier' });
    expect(a.leadAnalyst?.name).toBe('Ann Analyst');
    const events = await service.listEventsOf(ctx(), 'DP001');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'proposal.raised', businessDate: '2019-11-12', actor: { name: 'Administrator' },
      label: 'Draft Proposal raised', payload: { reference: 'DP001', state: 'development' } });
    expect((events[0].payload.changes as Record<string, unknown>).title).toEqual([null, 'Alignment of Credit Cover']);
    const detail = await service.getProposalDetail(ctx(), 'DP001');
    expect(detail.problemStatements.map((v) => [v.label, v.status])).toEqual([['0.1', 'draft']]);
  });

  it('refuses unknown organisations and analysts by field, writing nothing', async () => {
    const before = (await service.listProposals(ctx(), {})).total;
    const error = await expectRefusal(service.raiseProposal(ctx(), actor, {
      title: 'X', organisation: 'Nobody Ltd', proposer: 'Y', leadAnalyst: 'Not An Analyst',
    }), 'VALIDATION_FAILED');
    expect(error.details.fields?.map((f) => f.field).sort()).toEqual(['leadAnalyst', 'organisation']);
    expect((await service.listProposals(ctx(), {})).total).toBe(before);
  });

  it('edits with a version check: a stale version is refused and writes no event', async () => {
    const p = await service.getProposal(ctx(), 'DP001');
    const edited = await service.editProposal(ctx(), actor, 'DP001', p.version, { title: 'Alignment of SEC Credit Cover', businessDate: '2019-11-20' });
    expect(edited.title).toBe('Alignment of SEC Credit Cover');
    expect(edited.slug).toBe('alignment-of-credit-cover');
    expect(edited.version).toBe(p.version + 1);
    const events = await service.listEventsOf(ctx(), 'DP001');
    expect(events.at(-1)).toMatchObject({ type: 'proposal.edited', businessDate: '2019-11-20', label: 'Register entry edited: Title' });
    expect((events.at(-1)!.payload.changes as Record<string, unknown>).title).toEqual(['Alignment of Credit Cover', 'Alignment of SEC Credit Cover']);

    const count = await eventCount(ctx(), 'DP001');
    await expectRefusal(service.editProposal(ctx(), actor, 'DP001', p.version, { title: 'Lost update' }), 'VERSION_CONFLICT');
    expect((await service.getProposal(ctx(), 'DP001')).title).toBe('Alignment of SEC Credit Cover');
    expect(await eventCount(ctx(), 'DP001')).toBe(count);
  });

  it('keeps an old slug as a way to the change after the slug is edited', async () => {
    const p = await service.getProposal(ctx(), 'DP001');
    await service.editProposal(ctx(), actor, 'DP001', p.version, { slug: 'alignment-of-sec-credit-cover' });
    expect((await findProposalBySlug(ctx().db.kysely, 'alignment-of-credit-cover'))?.slug).toBe('alignment-of-sec-credit-cover');
    expect((await findProposalBySlug(ctx().db.kysely, 'alignment-of-sec-credit-cover'))?.reference).toBe('DP001');
    const q = await service.getProposal(ctx(), 'DP001');
    await expectRefusal(service.editProposal(ctx(), actor, 'DP002', (await service.getProposal(ctx(), 'DP002')).version,
      { slug: 'alignment-of-credit-cover' }), 'VALIDATION_FAILED');
    expect(q.slug).toBe('alignment-of-sec-credit-cover');
  });

  it('versions the problem statement: drafts, the agreed one, then revisions', async () => {
    await service.saveProblemStatement(ctx(), actor, 'DP001', { body: `${BODY}\nMore evidence.`, businessDate: '2019-11-21' });
    await service.actOnProposal(ctx(), actor, 'DP001', { action: 'agree-problem-statement', businessDate: '2019-11-26' });
    await service.saveProblemStatement(ctx(), actor, 'DP001', { body: `${BODY}\nRevised.`, businessDate: '2019-11-27' });
    const detail = await service.getProposalDetail(ctx(), 'DP001');
    expect(detail.problemStatements.map((v) => `${v.label} ${v.status}`)).toEqual(['0.1 draft', '0.2 draft', '1.0 agreed', '1.1 draft']);
    expect(detail.problemStatements[2].body).toBe(detail.problemStatements[1].body);
    expect(detail.proposal.state).toBe('problem-statement-agreed');
  });

  it('converts keeping the number, and both prefixes find the change', async () => {
    const mp = await service.actOnProposal(ctx(), actor, 'DP001', {
      action: 'convert', businessDate: '2019-12-13', inputs: { path: '2', route: 'refinement' },
    });
    expect(mp).toMatchObject({ reference: 'MP001', prefix: 'MP', number: 1, state: 'refinement', path: '2' });
    expect((await service.getProposal(ctx(), 'DP001')).id).toBe(mp.id);
    expect((await service.getProposal(ctx(), 'mp001')).id).toBe(mp.id);
    const last = (await service.listEventsOf(ctx(), 'MP001')).find((e) => e.type === 'proposal.action-taken' && e.payload.action === 'convert')!;
    expect(last).toMatchObject({ businessDate: '2019-12-13', subject: { type: 'proposal', ref: 'MP001' },
      payload: { action: 'convert', fromState: 'problem-statement-agreed', toState: 'refinement', reference: 'MP001' } });
    expect((last.payload.changes as Record<string, unknown>).reference).toEqual(['DP001', 'MP001']);
    expect(last.payload.inputs).toEqual({ path: '2', route: 'refinement' });
  });

  it('puts on hold and resumes to the state it was held from', async () => {
    await service.actOnProposal(ctx(), actor, 'MP001', { action: 'move-to-report-phase', businessDate: '2020-01-10' });
    const held = await service.actOnProposal(ctx(), actor, 'MP001', { action: 'put-on-hold', businessDate: '2020-02-14' });
    expect(held).toMatchObject({ state: 'on-hold', heldFromState: 'report-phase' });
    const resumed = await service.actOnProposal(ctx(), actor, 'MP001', { action: 'resume', businessDate: '2020-03-13' });
    expect(resumed).toMatchObject({ state: 'report-phase', heldFromState: null });
  });

  it('refuses an action not allowed now, naming the allowed ones, and writes nothing', async () => {
    const before = await service.getProposal(ctx(), 'MP001');
    const count = await eventCount(ctx(), 'MP001');
    const error = await expectRefusal(service.actOnProposal(ctx(), actor, 'MP001', { action: 'implement' }), 'ACTION_NOT_ALLOWED');
    expect(error.details.allowed).toContain('issue-report-consultation');
    await expectRefusal(service.actOnProposal(ctx(), actor, 'MP001', { action: 'no-such-action' }), 'UNKNOWN_ACTION');
    await expectRefusal(service.actOnProposal(ctx(), actor, 'MP001', { action: 'put-on-hold', businessDate: '2999-01-01' }), 'VALIDATION_FAILED');
    await expectRefusal(service.actOnProposal(ctx(), actor, 'MP001', { action: 'put-on-hold', businessDate: '2019-01-01' }), 'VALIDATION_FAILED');
    expect(await service.getProposal(ctx(), 'MP001')).toEqual(before);
    expect(await eventCount(ctx(), 'MP001')).toBe(count);
  });

  it('writes a change and its event in one transaction: a failed event insert leaves the change untouched', async () => {
    const before = await service.getProposal(ctx(), 'MP001');
    const restore = await breakEventInserts(ctx(), dialect);
    try {
      await expect(service.actOnProposal(ctx(), actor, 'MP001', { action: 'put-on-hold', businessDate: '2020-04-01' })).rejects.toThrow(/injected fault/);
      await expect(service.raiseProposal(ctx(), actor, { title: 'Never saved' })).rejects.toThrow(/injected fault/);
    } finally {
      await restore();
    }
    expect(await service.getProposal(ctx(), 'MP001')).toEqual(before);
    expect((await service.listProposals(ctx(), { q: 'Never saved' })).total).toBe(0);
  });

  it('lets exactly one of two concurrent actions on the same version win', async () => {
    const p = await service.getProposal(ctx(), 'MP001');
    const results = await Promise.allSettled([
      service.actOnProposal(ctx(), actor, 'MP001', { action: 'put-on-hold', businessDate: '2020-04-02', expectedVersion: p.version }),
      service.actOnProposal(ctx(), actor, 'MP001', { action: 'issue-report-consultation', businessDate: '2020-04-02', expectedVersion: p.version }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(['VERSION_CONFLICT', 'ACTION_NOT_ALLOWED']).toContain((rejected.reason as DomainError).code);
    expect((await service.getProposal(ctx(), 'MP001')).version).toBe(p.version + 1);
  });

  it('never edits or deletes an event: the database refuses', async () => {
    const db = ctx().db.kysely;
    await expect(db.updateTable('events').set({ label: 'rewritten' }).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('events').execute()).rejects.toThrow(/append-only/);
    await expect(db.updateTable('problem_statement_versions').set({ body: 'rewritten' }).execute()).rejects.toThrow(/append-only/);
  });

  it('refuses to change the problem statement of a closed change', async () => {
    const p = await service.raiseProposal(ctx(), actor, { title: 'Short-lived', raisedOn: '2020-01-02' });
    await service.actOnProposal(ctx(), actor, p.reference, { action: 'withdraw', businessDate: '2020-01-03' });
    await expectRefusal(service.saveProblemStatement(ctx(), actor, p.reference, { body: BODY }), 'ACTION_NOT_ALLOWED');
  });
});

