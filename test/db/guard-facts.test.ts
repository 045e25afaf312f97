// Guards that ask for facts a module above the register knows: the register asks by name, the
// module answers, and a profile that names a fact no module provides is refused at start-up.
import { expect, it } from 'vitest';
import { openContext } from '../../src/app.js';
import { SYSTEM_ACCOUNT } from '../../src/modules/accounts/accounts.js';
import { factProviders } from '../../src/modules/facts.js';
import { actOnProposal, getProposalDetail, raiseProposal, saveProblemStatement } from '../../src/modules/proposals/service.js';
import { secProfile } from '../../src/process/sec.js';
import type { ProcessProfile } from '../../src/process/profile.js';
import { describeEachDatabase, freshDatabase } from '../support/databases.js';
import { PROBLEM_STATEMENT } from '../api/helpers.js';

/** The SEC profile, with agreeing a problem statement also waiting for a fact. */
const profile: ProcessProfile = {
  ...secProfile,
  actions: secProfile.actions.map((a) => (a.id === 'agree-problem-statement'
    ? { ...a, guards: [...a.guards, { kind: 'fact' as const, fact: 'reviewed-by-lawyers', message: 'The lawyers have not reviewed it yet.' }] }
    : a)),
};

it('refuses to start with a profile whose guards ask for a fact no module provides', async () => {
  const db = await freshDatabase('sqlite');
  try {
    await expect(openContext(db.target, { profile })).rejects.toThrow(/reviewed-by-lawyers/);
  } finally {
    await db.drop();
  }
});

describeEachDatabase('a guard answered by a fact from above the register', ({ ctx }) => {
  const reviewed = new Set<string>();

  it('blocks the action until the providing module says the fact holds, then lets it through', async () => {
    const c = { ...ctx(), profile, facts: factProviders([{
      name: 'reviewed-by-lawyers', description: 'A test module\'s answer.',
      read: async (_ctx, proposal) => reviewed.has(proposal.reference),
    }]) };
    const p = await raiseProposal(c, SYSTEM_ACCOUNT, { title: 'Needs a legal review', raisedOn: '2021-01-04' });
    await saveProblemStatement(c, SYSTEM_ACCOUNT, p.reference, { body: PROBLEM_STATEMENT, businessDate: '2021-01-05' });
    const before = await getProposalDetail(c, p.reference);
    expect(before.actions.find((a) => a.action.id === 'agree-problem-statement')?.blockedBy).toBe('The lawyers have not reviewed it yet.');
    await expect(actOnProposal(c, SYSTEM_ACCOUNT, p.reference, { action: 'agree-problem-statement', businessDate: '2021-01-06' }))
      .rejects.toMatchObject({ code: 'GUARD_FAILED', message: 'The lawyers have not reviewed it yet.' });
    reviewed.add(p.reference);
    const agreed = await actOnProposal(c, SYSTEM_ACCOUNT, p.reference, { action: 'agree-problem-statement', businessDate: '2021-01-06' });
    expect(agreed.state).toBe('problem-statement-agreed');
  });
});
