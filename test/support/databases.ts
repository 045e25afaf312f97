// Test databases: every suite gets its own SQLite file and, when PostgreSQL is reachable, its own
// PostgreSQL database, created here and dropped afterwards. The same test body runs on each.
//
// For other test files:
//   freshDatabase(kind)                  an empty database (nothing migrated); drop() removes it.
//   migratedDatabase(kind, { demo })     the same, but already migrated with the SEC profile and,
//                                        with demo: true, holding the demo register (its documents too).
//   describeEachDatabase(name, body)     one suite per database on a migrated database.
// migratedDatabase copies a template built once per `vitest run` (the SQLite file and its files
// folder are copied; PostgreSQL clones it with CREATE DATABASE … TEMPLATE), so a file no longer
// spends seconds on migrations and the demo load. The first file to need a template builds it;
// files that start meanwhile wait for it. The templates live for the run (test/support/global-setup.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { openContext, type OpenContextOptions } from '../../src/app.js';
import { loadDemo } from '../../src/demo/load.js';
import { filesFolderFor } from '../../src/platform/files/store.js';
import type { DatabaseTarget } from '../../src/config.js';
import type { ServiceContext } from '../../src/modules/context.js';
import { templatePrefix } from './global-setup.js';

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

type Kind = 'sqlite' | 'postgres';
type Fresh = { target: DatabaseTarget; drop: () => Promise<void> };

/** This run's template folder, or undefined when vitest ran without the global setup. */
function templateDir(): string | undefined {
  try {
    const dir = inject('templateDir');
    return dir && fs.existsSync(dir) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `build` once per run across all worker processes: a lock folder, then a marker file. */
async function onceAcrossWorkers(dir: string, key: string, build: () => Promise<void>): Promise<void> {
  const done = path.join(dir, `${key}.done`);
  const failed = path.join(dir, `${key}.failed`);
  try {
    fs.mkdirSync(path.join(dir, `${key}.lock`));
  } catch {
    // Another worker builds it; wait for its marker (waiting on another process, not on time).
    for (;;) {
      if (fs.existsSync(done)) return;
      if (fs.existsSync(failed)) throw new Error(`Building the ${key} template failed: ${fs.readFileSync(failed, 'utf8')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  try {
    await build();
    fs.writeFileSync(done, '');
  } catch (error) {
    fs.writeFileSync(failed, (error as Error).stack ?? String(error));
    throw error;
  }
}

const builtHere = new Map<string, Promise<void>>();

/** The template's location (SQLite file or PostgreSQL database name), built on first use. */
async function template(dir: string, kind: Kind, demo: boolean): Promise<string> {
  const key = `${kind}-${demo ? 'demo' : 'migrated'}`;
  const location = kind === 'sqlite' ? path.join(dir, `${key}.db`) : `${templatePrefix(dir)}${demo ? 'demo' : 'migrated'}`;
  let built = builtHere.get(key);
  if (!built) {
    built = onceAcrossWorkers(dir, key, async () => {
      let target: DatabaseTarget;
      if (kind === 'sqlite') {
        target = { kind, location };
      } else {
        const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await admin.connect();
        await admin.query(`CREATE DATABASE ${location}`);
        await admin.end();
        target = { kind, location: adminUrl(location) };
      }
      // The same base URL as startServer gives the context the demo is loaded into.
      const ctx = await openContext(target, { publicBaseUrl: 'http://127.0.0.1' });
      try {
        if (demo) await loadDemo(ctx);
      } finally {
        await ctx.db.close();
      }
    });
    builtHere.set(key, built);
  }
  await built;
  return location;
}

/**
 * A fresh database of the given kind, already migrated (SEC profile) and, with `demo`, holding the
 * demo register as loadDemo leaves it; drop() removes it. Without the global setup it is built here.
 */
export async function migratedDatabase(kind: Kind, options: { demo?: boolean } = {}): Promise<Fresh> {
  const demo = options.demo === true;
  const dir = templateDir();
  if (!dir) {
    const db = await freshDatabase(kind);
    const ctx = await openContext(db.target, { publicBaseUrl: 'http://127.0.0.1' });
    try {
      if (demo) await loadDemo(ctx);
    } finally {
      await ctx.db.close();
    }
    return db;
  }
  const source = await template(dir, kind, demo);
  const name = `sec_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  if (kind === 'sqlite') {
    const into = fs.mkdtempSync(path.join(os.tmpdir(), 'secretariat-test-'));
    const location = path.join(into, `${name}.db`);
    // Closed cleanly, the template is one file (no WAL left) plus, with documents, its files folder.
    fs.copyFileSync(source, location);
    if (fs.existsSync(filesFolderFor(source))) fs.cpSync(filesFolderFor(source), filesFolderFor(location), { recursive: true });
    return { target: { kind, location }, drop: async () => fs.rmSync(into, { recursive: true, force: true }) };
  }
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${source}`);
  } finally {
    await admin.end();
  }
  return {
    target: { kind, location: adminUrl(name) },
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
 * With `{ demo: true }` the context starts with the demo register loaded (as `await loadDemo(ctx())`
 * first thing in a beforeAll would leave it, but copied from this run's template).
 */
export function describeEachDatabase(
  name: string,
  body: (env: { ctx: () => ServiceContext; dialect: DialectName; target: () => DatabaseTarget }) => void,
  suiteOptions: OpenContextOptions & { demo?: boolean } = {},
): void {
  const { demo = false, ...options } = suiteOptions;
  for (const dialect of DIALECTS) {
    const run = dialect === 'sqlite' || pgAvailable ? describe : describe.skip;
    run(`${name} [${dialect}]`, () => {
      let ctx: ServiceContext | undefined;
      let db: { target: DatabaseTarget; drop: () => Promise<void> } | undefined;
      beforeAll(async () => {
        // A suite on the SEC profile starts from a copy of this run's migrated template; one on a
        // profile of its own (or unmigrated) from an empty database, as before.
        // With demo: true the database holds the demo register as loadDemo leaves it with the real
        // clock (loadDemo writes no base URL); a suite that sets its own clock loads it itself.
        const usual = options.profile === undefined && options.migrate !== false && !options.readOnly;
        const demoTemplate = usual && options.clock === undefined && options.mail === undefined;
        db = usual ? await migratedDatabase(dialect, { demo: demo && demoTemplate }) : await freshDatabase(dialect);
        ctx = await openContext(db.target, { publicBaseUrl: 'https://secretariat.test', ...options });
        if (demo && !demoTemplate) await loadDemo(ctx);
      });
      afterAll(async () => {
        await ctx?.db.close();
        await db?.drop();
      });
      body({ ctx: () => ctx!, dialect, target: () => db!.target });
    });
  }
}
