// The benchmark data generator writes a register the product reads, on both databases.
import { expect, it } from 'vitest';
import { generateRegister } from '../../bench/generate.js';
import * as service from '../../src/modules/proposals/service.js';
import { describeEachDatabase } from '../support/databases.js';

describeEachDatabase('the benchmark data generator', ({ ctx }) => {
  it('writes changes with their timelines that the register lists and shows', async () => {
    const counts = await generateRegister(ctx(), { changes: 60, eventsPerChange: 12 });
    expect(counts).toMatchObject({ proposals: 60, events: 720 });
    const page = await service.listProposals(ctx(), { limit: 25 });
    expect(page.total).toBe(60);
    expect(page.items).toHaveLength(25);
    const detail = await service.getProposalDetail(ctx(), page.items[3].reference);
    expect(detail.events).toHaveLength(12);
    expect(detail.problemStatements.length).toBeGreaterThan(0);
    const before = ctx().db.queryCount();
    await service.listProposals(ctx(), { limit: 200 });
    expect(ctx().db.queryCount() - before).toBe(2);
  });
});
