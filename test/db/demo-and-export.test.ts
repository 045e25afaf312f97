// The demo register, list queries on it, and the whole-register export/import round trip.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { exportTables, openContext, privateTables } from '../../src/app.js';
import { findAccountByEmail, loadActor } from '../../src/modules/accounts/service.js';
import { createSubmission, raiseSubmission } from '../../src/modules/submissions/service.js';
import { loadDemo } from '../../src/demo/load.js';
import * as service from '../../src/modules/proposals/service.js';
import { exportRegister, importRegister } from '../../src/modules/register/service.js';
import { issuePaper } from '../../src/modules/papers/service.js';
import { SYSTEM_ACCOUNT } from '../../src/modules/accounts/accounts.js';
import { DomainError } from '../../src/platform/errors.js';
import { describeEachDatabase, freshDatabase, migratedDatabase, postgresReachable } from '../support/databases.js';

const pgUp = await postgresReachable();

const refs = (items: { reference: string }[]) => items.map((p) => p.reference);

describeEachDatabase('the demo register', ({ ctx }) => {
  it('loads the nine changes of the November 2019 paper, once', async () => {
    expect(await loadDemo(ctx())).toBe(9);
    const { total, items } = await service.listProposals(ctx(), {});
    expect(total).toBe(9);
    expect(refs(items)).toEqual(['MP085', 'MP088', 'MP090', 'MP092', 'MP093', 'DP094', 'DP095', 'DP096', 'DP097']);
    await expect(loadDemo(ctx())).rejects.toSatisfy((e) => e instanceof DomainError && e.code === 'NOT_EMPTY');
  });

  it('keeps the business dates of the paper, whatever day it is loaded', async () => {
    const mp090 = await service.getProposalDetail(ctx(), 'DP090');
    expect(mp090.proposal.raisedOn).toBe('2019-10-16');
    expect(mp090.events.find((e) => e.action === 'convert')?.businessDate).toBe('2019-11-15');
    expect((await service.getProposal(ctx(), 'DP095')).raisedOn).toBe('2019-11-12');
    for (const ref of ['MP085', 'MP088', 'MP090', 'MP092', 'MP093']) {
      const detail = await service.getProposalDetail(ctx(), ref);
      expect(detail.events.find((e) => e.action === 'convert')?.businessDate, ref).toBe('2019-11-15');
      expect(detail.problemStatements.some((v) => v.status === 'agreed'), ref).toBe(true);
    }
    for (const ref of ['DP094', 'DP095', 'DP096', 'DP097']) {
      const p = await service.getProposal(ctx(), ref);
      expect(p.state, ref).toBe('development');
      expect(p.raisedOn > '2019-10-29' && p.raisedOn <= '2019-11-26', ref).toBe(true);
    }
    const mp092 = await service.getProposal(ctx(), 'MP092');
    expect(mp092).toMatchObject({ proposer: { name: 'Chris Thompson' }, organisation: { name: 'DCC', partyCategory: 'dcc' }, leadAnalyst: { name: 'Adam Lattimore' } });
  });

  it('filters by stage, path, party category, lead analyst and text, and sorts and paginates', async () => {
    const c = ctx();
    expect(refs((await service.listProposals(c, { stage: 'development' })).items)).toEqual(['DP094', 'DP095', 'DP096', 'DP097']);
    expect(refs((await service.listProposals(c, { stage: 'development,refinement', limit: 100 })).items)).toHaveLength(9);
    expect(refs((await service.listProposals(c, { partyCategory: 'dcc' })).items)).toEqual(['MP092', 'DP096', 'DP097']);
    expect(refs((await service.listProposals(c, { leadAnalyst: 'bradley baker' })).items)).toEqual(['DP095', 'DP096']);
    expect(refs((await service.listProposals(c, { q: 'credit' })).items)).toEqual(['DP095']);
    expect(refs((await service.listProposals(c, { q: 'MP094' })).items)).toEqual(['DP094']);
    expect(refs((await service.listProposals(c, { q: '100%_' })).items)).toEqual([]);
    const paths = (await service.listProposals(c, { path: '3' })).items;
    expect(paths.every((p) => p.path === '3')).toBe(true);
    const newest = await service.listProposals(c, { sort: 'raised', order: 'desc', limit: 2 });
    expect(refs(newest.items)).toEqual(['DP097', 'DP095']);
    expect(newest.total).toBe(9);
    const page2 = await service.listProposals(c, { limit: 4, offset: 4 });
    expect(refs(page2.items)).toEqual(['MP093', 'DP094', 'DP095', 'DP096']);
  });

  it('runs the same number of queries for a list page whatever its size (no N+1)', async () => {
    const c = ctx();
    const count = async (limit: number) => {
      const before = c.db.queryCount();
      await service.listProposals(c, { limit });
      return c.db.queryCount() - before;
    };
    expect(await count(1)).toBe(await count(9));
  });
});

describeEachDatabase('register export and import', ({ ctx }) => {
  it('exports every table or says why not', async () => {
    const rows = ctx().db.dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(ctx().db.kysely)
      : await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(ctx().db.kysely);
    const tables = rows.rows.map((r) => r.name).filter((n) => !n.startsWith('kysely_migration')).sort();
    const exported = exportTables.map((t) => t.name);
    expect(tables.filter((t) => !exported.includes(t) && !(t in privateTables))).toEqual([]);
    expect(exported.filter((t) => t in privateTables)).toEqual([]);
    for (const [table, why] of Object.entries(privateTables)) expect(why.length, table).toBeGreaterThan(10);
    expect(exported).toContain('submissions');
  });

  it('exports, imports into an empty database and exports again byte for byte', async () => {
    await issuePaper(ctx(), SYSTEM_ACCOUNT, { committee: 'OPSG', date: '2019-11-26' });
    const andy = (await loadActor(ctx().db.kysely, (await findAccountByEmail(ctx().db.kysely, 'andy.knowles@utilita.example'))!.id))!;
    const bradley = (await loadActor(ctx().db.kysely, (await findAccountByEmail(ctx().db.kysely, 'bradley.baker@secas.example'))!.id))!;
    const sections = { 'What is the issue?': 'Top-ups fail when the SM WAN is down.' };
    const sent = await createSubmission(ctx(), andy, { title: 'Sent and raised', summary: 'In brief.', sections }, { submit: true });
    await raiseSubmission(ctx(), bradley, sent.id, {});
    await createSubmission(ctx(), andy, { title: 'Still a draft', summary: '', sections: {} });
    const first = await exportRegister(ctx());
    const doc = JSON.parse(first);
    expect(doc.version).toBe(3);
    expect(doc.tables.submissions.map((s: { title: string }) => s.title).sort()).toEqual(['Sent and raised', 'Still a draft']);
    expect(doc.tables.events.some((e: { type: string }) => e.type === 'submission.raised')).toBe(true);
    expect(doc.tables.proposals).toHaveLength(10);
    expect(doc.tables.committee_views).toHaveLength(5);
    expect(doc.tables.paper_files).toHaveLength(4);
    expect(doc.tables.api_tokens).toBeUndefined();
    for (const kind of ['sqlite', 'postgres'] as const) {
      if (kind === 'postgres' && !await postgresReachable()) continue;
      const db = await freshDatabase(kind);
      const other = await openContext(db.target);
      try {
        await importRegister(other, first);
        expect(await exportRegister(other), `round trip through ${kind}`).toBe(first);
        await expect(importRegister(other, first)).rejects.toSatisfy((e) => e instanceof DomainError && e.code === 'NOT_EMPTY');
      } finally {
        await other.db.close();
        await db.drop();
      }
    }
  });

  it('refuses a file that is not an export, writing nothing', async () => {
    const db = await freshDatabase('sqlite');
    const other = await openContext(db.target);
    try {
      await expect(importRegister(other, 'not json')).rejects.toSatisfy((e) => e instanceof DomainError && e.code === 'VALIDATION_FAILED');
      await expect(importRegister(other, '{"format":"something-else"}')).rejects.toSatisfy((e) => e instanceof DomainError && e.code === 'VALIDATION_FAILED');
      const broken = JSON.parse(await exportRegister(ctx()));
      broken.tables.events[3].label = null;
      await expect(importRegister(other, JSON.stringify(broken))).rejects.toThrow();
      expect((await service.listProposals(other, {})).total).toBe(0);
    } finally {
      await other.db.close();
      await db.drop();
    }
  });
}, { demo: true });

describe('register export across databases', () => {
  it.skipIf(!pgUp)('reads the same from SQLite and PostgreSQL', async () => {
    const texts: string[] = [];
    for (const kind of ['sqlite', 'postgres'] as const) {
      // Each database's copy of this run's demo template, loaded on that database.
      const db = await migratedDatabase(kind, { demo: true });
      const c = await openContext(db.target);
      try {
        // Ids and recording times differ between loads; the shape and business content must not.
        const doc = JSON.parse(await exportRegister(c));
        texts.push(JSON.stringify(doc.tables.proposals.map((p: Record<string, unknown>) => [p.reference, p.state, p.path, p.raised_on, p.fast_track, p.version])));
      } finally {
        await c.db.close();
        await db.drop();
      }
    }
    expect(texts[0]).toBe(texts[1]);
  });
});
