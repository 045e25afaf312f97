// The `secretariat` command as a user runs it: the compiled launcher in a child process.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase, postgresReachable } from '../support/databases.js';

const pgUp = await postgresReachable();

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'secretariat.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'secretariat-cli-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string | undefined> = {}, cwd = ROOT) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd, encoding: 'utf8', env: { ...process.env, DATABASE_URL: undefined, PORT: undefined, ...env },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('secretariat CLI on SQLite', () => {
  const db = path.join(work, 'cli.db');
  const env = { DATABASE_URL: db };

  it('migrates without loading any data', () => {
    const first = cli(['migrate'], env);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/Applied \d+ migration/);
    expect(cli(['migrate'], env).out).toMatch(/up to date/);
    expect(cli(['proposals', 'list'], env).out).toMatch(/0 shown of 0/);
  });

  it('loads the demo once and refuses a second time', () => {
    expect(cli(['demo'], env)).toMatchObject({ code: 0 });
    const again = cli(['demo'], env);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/NOT_EMPTY/);
  });

  it('lists, filters and shows changes; DP092 and MP092 are the same change', () => {
    const list = cli(['proposals', 'list', '--stage', 'development'], env);
    expect(list.out).toMatch(/DP094/);
    expect(list.out).not.toMatch(/MP092/);
    const json = JSON.parse(cli(['proposals', 'list', '--party-category', 'dcc', '--json'], env).out);
    expect(json.items.map((p: { reference: string }) => p.reference)).toEqual(['MP092', 'DP096', 'DP097']);
    const byDp = cli(['proposals', 'show', 'DP092', '--json'], env);
    const byMp = cli(['proposals', 'show', 'MP092', '--json'], env);
    expect(byDp.out).toBe(byMp.out);
    expect(JSON.parse(byDp.out).events.some((e: { label: string; businessDate: string }) =>
      e.businessDate === '2019-11-15' && /Converted/.test(e.label))).toBe(true);
    expect(cli(['proposals', 'show', 'DP999'], env)).toMatchObject({ code: 1, err: expect.stringMatching(/NOT_FOUND/) });
  });

  it('acts on a change, and refuses an action not allowed now with the allowed list', () => {
    const ok = cli(['proposals', 'act', 'DP094', 'present-to-csc-decision', '--date', '2019-11-26', '--note', 'At the CSC'], env);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/DP094 is now in "Development Stage"/);
    const refused = cli(['proposals', 'act', 'DP094', 'convert', '--set', 'path=3', '--set', 'route=refinement'], env);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/ACTION_NOT_ALLOWED/);
    expect(refused.err).toMatch(/allowed now: .*agree-problem-statement/);
    const missing = cli(['proposals', 'act', 'MP092', 'move-to-report-phase', '--set', 'nonsense'], env);
    expect(missing.code).not.toBe(0);
  });

  it('raises a Draft Proposal from the command line', () => {
    const raised = cli(['proposals', 'raise', '--set', 'title=Clearer <b>labels</b>', '--set', 'organisation=Utilita',
      '--set', 'proposer=Andy Knowles', '--set', 'raisedOn=2019-11-25'], env);
    expect(raised.code, raised.err).toBe(0);
    expect(raised.out).toMatch(/Raised DP098/);
  });

  it('exports, imports into an empty database and exports again identically', () => {
    const out1 = path.join(work, 'one.json');
    const out2 = path.join(work, 'two.json');
    expect(cli(['export', '--out', out1], env).code).toBe(0);
    const other = { DATABASE_URL: path.join(work, 'other.db') };
    const imported = cli(['import', out1], other);
    expect(imported.code, imported.err).toBe(0);
    expect(cli(['export', '--out', out2], other).code).toBe(0);
    expect(fs.readFileSync(out2, 'utf8')).toBe(fs.readFileSync(out1, 'utf8'));
    expect(cli(['import', out1], other)).toMatchObject({ code: 1, err: expect.stringMatching(/NOT_EMPTY/) });
  });

  it('creates a token shown once and stored only as a hash', () => {
    const created = cli(['token', 'create', '--name', 'ci'], env);
    expect(created.code).toBe(0);
    const token = created.out.trim();
    expect(token).toMatch(/^sec_[A-Za-z0-9_-]{40,}$/);
    const stored = Buffer.concat([db, `${db}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
    expect(stored.includes(Buffer.from(token))).toBe(false);
    expect(stored.includes(Buffer.from(createHash('sha256').update(token).digest('hex')))).toBe(true);
  });

  it('adds users with a role and gives them tokens', () => {
    const added = cli(['user', 'add', '--email', 'Ana@Example.org', '--name', 'Ana Analyst', '--role', 'analyst'], env);
    expect(added.code, added.err).toBe(0);
    expect(added.out).toMatch(/Added ana@example.org as analyst/);
    expect(added.out).toMatch(/Password \(shown once\): \S{12,}/);
    const chosen = cli(['user', 'add', '--email', 'm@example.org', '--name', 'Mo Member', '--role', 'member', '--committee', 'OPSG'],
      { ...env, SECRETARIAT_PASSWORD: 'a long enough password' });
    expect(chosen.code, chosen.err).toBe(0);
    expect(chosen.out).not.toMatch(/Password/);
    expect(cli(['user', 'add', '--email', 'ana@example.org', '--name', 'Again', '--role', 'analyst'], env)).toMatchObject({ code: 1, err: expect.stringMatching(/ALREADY_EXISTS/) });
    expect(cli(['user', 'add', '--email', 'p@example.org', '--name', 'P', '--role', 'party'], env)).toMatchObject({ code: 1, err: expect.stringMatching(/organisation/) });
    const token = cli(['token', 'create', '--name', 'ana', '--user', 'ana@example.org', '--scope', 'read'], env);
    expect(token.code, token.err).toBe(0);
    expect(token.err).toMatch(/\(read\)/);
    expect(cli(['token', 'create', '--name', 'x', '--user', 'nobody@example.org'], env)).toMatchObject({ code: 1, err: expect.stringMatching(/NOT_FOUND/) });
  });

  it('stops with a message naming a bad setting', () => {
    const bad = cli(['migrate'], { PORT: 'eighty' });
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/PORT/);
    const badDb = cli(['migrate'], { DATABASE_URL: 'mysql://localhost/x' });
    expect(badDb.code).not.toBe(0);
    expect(badDb.err).toMatch(/DATABASE_URL/);
  });
});

async function serveAndGet(env: Record<string, string | undefined>, cwd: string, paths: string[]): Promise<unknown[]> {
  const port = String(20000 + Math.floor(Math.random() * 20000));
  const child = spawn(process.execPath, [BIN, 'serve', '--port', port], {
    cwd, env: { ...process.env, DATABASE_URL: undefined, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 20_000);
      child.stderr.on('data', () => { if (/is serving/.test(stderr)) { clearTimeout(timer); resolve(); } });
      child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${stderr}`)); });
    });
    const out = [];
    for (const p of paths) out.push(await (await fetch(`http://127.0.0.1:${port}${p}`)).json());
    return out;
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

describe('secretariat serve', () => {
  it('creates, migrates and fills the default SQLite file on first start', async () => {
    const cwd = fs.mkdtempSync(path.join(work, 'start-'));
    const [health, list] = await serveAndGet({}, cwd, ['/healthz', '/api/v1/proposals']) as [{ database: string }, { total: number }];
    expect(health.database).toBe('sqlite');
    expect(list.total).toBe(9);
    expect(fs.existsSync(path.join(cwd, 'data', 'secretariat.db'))).toBe(true);
  });

  it.skipIf(!pgUp)('runs the same product on PostgreSQL, without demo data', async () => {
    const db = await freshDatabase('postgres');
    try {
      const [health, list] = await serveAndGet({ DATABASE_URL: db.target.location }, work, ['/healthz', '/api/v1/proposals']) as [{ database: string }, { total: number }];
      expect(health.database).toBe('postgres');
      expect(list.total).toBe(0);
    } finally {
      await db.drop();
    }
  });
});
