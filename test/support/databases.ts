// Test databases: every suite gets its own SQLite file and, when PostgreSQL is reachable, its own
// PostgreSQL database, created here and dropped afterwards. The same test body runs on each.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { openContext, type OpenContextOptions } from '../../src/app.js';
import type { DatabaseTarget } from '../../src/config.js';
import type { ServiceContext } from '../../src/modules/context.js';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const inCi = process.env.CI === 'true';

let reachable: Promise<boolean> | undefined;

/** Whether PostgreSQL answers. With CI=true an unreachable server is an error, not a skip. */
export function postgresReachable(): Promise<boolean> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch (error) {
      if (inCi) throw new Error(`CI=true but PostgreSQL is not reachable at TEST_DATABASE_URL (${(error as Error).message})`, { cause: error });
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return reachable;
}

function adminUrl(database: string): string {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A fresh, empty database of the given kind; drop() removes it. */
export async function freshDatabase(kind: 'sqlite' | 'postgres'): Promise<{ target: DatabaseTarget; drop: () => Promise<void> }> {
  const name = `sec_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretariat-test-'));
    return { target: { kind: 'sqlite', location: path.join(dir, `${name}.db`) }, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    target: { kind: 'postgres', location: adminUrl(name) },
    drop: async () => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export const DIALECTS = ['sqlite', 'postgres'] as const;
export type DialectName = (typeof DIALECTS)[number];

const pgAvailable = await postgresReachable();

/**
 * Runs the same suite once per database. Test names carry the dialect in brackets
 * ("[sqlite]", "[postgres]") so the summary can count each.
 * `setup` is called with a fresh migrated context before the suite's tests.
 */
export function describeEachDatabase(
  name: string,
  body: (env: { ctx: () => ServiceContext; dialect: DialectName; target: () => DatabaseTarget }) => void,
  options: OpenContextOptions = {},
): void {
  for (const dialect of DIALECTS) {
    const run = dialect === 'sqlite' || pgAvailable ? describe : describe.skip;
    run(`${name} [${dialect}]`, () => {
      let ctx: ServiceContext | undefined;
      let db: { target: DatabaseTarget; drop: () => Promise<void> } | undefined;
      beforeAll(async () => {
        db = await freshDatabase(dialect);
        ctx = await openContext(db.target, { publicBaseUrl: 'https://secretariat.test', ...options });
      });
      afterAll(async () => {
        await ctx?.db.close();
        await db?.drop();
      });
      body({ ctx: () => ctx!, dialect, target: () => db!.target });
    });
  }
}
