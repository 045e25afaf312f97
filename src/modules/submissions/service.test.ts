// Submissions through their use cases, on SQLite and PostgreSQL, on the demo register: a Party user
// writes, saves and submits; the Secretariat returns it with comments or raises it as a Draft
// Proposal; every step leaves a row in submission_events; what canSee hides is "not found".
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { loadDemo } from '../../demo/load.js';
import { PUBLIC, type Actor } from '../accounts/accounts.js';
import { addUser, findAccountByEmail, loadActor } from '../accounts/service.js';
import type { ServiceContext } from '../context.js';
import { getProposalDetail } from '../proposals/service.js';
import * as service from './service.js';

const ISSUE = 'What is the issue?';
const content = (title: string, text = 'Prepayment customers lose supply when the SM WAN is down.') => ({
  title, summary: `${title}: in brief.`, sections: { [ISSUE]: text, 'Desired outcome': 'Top up without the SM WAN.' },
});

async function actor(ctx: ServiceContext, email: string): Promise<Actor> {
  const account = await findAccountByEmail(ctx.db.kysely, email);
  return (await loadActor(ctx.db.kysely, account!.id))!;
}

/** The submission's steps as the event stream holds them. */
async function stepsOf(ctx: ServiceContext, id: string) {
  return (await ctx.db.kysely.selectFrom('events').selectAll().where('subject_type', '=', 'submission').where('subject_id', '=', id).orderBy('seq').execute())
    .map((e) => {
      const p = JSON.parse(e.payload) as { fromStatus: string | null; toStatus: string; comments: string };
      return `${e.type.replace('submission.', '')}:${p.fromStatus ?? '-'}>${p.toStatus}:${e.actor_name}${p.comments ? `:${p.comments}` : ''}`;
    });
}

describeEachDatabase('submissions: the use cases', ({ ctx, dialect }) => {
  let now = Date.parse('2019-12-20T10:00:00Z'); // a Friday before Christmas
  let andy: Actor; let utilitaColleague: Actor; let edf: Actor; let hannah: Actor; let bradley: Actor;

  beforeAll(async () => {
    ctx().clock = () => new Date(now);
    await loadDemo(ctx());
    const admin = await actor(ctx(), 'admin@secretariat.example');
    await addUser(ctx(), admin, { email: 'ashley.pocock@edf.example', name: 'Ashley Pocock', role: 'party', organisation: 'EDF Energy', password: 'another-long-password' });
    await addUser(ctx(), admin, { email: 'sam.colleague@utilita.example', name: 'Sam Colleague', role: 'party', organisation: 'Utilita', password: 'another-long-password' });
    andy = await actor(ctx(), 'andy.knowles@utilita.example');
    utilitaColleague = await actor(ctx(), 'sam.colleague@utilita.example');
    edf = await actor(ctx(), 'ashley.pocock@edf.example');
    hannah = await actor(ctx(), 'hannah.pryce@utilita.example');
    bradley = await actor(ctx(), 'bradley.baker@secas.example');
  });

  it('keeps a draft to its own organisation: the Secretariat sees it only once it is submitted', async () => {
    const draft = await service.createSubmission(ctx(), andy, content('Draft only'));
    expect(draft.status).toBe('draft');
    expect(draft.organisation.name).toBe('Utilita');
    expect((await service.getSubmission(ctx(), utilitaColleague, draft.id)).submission.title).toBe('Draft only');
    for (const outsider of [edf, hannah, PUBLIC, bradley]) {
      await expect(service.getSubmission(ctx(), outsider, draft.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect((await service.listSubmissions(ctx(), outsider)).map((s) => s.id)).not.toContain(draft.id);
    }
    expect((await service.listSubmissions(ctx(), andy)).map((s) => s.id)).toContain(draft.id);
    expect(await stepsOf(ctx(), draft.id)).toEqual(['created:->draft:Andy Knowles']);
  });

  it('saves changes as a step, and an unchanged save writes nothing', async () => {
    const draft = await service.createSubmission(ctx(), andy, { title: 'Half written' });
    expect(draft.summary).toBe('');
    const saved = await service.saveSubmission(ctx(), utilitaColleague, draft.id, content('Half written, now whole'));
    expect(saved.version).toBe(2);
    expect(saved.sections.find((s) => s.heading === ISSUE)!.text).toContain('SM WAN');
    await service.saveSubmission(ctx(), andy, draft.id, content('Half written, now whole'));
    expect(await stepsOf(ctx(), draft.id)).toEqual(['created:->draft:Andy Knowles', 'saved:draft>draft:Sam Colleague']);
  });

  it('refuses to submit without a summary and some problem statement, and writes nothing', async () => {
    const draft = await service.createSubmission(ctx(), andy, { title: 'Empty', sections: { [ISSUE]: '   ' } });
    await expect(service.submitSubmission(ctx(), andy, draft.id)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED', details: { fields: [{ field: 'summary' }, { field: 'sections.0' }] },
    });
    await expect(service.createSubmission(ctx(), andy, { title: 'Sent empty' }, { submit: true }))
      .rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await service.getSubmission(ctx(), andy, draft.id)).submission.status).toBe('draft');
    expect(await stepsOf(ctx(), draft.id)).toHaveLength(1);
    const count = await ctx().db.kysely.selectFrom('submissions').select((eb) => eb.fn.countAll().as('n')).where('title', '=', 'Sent empty').executeTakeFirst();
    expect(Number(count!.n)).toBe(0);
  });

  it('refuses unknown sections and long text with field errors', async () => {
    await expect(service.createSubmission(ctx(), andy, { title: 'X', sections: { 'The solution': 'No.' } }))
      .rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ field: 'sections' }] } });
    await expect(service.createSubmission(ctx(), andy, { title: 'X', sections: { [ISSUE]: 'x'.repeat(20_001) } }))
      .rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ field: 'sections.0' }] } });
  });

  it('lets only a Party user with an organisation start one', async () => {
    for (const who of [bradley, hannah]) {
      await expect(service.createSubmission(ctx(), who, content('Not mine'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    await expect(service.createSubmission(ctx(), { ...andy, organisationId: null }, content('Orphan'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('runs the whole round: submitted over Christmas, returned, resubmitted, raised as the next Draft Proposal', async () => {
    now = Date.parse('2019-12-20T10:00:00Z');
    const s = await service.createSubmission(ctx(), andy, content('Top up without the SM WAN'), { submit: true });
    expect(s.status).toBe('submitted');
    expect(s.submittedOn).toBe('2019-12-20');
    // Mon 23, Tue 24, (Christmas, Boxing Day), Fri 27, Mon 30, Tue 31.
    expect(s.dueOn).toBe('2019-12-31');
    expect(s.submittedBy).toEqual({ id: andy.id, name: 'Andy Knowles' });

    // Now with the Secretariat: the Party can no longer change it, and may not reply to itself.
    await expect(service.saveSubmission(ctx(), andy, s.id, content('Changed'))).rejects.toMatchObject({ code: 'ACTION_NOT_ALLOWED' });
    await expect(service.returnSubmission(ctx(), andy, s.id, { comments: 'Fine by me' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(service.submitSubmission(ctx(), bradley, s.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(service.returnSubmission(ctx(), edf, s.id, { comments: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await service.getSubmission(ctx(), bradley, s.id)).allowed).toEqual(['return', 'raise']);

    now = Date.parse('2019-12-31T09:00:00Z');
    const due = (await service.listSubmissions(ctx(), bradley)).find((x) => x.id === s.id)!;
    expect(due.dueOn).toBe('2019-12-31');
    await expect(service.returnSubmission(ctx(), bradley, s.id, { comments: '  ' }))
      .rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ field: 'comments' }] } });
    const returned = await service.returnSubmission(ctx(), bradley, s.id, { comments: 'Say who is affected.' });
    expect(returned.status).toBe('returned');
    await expect(service.raiseSubmission(ctx(), bradley, s.id, {})).rejects.toMatchObject({ code: 'ACTION_NOT_ALLOWED', details: { allowed: [] } });

    now = Date.parse('2020-01-03T11:00:00Z');
    const resubmitted = await service.saveSubmission(ctx(), utilitaColleague, s.id,
      { ...content('Top up without the SM WAN'), sections: { ...content('').sections, 'Who is affected?': 'Prepayment customers.' } },
      { submit: true, expectedVersion: returned.version });
    expect(resubmitted.status).toBe('resubmitted');
    expect(resubmitted.submittedOn).toBe('2020-01-03');
    expect(resubmitted.dueOn).toBe('2020-01-10');
    expect(resubmitted.submittedBy!.name).toBe('Sam Colleague');

    now = Date.parse('2020-01-06T15:00:00Z');
    const { submission, proposal } = await service.raiseSubmission(ctx(), bradley, s.id, { leadAnalyst: 'Bradley Baker', comments: 'Raised for the CSC.' });
    expect(proposal.reference).toBe('DP098');
    expect(proposal.raisedOn).toBe('2020-01-06');
    expect(proposal.proposer!.name).toBe('Sam Colleague');
    expect(proposal.organisation!.name).toBe('Utilita');
    expect(proposal.leadAnalyst!.name).toBe('Bradley Baker');
    expect(proposal.summary).toBe('Top up without the SM WAN: in brief.');
    expect(submission.status).toBe('raised');
    expect(submission.proposal).toEqual({ reference: 'DP098', slug: proposal.slug });

    const detail = await getProposalDetail(ctx(), 'DP098');
    expect(detail.problemStatements.map((v) => `${v.label} ${v.status}`)).toEqual(['0.1 draft']);
    expect(detail.problemStatements[0].body).toContain('## Who is affected?\n\nPrepayment customers.');
    expect(detail.problemStatements[0].body).toContain(`## ${ISSUE}\n\nPrepayment customers lose supply`);
    expect(detail.events.map((e) => e.type)).toEqual(['proposal.raised']);
    expect(detail.proposal.state).toBe(ctx().profile.initialState);

    expect(await stepsOf(ctx(), s.id)).toEqual([
      'created:->draft:Andy Knowles',
      'submitted:draft>submitted:Andy Knowles',
      'returned:submitted>returned:Bradley Baker:Say who is affected.',
      'saved:returned>returned:Sam Colleague',
      'resubmitted:returned>resubmitted:Sam Colleague',
      'raised:resubmitted>raised:Bradley Baker:Raised for the CSC.',
    ]);
    const events = (await service.getSubmission(ctx(), andy, s.id)).events;
    expect(events.map((e) => e.businessDate)).toEqual(['2019-12-20', '2019-12-20', '2019-12-31', '2020-01-03', '2020-01-03', '2020-01-06']);
    expect(events[1].dueOn).toBe('2019-12-31');
    expect(events[5].proposalReference).toBe('DP098');

    // Raised is final; the Party sees the outcome, still nobody else does.
    await expect(service.returnSubmission(ctx(), bradley, s.id, { comments: 'Again' })).rejects.toMatchObject({ code: 'ACTION_NOT_ALLOWED' });
    expect((await service.listSubmissions(ctx(), andy)).find((x) => x.id === s.id)!.proposal!.reference).toBe('DP098');
    await expect(service.getSubmission(ctx(), edf, s.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lists for the Secretariat the oldest reply due first', async () => {
    now = Date.parse('2020-02-03T10:00:00Z'); // Monday: due Monday 10th
    const later = await service.createSubmission(ctx(), andy, content('Due later'), { submit: true });
    now = Date.parse('2020-01-31T10:00:00Z'); // Friday: due Friday 7th
    const earlier = await service.createSubmission(ctx(), edf, content('Due earlier'), { submit: true });
    const list = await service.listSubmissions(ctx(), bradley);
    const ids = list.map((s) => s.id);
    expect(ids.indexOf(earlier.id)).toBeLessThan(ids.indexOf(later.id));
    expect(list.filter((s) => s.status === 'submitted').map((s) => s.dueOn)).toEqual([...list.filter((s) => s.status === 'submitted').map((s) => s.dueOn)].sort());
    expect(list.every((s) => s.status !== 'draft')).toBe(true);
    expect((await service.listSubmissions(ctx(), edf)).map((s) => s.title)).toEqual(['Due earlier']);
    expect(await service.listSubmissions(ctx(), hannah)).toEqual([]);
    expect(await service.listSubmissions(ctx(), PUBLIC)).toEqual([]);
  });

  it('refuses a stale version, and one of two simultaneous raises', async () => {
    const s = await service.createSubmission(ctx(), andy, content('Raced'), { submit: true });
    await expect(service.returnSubmission(ctx(), bradley, s.id, { comments: 'x', expectedVersion: s.version - 1 }))
      .rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    const results = await Promise.allSettled([
      service.raiseSubmission(ctx(), bradley, s.id, {}), service.raiseSubmission(ctx(), bradley, s.id, {}),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const proposals = await ctx().db.kysely.selectFrom('proposals').select('reference').where('title', '=', 'Raced').execute();
    expect(proposals).toHaveLength(1);
    expect((await stepsOf(ctx(), s.id)).filter((e) => e.startsWith('raised'))).toHaveLength(1);
  });

  it('raises in one transaction: if recording the submission fails, no Draft Proposal is left and no number is used', async () => {
    const s = await service.createSubmission(ctx(), andy, content('Doomed raise'), { submit: true });
    const before = await ctx().db.kysely.selectFrom('proposals').select((eb) => eb.fn.max('number').as('n')).executeTakeFirst();
    // Make the database refuse the submission's move to "raised", which happens after raiseProposal has written.
    if (dialect === 'sqlite') {
      await sql`CREATE TRIGGER doomed BEFORE UPDATE ON submissions WHEN NEW.status = 'raised' AND NEW.title = 'Doomed raise'
        BEGIN SELECT RAISE(ABORT, 'refused by test'); END`.execute(ctx().db.kysely);
    } else {
      await sql`CREATE FUNCTION doomed() RETURNS trigger AS $$ BEGIN
        IF NEW.status = 'raised' AND NEW.title = 'Doomed raise' THEN RAISE EXCEPTION 'refused by test'; END IF; RETURN NEW; END; $$ LANGUAGE plpgsql`.execute(ctx().db.kysely);
      await sql`CREATE TRIGGER doomed BEFORE UPDATE ON submissions FOR EACH ROW EXECUTE FUNCTION doomed()`.execute(ctx().db.kysely);
    }
    try {
      await expect(service.raiseSubmission(ctx(), bradley, s.id, {})).rejects.toThrow(/refused by test/);
    } finally {
      await sql`DROP TRIGGER doomed${dialect === 'postgres' ? sql` ON submissions` : sql``}`.execute(ctx().db.kysely);
    }
    expect(await ctx().db.kysely.selectFrom('proposals').select('id').where('title', '=', 'Doomed raise').execute()).toEqual([]);
    const after = await ctx().db.kysely.selectFrom('proposals').select((eb) => eb.fn.max('number').as('n')).executeTakeFirst();
    expect(Number(after!.n)).toBe(Number(before!.n));
    expect((await service.getSubmission(ctx(), bradley, s.id)).submission.status).toBe('submitted');
    const raised = await service.raiseSubmission(ctx(), bradley, s.id, {});
    expect(raised.proposal.number).toBe(Number(before!.n) + 1);
  });

  it('keeps the history append-only', async () => {
    const s = await service.createSubmission(ctx(), andy, content('History'));
    await expect(ctx().db.kysely.updateTable('events').set({ label: 'rewritten' }).where('subject_id', '=', s.id).execute()).rejects.toThrow();
    await expect(ctx().db.kysely.deleteFrom('events').where('subject_id', '=', s.id).execute()).rejects.toThrow();
  });
});
