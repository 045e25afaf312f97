// The real server (the compiled `secretariat serve`, so `npm run build` first) killed with SIGKILL
// in the middle of a burst of 100 writes (20 at a time), then started again on the same database: every
// write that was answered 2xx is there with its event, nothing is half-written (each change's
// version is 1 + the events after it was raised) and the database is sound. Only the killed server
// needs a process of its own; the restart runs `serve` in this process, which recovers the
// database just as a new process would (SQLite replays the write-ahead log on open).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openContext } from '../../src/app.js';
import type { DatabaseTarget } from '../../src/config.js';
import { SYSTEM_ACCOUNT } from '../../src/modules/accounts/accounts.js';
import { createToken } from '../../src/modules/accounts/service.js';
import { raiseProposal } from '../../src/modules/proposals/service.js';
import { freshDatabase, postgresReachable } from '../support/databases.js';
import { seedDirectory } from '../api/helpers.js';
import { serveInProcess } from '../support/cli.js';

const pgUp = await postgresReachable();
const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'secretariat.js');
const CHANGES = 10;
const BURST = 100;
const IN_FLIGHT = 20;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Server { url: string; child: ChildProcess; exited: Promise<void> }

/** `secretariat serve` on a free port of 127.0.0.1, once it says it is serving. */
async function serve(target: DatabaseTarget): Promise<Server> {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` first.');
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
    cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, DATABASE_URL: target.location, HOST: '127.0.0.1', PORT: undefined, SMTP_URL: undefined, LOG_REQUESTS: undefined },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start within 20 s: ${stderr}`)), 20_000);
    child.stderr.on('data', (d: string) => {
      stderr += d;
      const m = /is serving .* at (http:\/\/\S+:\d+)/.exec(stderr);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.once('exit', (code, signal) => { clearTimeout(timer); reject(new Error(`serve exited (${code ?? signal}): ${stderr}`)); });
  });
  return { url, child, exited };
}

/** `secretariat serve` again on the same database, in this process. */
async function restart(target: DatabaseTarget) {
  const server = await serveInProcess({ DATABASE_URL: target.location });
  cleanups.push(async () => { await server.stop(); });
  return server;
}

/** A database with a few Draft Proposals and a write token, made before the server starts. */
async function prepare(kind: 'sqlite' | 'postgres'): Promise<{ target: DatabaseTarget; token: string; refs: string[] }> {
  const db = await freshDatabase(kind);
  cleanups.push(db.drop);
  const ctx = await openContext(db.target);
  try {
    await seedDirectory(ctx);
    const refs: string[] = [];
    for (let i = 0; i < CHANGES; i += 1) {
      refs.push((await raiseProposal(ctx, SYSTEM_ACCOUNT, { title: `Burst target ${i}`, raisedOn: '2020-01-06', leadAnalyst: 'Joe Hehir' })).reference);
    }
    return { target: db.target, token: (await createToken(ctx, { name: 'burst' })).token, refs };
  } finally {
    await ctx.db.close();
  }
}

type Outcome = { i: number; ref: string; status: number | 'no answer' };

/**
 * 100 writes, each marked with its own note: lifecycle actions (present-to-csc-initial keeps the
 * change in Development Stage, so it can be taken again) and edits with If-Match: *, ten on each
 * change, kept IN_FLIGHT at a time: each answer sends the next, so writes are always on their way
 * when the kill lands (a burst sent all at once could be answered whole before the kill, on a fast
 * server). The server is killed with SIGKILL once a random 10 to 20 of them have been answered 2xx,
 * or as the last is sent. (Writes racing on one change lose with 412 or 409 and answer first, above
 * all on PostgreSQL, whose pool makes a winner wait to read back what it wrote; so count the 2xx.)
 * Writes sent after the kill find no server and count as unanswered too.
 */
async function burstAndKill(server: Server, token: string, refs: string[]): Promise<Outcome[]> {
  const killAfter = 10 + Math.floor(Math.random() * 11);
  let answered = 0;
  let next = 0;
  const kill = () => { if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL'); };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const send = async (i: number): Promise<Outcome> => {
    const ref = refs[i % refs.length];
    const note = `burst-${i}`;
    const request = i % 2 === 0
      ? fetch(`${server.url}/api/v1/proposals/${ref}/actions`, {
        method: 'POST', headers, body: JSON.stringify({ action: 'present-to-csc-initial', businessDate: '2020-01-07', note }),
        signal: AbortSignal.timeout(20_000),
      })
      : fetch(`${server.url}/api/v1/proposals/${ref}`, {
        method: 'PATCH', headers: { ...headers, 'if-match': '*' }, body: JSON.stringify({ latestUpdate: note, note }),
        signal: AbortSignal.timeout(20_000),
      });
    if (i === BURST - 1) setImmediate(kill);
    try {
      const res = await request;
      await res.arrayBuffer();
      if (res.ok && (answered += 1) === killAfter) kill();
      return { i, ref, status: res.status };
    } catch {
      return { i, ref, status: 'no answer' };
    }
  };
  const outcomes: Outcome[] = [];
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (next < BURST) outcomes.push(await send(next++));
  }));
  return outcomes.sort((x, y) => x.i - y.i);
}

/** Each change's timeline after the restart, read through the API; and its version. */
async function timelines(url: string, refs: string[]) {
  const out = new Map<string, { version: number; notes: string[]; types: string[] }>();
  for (const ref of refs) {
    const detail = await (await fetch(`${url}/api/v1/proposals/${ref}`)).json() as { version: number };
    const events = (await (await fetch(`${url}/api/v1/proposals/${ref}/events`)).json() as { items: { type: string; payload: { note?: string } }[] }).items;
    out.set(ref, { version: detail.version, notes: events.map((e) => e.payload.note ?? ''), types: events.map((e) => e.type) });
  }
  return out;
}

/** The register's own writes, each one version of the change. */
const WRITES = "'proposal.raised', 'proposal.edited', 'proposal.action-taken', 'problem-statement.saved'";

function checkOutcomes(outcomes: Outcome[], after: Awaited<ReturnType<typeof timelines>>): void {
  const saved = outcomes.filter((o) => typeof o.status === 'number' && o.status < 300);
  const refused = outcomes.filter((o) => typeof o.status === 'number' && o.status >= 300);
  const cut = outcomes.filter((o) => o.status === 'no answer');
  // The kill landed mid-burst: some writes were answered, some never were.
  expect(saved.length).toBeGreaterThanOrEqual(10);
  expect(cut.length, 'the server was killed after every request was answered').toBeGreaterThan(0);
  // A refusal is a lost race (412 VERSION_CONFLICT, or 409), never a 5xx.
  for (const o of refused) expect([409, 412], `request ${o.i}`).toContain(o.status);

  for (const [ref, t] of after) {
    // Nothing half-written: raised at version 1 with one event, and each write added one of each.
    expect(t.types[0], ref).toBe('proposal.raised');
    expect(t.version, `${ref}: version ${t.version}, ${t.types.length} events`).toBe(1 + (t.types.length - 1));
    expect(new Set(t.notes.filter(Boolean)).size, `${ref}: a note twice`).toBe(t.notes.filter(Boolean).length);
  }
  for (const o of saved) expect(after.get(o.ref)!.notes, `request ${o.i} was answered ${o.status}`).toContain(`burst-${o.i}`);
  for (const o of refused) expect(after.get(o.ref)!.notes, `request ${o.i} was refused`).not.toContain(`burst-${o.i}`);
}

function integrityCheck(file: string): string {
  const db = new SQLite(file, { fileMustExist: true });
  try {
    return (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

describe('faults: the server killed with SIGKILL mid-burst', () => {
  it('on SQLite: every 2xx write survives with its event, nothing half-written, integrity_check ok', async () => {
    const { target, token, refs } = await prepare('sqlite');
    const first = await serve(target);
    const outcomes = await burstAndKill(first, token, refs);
    await first.exited;
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(fs.existsSync(`${target.location}-wal`), 'the kill left the write-ahead log to recover').toBe(true);

    const second = await restart(target);
    expect((await (await fetch(`${second.url}/healthz`)).json())).toMatchObject({ status: 'ok', database: 'sqlite' });
    checkOutcomes(outcomes, await timelines(second.url, refs));
    expect(await second.stop()).toBe(0);
    expect(integrityCheck(target.location)).toBe('ok');
  });

  it.skipIf(!pgUp)('on PostgreSQL: every 2xx write survives with its event, and versions and events agree', async () => {
    const { target, token, refs } = await prepare('postgres');
    const first = await serve(target);
    const outcomes = await burstAndKill(first, token, refs);
    await first.exited;
    expect(first.child.signalCode).toBe('SIGKILL');

    const second = await restart(target);
    expect((await (await fetch(`${second.url}/healthz`)).json())).toMatchObject({ status: 'ok', database: 'postgres' });
    checkOutcomes(outcomes, await timelines(second.url, refs));
    expect(await second.stop()).toBe(0);

    const client = new pg.Client({ connectionString: target.location });
    await client.connect();
    try {
      const { rows } = await client.query<{ reference: string; version: number; events: string }>(
        `select p.reference, p.version, (select count(*) from events e where e.proposal_id = p.id and e.type in (${WRITES})) as events
           from proposals p
          where p.version <> (select count(*) from events e where e.proposal_id = p.id and e.type in (${WRITES}))`);
      expect(rows, 'changes whose version and events disagree').toEqual([]);
      const { rows: [count] } = await client.query<{ n: string }>('select count(*) as n from proposals');
      expect(Number(count.n)).toBe(CHANGES);
    } finally {
      await client.end();
    }
  });
});
