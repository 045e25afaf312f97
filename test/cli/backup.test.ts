// `secretariat backup` and `secretariat restore` as an operator runs them: a backup taken while a
// server is running and writing is one consistent snapshot, and a restore gives back every table,
// row for row, and the whole-register export byte for byte. The server and most commands run in
// this process (runCli); the backup under load is the compiled command in a process of its own
// (`npm run build` first), as beside a production server, since SQLite's backup step holds the
// thread it runs on and would otherwise stop the writes it must overlap.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openContext } from '../../src/app.js';
import type { DatabaseTarget } from '../../src/config.js';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import type { ServiceContext } from '../../src/modules/context.js';
import { exportRegister } from '../../src/modules/register/service.js';
import { freshDatabase, postgresReachable } from '../support/databases.js';
import { cli, serveInProcess, type InProcessServe } from '../support/cli.js';
import { api, browser, launchAsync } from '../support/processes.js';

const pgUp = await postgresReachable();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'secretariat-backup-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const LOAD_TITLE = 'Written under load';

/** Every table of the database, each with all its rows (as JSON, sorted): the whole content. */
async function snapshot(ctx: ServiceContext): Promise<Record<string, string[]>> {
  const names = ctx.db.dialect === 'sqlite'
    ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(ctx.db.kysely)).rows.map((r) => r.name)
    : (await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = 'public'`.execute(ctx.db.kysely)).rows.map((r) => r.name);
  const out: Record<string, string[]> = {};
  for (const name of names.sort()) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(ctx.db.kysely)).rows;
    out[name] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

const counts = (tables: Record<string, string[]>) => Object.fromEntries(Object.entries(tables).map(([t, rows]) => [t, rows.length]));

/** Problems a torn snapshot would show: a change without its timeline, an event without its change. */
async function inconsistencies(ctx: ServiceContext): Promise<string[]> {
  const k = ctx.db.kysely;
  const noEvents = (await sql<{ id: string }>`select p.id from proposals p where not exists (select 1 from events e where e.proposal_id = p.id)`.execute(k)).rows;
  const orphans = (await sql<{ id: string }>`select e.id from events e where e.proposal_id is not null and not exists (select 1 from proposals p where p.id = e.proposal_id)`.execute(k)).rows;
  const problems = [...noEvents.map((r) => `proposal ${r.id} has no event`), ...orphans.map((r) => `event ${r.id} has no proposal`)];
  if (ctx.db.dialect === 'sqlite') {
    problems.push(...(await sql<Record<string, unknown>>`pragma foreign_key_check`.execute(k)).rows.map((r) => `foreign key: ${JSON.stringify(r)}`));
  }
  return problems;
}

/** The titles of the changes the writer raised, in the order it raised them. */
async function loadTitles(ctx: ServiceContext): Promise<string[]> {
  const rows = await ctx.db.kysely.selectFrom('proposals').select('title').where('title', 'like', `${LOAD_TITLE} %`).execute();
  return rows.map((r) => r.title).sort((a, b) => Number(a.split(' ').pop()) - Number(b.split(' ').pop()));
}

async function withCtx<T>(target: DatabaseTarget, fn: (ctx: ServiceContext) => Promise<T>, readOnly = false): Promise<T> {
  const ctx = await openContext(target, { migrate: false, readOnly });
  try {
    return await fn(ctx);
  } finally {
    await ctx.db.close();
  }
}

/** Raises changes through the API one after another until stopped; counts those acknowledged. */
function startWriter(call: ReturnType<typeof api>) {
  let acknowledged = 0;
  let stopped = false;
  const errors: string[] = [];
  const done = (async () => {
    for (let i = 0; !stopped; i += 1) {
      const res = await call('POST', '/api/v1/proposals', { title: `${LOAD_TITLE} ${i}` });
      if (res.status === 201) acknowledged += 1;
      else errors.push(`${res.status} ${res.body}`);
      if (errors.length > 5) break;
    }
  })();
  return {
    acknowledged: () => acknowledged,
    errors,
    async stop() {
      stopped = true;
      await done;
    },
  };
}

async function until(condition: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface Setup {
  kind: 'sqlite' | 'postgres';
  /** A fresh, empty database to restore into. */
  fresh: () => Promise<DatabaseTarget>;
  source: DatabaseTarget;
}

/** The whole round trip on one kind of database. */
async function roundTrip({ kind, fresh, source }: Setup): Promise<void> {
  const env = { DATABASE_URL: source.location };
  const envOf = (t: DatabaseTarget) => ({ DATABASE_URL: t.location });
  const file = (name: string) => path.join(work, `${kind}-${name}`);
  const run = async (args: string[], e = env) => {
    const r = await cli(args, e);
    expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(0);
    return r;
  };

  await run(['demo']);
  const token = (await run(['token', 'create', '--name', 'backup-test'])).out.trim();
  // An invitation: a password_resets row, an audit entry and a mail kept in the outbox (no SMTP_URL).
  await run(['user', 'add', '--email', 'invitee@example.org', '--name', 'Ivy Invitee', '--role', 'analyst', '--invite']);

  let server: InProcessServe | undefined = await serveInProcess(env);
  try {
    const call = api(server.url, token);
    // Sessions: one live, one signed out; sign-in attempts and audit entries with them.
    const live = browser(server.url);
    expect((await live.signIn('bradley.baker@secas.example', DEMO_PASSWORD)).status).toBe(303);
    const ended = browser(server.url);
    expect((await ended.signIn('admin@secretariat.example', DEMO_PASSWORD)).status).toBe(303);
    expect((await ended.signOut()).status).toBe(303);
    // A frozen paper: every format (PDF and Word are binary) stored with its SHA-256.
    const issued = await call('POST', '/api/v1/papers', { committee: 'OPSG', date: '2019-11-26' });
    expect(issued.status, issued.body).toBe(201);
    const paperId = issued.json().id as string;
    const pdf = Buffer.from(await (await fetch(`${server.url}/api/v1/papers/${paperId}/versions/1/pdf`)).arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    // 1. A backup while the server is writing: one snapshot, with every write before it and none torn.
    const writer = startWriter(call);
    await until(() => writer.acknowledged() >= 5);
    const before = writer.acknowledged();
    const started = Date.now();
    const underLoad = await launchAsync(['backup', file('under-load.bak')], env);
    const backupMs = Date.now() - started;
    const after = writer.acknowledged();
    await until(() => writer.acknowledged() >= after + 3);
    await writer.stop();
    expect(underLoad.code, underLoad.err).toBe(0);
    expect(underLoad.out).toMatch(/Backed up the (SQLite|PostgreSQL) database/);
    expect(writer.errors).toEqual([]);
    expect(after, `the server kept writing during the ${backupMs} ms backup`).toBeGreaterThan(before);

    const restoredUnderLoad = await fresh();
    const restored1 = await run(['restore', file('under-load.bak')], envOf(restoredUnderLoad));
    expect(restored1.out).toMatch(/^Restored /);
    const titles = await withCtx(restoredUnderLoad, async (ctx) => {
      expect(await inconsistencies(ctx)).toEqual([]);
      return loadTitles(ctx);
    });
    // Everything acknowledged before the backup began is in it; nothing after it ended (one write may be in flight).
    expect(titles.length).toBeGreaterThanOrEqual(before);
    expect(titles.length).toBeLessThanOrEqual(after + 1);
    expect(titles).toEqual(Array.from({ length: titles.length }, (_, i) => `${LOAD_TITLE} ${i}`));
    if (kind === 'sqlite') {
      // The backup file is itself a database: its export and every table equal the restored copy's.
      const bak: DatabaseTarget = { kind: 'sqlite', location: file('under-load.bak') };
      const [fromBackup, fromRestored] = await Promise.all([
        withCtx(bak, async (ctx) => ({ export: await exportRegister(ctx), tables: await snapshot(ctx) }), true),
        withCtx(restoredUnderLoad, async (ctx) => ({ export: await exportRegister(ctx), tables: await snapshot(ctx) })),
      ]);
      expect(fromRestored.export).toBe(fromBackup.export);
      expect(fromRestored.tables).toEqual(fromBackup.tables);
      expect(fs.existsSync(`${file('under-load.bak')}-wal`)).toBe(false);
    }

    // 2. Writes stopped at a known point; the server still runs. Backup, restore, compare everything.
    const quiet = await run(['backup', file('quiet.bak')]);
    expect(quiet.out).toMatch(/Backed up/);
    const restoredQuiet = await fresh();
    await run(['restore', file('quiet.bak')], envOf(restoredQuiet));
    const [src, dst] = [
      await withCtx(source, async (ctx) => ({ export: await exportRegister(ctx), tables: await snapshot(ctx) })),
      await withCtx(restoredQuiet, async (ctx) => ({ export: await exportRegister(ctx), tables: await snapshot(ctx), files: await ctx.db.kysely.selectFrom('paper_files').selectAll().execute() })),
    ];
    expect(dst.export).toBe(src.export);
    expect(counts(dst.tables)).toEqual(counts(src.tables));
    expect(dst.tables).toEqual(src.tables);
    // The comparison covers what lives only in the database: sessions, audit, outbox, tokens.
    for (const table of ['sessions', 'audit_log', 'outbox', 'api_tokens', 'sign_in_attempts', 'password_resets', 'paper_files', 'kysely_migration']) {
      expect(src.tables[table]?.length ?? 0, table).toBeGreaterThan(0);
    }
    for (const f of dst.files) expect(sha256(Buffer.from(f.content, 'base64')), f.filename).toBe(f.sha256);

    // Refusals: the database the server is using, and a database that already holds tables.
    const busy = await cli(['restore', '--force', file('quiet.bak')], env);
    expect(busy.code).toBe(1);
    expect(busy.err).toMatch(/error LOCKED: .*in use/);
    const again = await cli(['restore', file('quiet.bak')], envOf(restoredQuiet));
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/error NOT_EMPTY: .*--force/);
    expect(await cli(['backup', file('quiet.bak')], env)).toMatchObject({ code: 1, err: expect.stringMatching(/ALREADY_EXISTS/) });

    await server.stop();
    server = undefined;
    // With --force, and nothing using it, a database with tables is replaced.
    await run(['restore', '--force', file('under-load.bak')], envOf(restoredQuiet));
    expect(await withCtx(restoredQuiet, (ctx) => loadTitles(ctx))).toEqual(titles);
    await run(['restore', '--force', file('quiet.bak')], envOf(restoredQuiet));

    // The restored database serves the frozen paper byte for byte, signed-in session included.
    server = await serveInProcess(envOf(restoredQuiet));
    const again1 = Buffer.from(await (await fetch(`${server.url}/api/v1/papers/${paperId}/versions/1/pdf`)).arrayBuffer());
    expect(sha256(again1)).toBe(sha256(pdf));
    const carried = browser(server.url, live.jar);
    expect((await carried.get('/modifications/new')).status).toBe(200);
    // And every document's file, kept beside a SQLite database or in PostgreSQL, byte for byte.
    const documents = (await (await fetch(`${server.url}/api/v1/proposals/MP092/documents`)).json()).items as { sha256: string; downloadUrl: string }[];
    expect(documents.length).toBeGreaterThan(0);
    for (const d of documents) {
      const bytes = Buffer.from(await (await fetch(`${server.url}${new URL(d.downloadUrl).pathname}`)).arrayBuffer());
      expect(sha256(bytes)).toBe(d.sha256);
    }
  } finally {
    await server?.stop();
  }
}

describe('secretariat backup and restore', () => {
  it('round-trips a SQLite database backed up while the server writes', async () => {
    const source: DatabaseTarget = { kind: 'sqlite', location: path.join(work, 'source.db') };
    let n = 0;
    await roundTrip({ kind: 'sqlite', source, fresh: async () => ({ kind: 'sqlite', location: path.join(work, `restored-${(n += 1)}.db`) }) });
  }, 180_000);

  it('refuses a damaged backup, a file that is not ours, and a live database file, changing nothing', async () => {
    const origin = { DATABASE_URL: path.join(work, 'origin.db') };
    expect((await cli(['demo'], origin)).code).toBe(0);
    const good = path.join(work, 'good.bak');
    expect((await cli(['backup', good], origin)).code).toBe(0);
    const target = path.join(work, 'untouched.db');
    const env = { DATABASE_URL: target };
    // A damaged copy: one page in the middle overwritten.
    const damaged = path.join(work, 'damaged.bak');
    const bytes = fs.readFileSync(good);
    bytes.fill(0xa5, 4096 * 20, 4096 * 21);
    fs.writeFileSync(damaged, bytes);
    const r1 = await cli(['restore', damaged], env);
    expect(r1.code).toBe(1);
    expect(r1.err).toMatch(/VALIDATION_FAILED: .*(integrity_check|not a readable SQLite)/);
    // A SQLite database, but not a Secretariat one.
    const other = path.join(work, 'other.sqlite');
    const foreign = new SQLite(other);
    foreign.exec('create table notes (id integer primary key, text text); insert into notes (text) values (\'hello\')');
    foreign.close();
    expect(await cli(['restore', other], env)).toMatchObject({ code: 1, err: expect.stringMatching(/not a Secretariat one \(no kysely_migration table\)/) });
    const plain = path.join(work, 'plain.sqlite');
    fs.writeFileSync(plain, fs.readFileSync(good).subarray(0, 100)); // a header and nothing else
    expect((await cli(['restore', plain], env)).code).toBe(1);
    expect(await cli(['restore', path.join(work, 'missing.bak')], env)).toMatchObject({ code: 1, err: expect.stringMatching(/NOT_FOUND/) });
    const text = path.join(work, 'notes.txt');
    fs.writeFileSync(text, 'not a database');
    expect(await cli(['restore', text], env)).toMatchObject({ code: 1, err: expect.stringMatching(/neither a SQLite database nor a pg_dump archive/) });
    // A backup made by a newer version (a migration this one does not know).
    const newer = path.join(work, 'newer.bak');
    fs.copyFileSync(good, newer);
    const edit = new SQLite(newer);
    edit.prepare('insert into kysely_migration (name, timestamp) values (?, ?)').run('2099-01-01-01-from-the-future', new Date().toISOString());
    edit.close();
    expect(await cli(['restore', newer], env)).toMatchObject({ code: 1, err: expect.stringMatching(/newer version .*2099-01-01-01-from-the-future/) });
    // A live database (its write-ahead log beside it) is not a backup.
    const live = new SQLite(origin.DATABASE_URL);
    live.exec('create table if not exists scratch (x); insert into scratch values (1)');
    try {
      expect(await cli(['restore', origin.DATABASE_URL], env)).toMatchObject({ code: 1, err: expect.stringMatching(/write-ahead log beside it/) });
    } finally {
      live.close();
    }
    // Nothing was written where the database would go.
    expect(fs.readdirSync(work).filter((f) => f.includes('untouched'))).toEqual([]);
  }, 60_000);

  it.skipIf(!pgUp)('round-trips a PostgreSQL database with pg_dump and pg_restore while the server writes', async () => {
    const made: { drop: () => Promise<void> }[] = [];
    const fresh = async () => {
      const db = await freshDatabase('postgres');
      made.push(db);
      return db.target;
    };
    try {
      await roundTrip({ kind: 'postgres', source: await fresh(), fresh });
    } finally {
      for (const db of made) await db.drop();
    }
  }, 180_000);
});
