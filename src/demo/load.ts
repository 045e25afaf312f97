// Loads the demo register by replaying it through the real use cases, so every timeline in the
// demo is one the workflow engine could produce. One transaction: all of it or nothing. Refuses
// when the register already holds a change.
import { SYSTEM_ACCOUNT } from '../modules/accounts/accounts.js';
import { executor, inTransaction, newId, type ServiceContext } from '../modules/context.js';
import { findMeetingOn } from '../modules/committees/repository.js';
import { addMember, createMeeting, recordOutcome, recordView } from '../modules/committees/service.js';
import { findOrganisation, findPerson, insertOrganisation, insertPerson } from '../modules/directory/repository.js';
import { saveAnticipatedImpacts, saveDraftText } from '../modules/papers/service.js';
import { storeDocument } from '../modules/documents/service.js';
import { actOnProposal, raiseProposal, saveProblemStatement } from '../modules/proposals/service.js';
import { DomainError } from '../platform/errors.js';
import { findAction } from '../process/workflow.js';
import { addUser } from '../modules/accounts/service.js';
import { DEMO_PASSWORD, demoAccounts } from './accounts.js';
import { committees2019 } from './committees-2019.js';
import { register2019 } from './register-2019.js';
import type { DemoCommittees, DemoDocument, DemoRegister } from './types.js';

export async function registerIsEmpty(ctx: ServiceContext): Promise<boolean> {
  const row = await executor(ctx).selectFrom('proposals').select('id').limit(1).executeTakeFirst();
  return !row;
}

/** The demo keeps no real documents: each file is a short note saying what it stands in for. */
function demoFile(ref: string, doc: DemoDocument): Buffer {
  return Buffer.from(`# ${doc.title}\n\n${ref}, ${doc.versionLabel}, published ${doc.publishedOn}.\n\n`
    + 'This note stands in for the document in the demo register; the real document is not part of the demo.\n');
}

export async function loadDemo(
  ctx: ServiceContext, register: DemoRegister = register2019, committees: DemoCommittees = committees2019,
): Promise<number> {
  return inTransaction(ctx, async (trx, inner) => {
    if (!await registerIsEmpty(inner)) {
      throw new DomainError('NOT_EMPTY', 'The register already holds proposals; the demo register loads only into an empty one.');
    }
    const actor = SYSTEM_ACCOUNT;
    const at = ctx.clock().toISOString();
    for (const o of register.organisations) {
      if (!await findOrganisation(trx, o.name)) await insertOrganisation(trx, { id: newId(), name: o.name, partyCategory: o.partyCategory }, at);
    }
    for (const p of register.people) {
      const org = await findOrganisation(trx, p.organisation);
      if (!org) throw new Error(`Demo person ${p.name} names unknown organisation ${p.organisation}`);
      if (!await findPerson(trx, p.name, org.id)) {
        await insertPerson(trx, { id: newId(), name: p.name, organisationId: org.id, isAnalyst: p.analyst === true }, at);
      }
    }
    for (const m of committees.members) await addMember(inner, actor, m);
    for (const m of committees.meetings) await createMeeting(inner, actor, { ...m, status: 'held' });

    for (const d of register.proposals) {
      const created = await raiseProposal(inner, actor, {
        number: d.number, title: d.title, slug: d.slug, summary: d.summary, proposer: d.proposer, organisation: d.organisation,
        leadAnalyst: d.leadAnalyst, raisedOn: d.raisedOn, latestUpdate: d.latestUpdate,
        impactedCategories: d.impactedCategories, documentsAffected: d.documentsAffected,
      });
      const ref = created.reference;
      // A step taken by a committee on a day it met is recorded as that meeting's outcome.
      const step = async (s: DemoRegister['proposals'][number]['steps'][number]) => {
        const body = findAction(ctx.profile, s.action)?.body;
        const meeting = body ? await findMeetingOn(trx, body, s.on) : null;
        if (meeting) await recordOutcome(inner, actor, meeting.id, { ref, action: s.action, inputs: s.input, note: s.note });
        else await actOnProposal(inner, actor, ref, { action: s.action, businessDate: s.on, inputs: s.input, note: s.note });
      };
      const view = async (v: DemoCommittees['views'][number]) => {
        const meeting = await findMeetingOn(trx, v.committee, v.on);
        await recordView(inner, actor, ref, { ...v, meeting: meeting?.id, businessDate: v.on });
      };
      // Replay in business-date order; on one day: drafts, then views, then actions, then documents.
      const timeline = [
        ...d.problemStatement.map((draft) => ({ on: draft.on, order: 0, run: () => saveProblemStatement(inner, actor, ref, { body: draft.body, businessDate: draft.on }) })),
        ...committees.views.filter((v) => v.number === d.number).map((v) => ({ on: v.on, order: 1, run: () => view(v) })),
        ...d.steps.map((s) => ({ on: s.on, order: 2, run: () => step(s) })),
        ...d.documents.map((doc) => ({ on: doc.publishedOn, order: 3, run: () => storeDocument(inner, actor, ref, {
          ...doc, restricted: doc.restricted ?? false, filename: `${ref}-${doc.kind}.md`, bytes: demoFile(ref, doc),
        }) })),
      ].sort((a, b) => a.on.localeCompare(b.on) || a.order - b.order);
      for (const entry of timeline) await entry.run();
      for (const impact of committees.anticipatedImpacts.filter((i) => i.number === d.number)) {
        await saveAnticipatedImpacts(inner, actor, ref, impact);
      }
    }
    for (const p of committees.papers) await saveDraftText(inner, actor, p);
    for (const account of demoAccounts) await addUser(inner, actor, { ...account, password: DEMO_PASSWORD });
    return register.proposals.length;
  });
}
