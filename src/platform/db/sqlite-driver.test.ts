// The SQLite statement cache: statements are prepared once per SQL text and reused, within a
// bound, and a stream never shares one. Results on both databases: test/db/statements.test.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './database.js';
import { StatementCache } from './sqlite-driver.js';

interface Scratch { scratch: { id: number; label: string } }

describe('SQLite statements reused by SQL text', () => {
  let dir: string;
  let db: Db<Scratch>;
  let kysely: Kysely<Scratch>;
  const prepared = () => db.statementsPrepared!();

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretariat-statements-'));
    db = await openDatabase<Scratch>({ kind: 'sqlite', location: path.join(dir, 'scratch.db') });
    kysely = db.kysely;
    await kysely.schema.createTable('scratch').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('label', 'text').execute();
  });

  afterEach(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const insert = (id: number, label: string) => kysely.insertInto('scratch').values({ id, label }).execute();
  const labelOf = async (id: number) => (await kysely.selectFrom('scratch').select('label').where('id', '=', id).executeTakeFirst())?.label;

  it('prepares a query once and answers each run with its own parameters', async () => {
    await insert(1, 'one');
    const before = prepared();
    await insert(2, 'two');
    await insert(3, 'three');
    expect(prepared()).toBe(before);
    const first = prepared();
    expect(await labelOf(1)).toBe('one');
    expect(prepared()).toBe(first + 1);
    expect([await labelOf(2), await labelOf(3), await labelOf(4)]).toEqual(['two', 'three', undefined]);
    expect(prepared()).toBe(first + 1);
  });

  it('reuses the statements that begin and commit a transaction', async () => {
    await kysely.transaction().execute((trx) => trx.insertInto('scratch').values({ id: 1, label: 'a' }).execute());
    const before = prepared();
    await kysely.transaction().execute((trx) => trx.insertInto('scratch').values({ id: 2, label: 'b' }).execute());
    expect(prepared()).toBe(before);
    expect(await kysely.selectFrom('scratch').select('id').orderBy('id').execute()).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('still counts every query for the N+1 tests', async () => {
    await insert(1, 'one');
    const before = db.queryCount();
    await labelOf(1);
    await labelOf(1);
    expect(db.queryCount()).toBe(before + 2);
  });

  it('gives a stream a statement of its own, so the cached one stays free', async () => {
    for (let id = 1; id <= 5; id += 1) await insert(id, `row ${id}`);
    const query = kysely.selectFrom('scratch').select(['id', 'label']).where('id', '>', 1).orderBy('id');
    const whole = await query.execute();
    const before = prepared();
    const streamed = [];
    for await (const row of query.stream()) {
      streamed.push(row);
      if (streamed.length === 2) break;
    }
    expect(streamed).toEqual(whole.slice(0, 2));
    expect(prepared()).toBe(before + 1);
    // The stream ended early; the cached statement of the same text answers in full.
    expect(await query.execute()).toEqual(whole);
    expect(prepared()).toBe(before + 1);
  });

  it('does not hide an error when SQLite has already ended the transaction', async () => {
    const failed = kysely.transaction().execute(async (trx) => {
      await trx.insertInto('scratch').values({ id: 1, label: 'kept' }).execute();
      await sql`commit`.execute(trx);
      throw new Error('the real error');
    });
    await expect(failed).rejects.toThrow('the real error');
    expect(await labelOf(1)).toBe('kept');
  });
});

describe('StatementCache', () => {
  it('drops the least recently used statement beyond its bound', () => {
    const sqlite = new SQLite(':memory:');
    try {
      const cache = new StatementCache(sqlite, 2);
      const a = cache.get('select 1');
      cache.get('select 2');
      expect(cache.get('select 1')).toBe(a);
      cache.get('select 3');
      expect(cache.size).toBe(2);
      expect(cache.prepared).toBe(3);
      expect(cache.get('select 1')).toBe(a);
      cache.get('select 2');
      expect(cache.prepared).toBe(4);
      expect(cache.get('select 2').get()).toEqual({ 2: 2 });
    } finally {
      sqlite.close();
    }
  });

  it('does not keep a statement that failed to prepare', () => {
    const sqlite = new SQLite(':memory:');
    try {
      const cache = new StatementCache(sqlite, 2);
      expect(() => cache.get('select from nowhere')).toThrow();
      expect(cache.size).toBe(0);
    } finally {
      sqlite.close();
    }
  });
});
