// The same SQL text run again gives fresh, correct results on both databases. On SQLite it runs a
// cached prepared statement again (src/platform/db/sqlite-driver.ts), on PostgreSQL a statement
// prepared under a name on that connection (src/platform/db/pg-statements.ts), so these are the
// cases where a reused statement could go wrong: new parameters, writes, transactions that commit
// or roll back, a failure in the middle of one, and the schema changing under the same text.
import { sql, type Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { PLAN_EACH_RUN } from '../../src/platform/db/pg-statements.js';
import { describeEachDatabase } from '../support/databases.js';

interface Scratch { statement_scratch: { id: number; label: string; extra?: string } }

describeEachDatabase('the same SQL text run again', ({ ctx, dialect }) => {
  const db = () => ctx().db.kysely as unknown as Kysely<Scratch>;
  /** SQLite: statements prepared; PostgreSQL: texts given a name (each prepared once per connection). */
  const prepared = () => ctx().db.statementsPrepared?.() ?? ctx().db.statementsNamed?.() ?? 0;

  const insert = (ex: Kysely<Scratch>, id: number, label: string) => ex.insertInto('statement_scratch').values({ id, label }).execute();
  const labels = async () => (await db().selectFrom('statement_scratch').select(['id', 'label']).orderBy('id').execute())
    .map((r) => `${r.id}:${r.label}`);

  it('reads and writes with new parameters each time', async () => {
    await db().schema.createTable('statement_scratch').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('label', 'text').execute();
    for (let id = 1; id <= 3; id += 1) await insert(db(), id, `label ${id}`);
    const byId = (id: number) => db().selectFrom('statement_scratch').select('label').where('id', '=', id).executeTakeFirst();
    expect((await byId(2))?.label).toBe('label 2');
    const before = prepared();
    expect((await byId(3))?.label).toBe('label 3');
    expect(await byId(9)).toBeUndefined();
    const rename = (id: number, label: string) => db().updateTable('statement_scratch').set({ label }).where('id', '=', id).executeTakeFirst();
    expect(Number((await rename(1, 'first')).numUpdatedRows)).toBe(1);
    expect(Number((await rename(9, 'none')).numUpdatedRows)).toBe(0);
    expect(Number((await rename(1, 'first again')).numUpdatedRows)).toBe(1);
    expect(await labels()).toEqual(['1:first again', '2:label 2', '3:label 3']);
    // Only the update and the list were new text; the select by id was not prepared again.
    expect(prepared() - before).toBeLessThanOrEqual(2);
  });

  it('prepares a query once (on PostgreSQL once per connection), and never names one whose columns come from *', async () => {
    const byId = (ex: Kysely<Scratch>, id: number) => ex.selectFrom('statement_scratch').select('label').where('id', '=', id).executeTakeFirst();
    const run = () => db().transaction().execute(async (trx) => {
      for (let id = 1; id <= 3; id += 1) expect((await byId(trx, id))?.label).toBe(id === 1 ? 'first again' : `label ${id}`);
      await sql`select * from statement_scratch where id = ${1}`.execute(trx);
      return dialect === 'postgres'
        ? (await sql<{ statement: string }>`select statement from pg_prepared_statements where statement like ${'%statement_scratch%'}`.execute(trx)).rows.map((r) => r.statement)
        : [];
    });
    await run();
    const before = prepared();
    const kept = await run();
    expect(prepared()).toBe(before);
    if (dialect === 'postgres') {
      expect(kept.some((s) => /select "label" from "statement_scratch"/.test(s))).toBe(true);
      expect(kept.some((s) => /select \* from/.test(s))).toBe(false);
    }
  });

  it('never names a statement marked to be planned for each run (a search whose plan depends on its words)', async () => {
    const byLabel = (label: string) => sql<{ id: number }>`select id from statement_scratch ${sql.raw(PLAN_EACH_RUN)} where label = ${label}`.execute(db());
    const before = prepared();
    for (let i = 0; i < 7; i += 1) expect((await byLabel('label 2')).rows.map((r) => r.id)).toEqual([2]);
    expect((await byLabel('label 3')).rows.map((r) => r.id)).toEqual([3]);
    if (dialect === 'postgres') {
      expect(prepared()).toBe(before);
      const kept = await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements where statement like ${'%plan each run%'}`.execute(db());
      expect(kept.rows[0].n).toBe(0);
    }
  });

  it('commits one transaction and rolls back the next, with the same statements', async () => {
    await db().transaction().execute((trx) => insert(trx, 4, 'committed'));
    const failed = db().transaction().execute(async (trx) => {
      await insert(trx, 5, 'rolled back');
      expect((await trx.selectFrom('statement_scratch').select('label').where('id', '=', 5).executeTakeFirst())?.label).toBe('rolled back');
      throw new Error('abandon');
    });
    await expect(failed).rejects.toThrow('abandon');
    expect(await labels()).toEqual(['1:first again', '2:label 2', '3:label 3', '4:committed']);
    await db().transaction().execute((trx) => insert(trx, 5, 'committed later'));
    expect((await labels()).at(-1)).toBe('5:committed later');
  });

  it('rolls back everything when a statement fails in the middle of a transaction, and runs it again after', async () => {
    const failed = db().transaction().execute(async (trx) => {
      await insert(trx, 6, 'before the failure');
      await insert(trx, 1, 'duplicate key');
      await insert(trx, 7, 'never reached');
    });
    await expect(failed).rejects.toThrow(/unique|duplicate/i);
    expect((await labels()).map((l) => l.split(':')[0])).toEqual(['1', '2', '3', '4', '5']);
    await db().transaction().execute(async (trx) => {
      await insert(trx, 6, 'after the failure');
      await insert(trx, 7, 'reached');
    });
    expect((await labels()).slice(-2)).toEqual(['6:after the failure', '7:reached']);
  });

  it('follows a schema change under the same SQL text', async () => {
    const everything = () => sql<Record<string, unknown>>`select * from statement_scratch where id = ${1}`.execute(db());
    expect(Object.keys((await everything()).rows[0]).sort()).toEqual(['id', 'label']);
    await db().schema.alterTable('statement_scratch').addColumn('extra', 'text', (c) => c.defaultTo('added')).execute();
    expect((await everything()).rows[0]).toEqual({ id: 1, label: 'first again', extra: 'added' });

    await db().schema.dropTable('statement_scratch').execute();
    await expect(everything()).rejects.toThrow(/statement_scratch/);
    await expect(insert(db(), 1, 'no table')).rejects.toThrow(/statement_scratch/);
    await db().schema.createTable('statement_scratch').addColumn('label', 'text').addColumn('id', 'integer').execute();
    await insert(db(), 1, 'recreated');
    expect((await everything()).rows).toEqual([{ label: 'recreated', id: 1 }]);
  });
});
