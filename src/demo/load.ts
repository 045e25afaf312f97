// Loads the demo register by replaying it through the real use cases, so every timeline in the
// demo is one the workflow engine could produce. Refuses when the register already holds a change.
import { SYSTEM_ACCOUNT } from '../modules/accounts/accounts.js';
import { newId, type ServiceContext } from '../modules/context.js';
import { findOrganisation, findPerson, insertOrganisation, insertPerson } from '../modules/directory/repository.js';
import { actOnProposal, addDocument, raiseProposal, saveProblemStatement } from '../modules/proposals/service.js';
import { DomainError } from '../platform/errors.js';
import type { DemoRegister } from './types.js';
import { register2019 } from './register-2019.js';

export async function registerIsEmpty(ctx: ServiceContext): Promise<boolean> {
  const row = await ctx.db.kysely.selectFrom('proposals').select('id').limit(1).executeTakeFirst();
  return !row;
}

export async function loadDemo(ctx: ServiceContext, register: DemoRegister = register2019): Promise<number> {
  if (!await registerIsEmpty(ctx)) {
    throw new DomainError('NOT_EMPTY', 'The register already holds proposals; the demo register loads only into an empty one.');
  }
  const at = ctx.clock().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
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
  });
  const actor = SYSTEM_ACCOUNT;
  for (const d of register.proposals) {
    const created = await raiseProposal(ctx, actor, {
      number: d.number, title: d.title, slug: d.slug, summary: d.summary, proposer: d.proposer, organisation: d.organisation,
      leadAnalyst: d.leadAnalyst, raisedOn: d.raisedOn, latestUpdate: d.latestUpdate,
      impactedCategories: d.impactedCategories, documentsAffected: d.documentsAffected,
    });
    // Replay in business-date order; a draft saved on the day of a step comes before it.
    const timeline = [
      ...d.problemStatement.map((draft) => ({ on: draft.on, order: 0, run: () => saveProblemStatement(ctx, actor, created.reference, { body: draft.body, businessDate: draft.on }) })),
      ...d.steps.map((step) => ({ on: step.on, order: 1, run: () => actOnProposal(ctx, actor, created.reference, { action: step.action, businessDate: step.on, inputs: step.input, note: step.note }) })),
      ...d.documents.map((doc) => ({ on: doc.publishedOn, order: 2, run: () => addDocument(ctx, actor, created.reference, doc) })),
    ].sort((a, b) => a.on.localeCompare(b.on) || a.order - b.order);
    for (const entry of timeline) await entry.run();
  }
  return register.proposals.length;
}
