// The `secretariat` command as a user runs it. Commands run in this process through `runCli` (the
// same program, settings from the given environment, the same output and exit codes); the last
// suite starts the compiled launcher, `node bin/secretariat.js`, to prove that path works too.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase, postgresReachable } from '../support/databases.js';
import { cli, commandEnv, serveInProcess } from '../support/cli.js';
import { runCli } from '../../src/cli.js';
import { launch, startServe, type Exit } from '../support/processes.js';

const pgUp = await postgresReachable();

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'secretariat-cli-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('secretariat CLI on SQLite', () => {
  const db = path.join(work, 'cli.db');
  const env = { DATABASE_URL: db };

  it('migrates without loading any data', async () => {
    const first = await cli(['migrate'], env);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/Applied \d+ migration/);
    expect((await cli(['migrate'], env)).out).toMatch(/up to date/);
    expect((await cli(['proposals', 'list'], env)).out).toMatch(/0 shown of 0/);
  });

  it('loads the demo once and refuses a second time', async () => {
    expect(await cli(['demo'], env)).toMatchObject({ code: 0 });
    const again = await cli(['demo'], env);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/NOT_EMPTY/);
  });

  it('lists, filters and shows changes; DP092 and MP092 are the same change', async () => {
    const list = await cli(['proposals', 'list', '--stage', 'development'], env);
    expect(list.out).toMatch(/DP094/);
    expect(list.out).not.toMatch(/MP092/);
    const json = JSON.parse((await cli(['proposals', 'list', '--party-category', 'dcc', '--json'], env)).out);
    expect(json.items.map((p: { reference: string }) => p.reference)).toEqual(['MP092', 'DP096', 'DP097']);
    const byDp = await cli(['proposals', 'show', 'DP092', '--json'], env);
    const byMp = await cli(['proposals', 'show', 'MP092', '--json'], env);
    expect(byDp.out).toBe(byMp.out);
    expect(JSON.parse(byDp.out).events.some((e: { label: string; businessDate: string }) =>
      e.businessDate === '2019-11-15' && /Converted/.test(e.label))).toBe(true);
    expect(await cli(['proposals', 'show', 'DP999'], env)).toMatchObject({ code: 1, err: expect.stringMatching(/NOT_FOUND/) });
  });

  it('prints the change feed page by page, as JSON lines, and follows it as events are recorded', async () => {
    const first = await cli(['changes', '--limit', '5'], env);
    expect(first.code, first.err).toBe(0);
    expect(first.out.trim().split('\n')).toHaveLength(5);
    // The day as a person reads it, padded so the columns line up.
    expect(first.out).toMatch(/^\s+1 {2}\d{1,2} [A-Z][a-z]+ \d{4} +committee\.member-added/);
    expect(first.out).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    const next = /^next: (\S+)$/m.exec(first.err)![1];
    const json = await cli(['changes', '--after', next, '--limit', '3', '--json'], env);
    const events = json.out.trim().split('\n').map((l) => JSON.parse(l) as { position: number; cursor: string; type: string });
    expect(events.map((e) => e.position)).toEqual([6, 7, 8]);
    expect(/^next: (\S+)$/m.exec(json.err)![1]).toBe(events[2].cursor);
    const bad = await cli(['changes', '--after', 'not-a-cursor'], env);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/VALIDATION_FAILED[\s\S]*after:/);

    // Following: what is recorded while it runs is printed, and it stops when asked.
    const end = /^next: (\S+)$/m.exec((await cli(['changes', '--limit', '500'], env)).err)![1];
    const controller = new AbortController();
    const out: string[] = [];
    const following = runCli(['changes', '--follow', '--after', end], {
      env: commandEnv(env), stdout: { write: (c) => out.push(String(c)) }, stderr: { write: () => true }, signal: controller.signal,
    });
    expect((await cli(['proposals', 'act', 'DP097', 'present-to-csc-initial', '--date', '2019-11-26'], env)).code).toBe(0);
    for (let i = 0; i < 100 && !out.join('').includes('DP097'); i += 1) await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    expect(await following).toBe(0);
    expect(out.join('')).toMatch(/proposal\.action-taken\s+DP097\s+Presented to the Change Sub-Committee/);
  });

  it('acts on a change, and refuses an action not allowed now with the allowed list', async () => {
    const ok = await cli(['proposals', 'act', 'DP094', 'present-to-csc-decision', '--date', '2019-11-26', '--note', 'At the CSC'], env);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/DP094 is now in "Development Stage"/);
    const refused = await cli(['proposals', 'act', 'DP094', 'convert', '--set', 'path=3', '--set', 'route=refinement'], env);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/ACTION_NOT_ALLOWED/);
    expect(refused.err).toMatch(/allowed now: .*agree-problem-statement/);
    const missing = await cli(['proposals', 'act', 'MP092', 'move-to-report-phase', '--set', 'nonsense'], env);
    expect(missing.code).not.toBe(0);
  });

  it('raises a Draft Proposal from the command line', async () => {
    const raised = await cli(['proposals', 'raise', '--set', 'title=Clearer <b>labels</b>', '--set', 'organisation=Utilita',
      '--set', 'proposer=Andy Knowles', '--set', 'raisedOn=2019-11-25'], env);
    expect(raised.code, raised.err).toBe(0);
    expect(raised.out).toMatch(/Raised DP098/);
  });

  it('exports, imports into an empty database and exports again identically', async () => {
    const out1 = path.join(work, 'one.json');
    const out2 = path.join(work, 'two.json');
    expect((await cli(['export', '--out', out1], env)).code).toBe(0);
    const other = { DATABASE_URL: path.join(work, 'other.db') };
    const imported = await cli(['import', out1], other);
    expect(imported.code, imported.err).toBe(0);
    expect((await cli(['export', '--out', out2], other)).code).toBe(0);
    expect(fs.readFileSync(out2, 'utf8')).toBe(fs.readFileSync(out1, 'utf8'));
    expect(await cli(['import', out1], other)).toMatchObject({ code: 1, err: expect.stringMatching(/NOT_EMPTY/) });
  });

  it('creates a token shown once and stored only as a hash', async () => {
    const created = await cli(['token', 'create', '--name', 'ci'], env);
    expect(created.code).toBe(0);
    const token = created.out.trim();
    expect(token).toMatch(/^sec_[A-Za-z0-9_-]{40,}$/);
    const stored = Buffer.concat([db, `${db}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
    expect(stored.includes(Buffer.from(token))).toBe(false);
    expect(stored.includes(Buffer.from(createHash('sha256').update(token).digest('hex')))).toBe(true);
  });

  it('adds users with a role and gives them tokens', async () => {
    const added = await cli(['user', 'add', '--email', 'Ana@Example.org', '--name', 'Ana Analyst', '--role', 'analyst'], env);
    expect(added.code, added.err).toBe(0);
    expect(added.out).toMatch(/Added ana@example.org as analyst/);
    expect(added.out).toMatch(/Password \(shown once\): \S{12,}/);
    const chosen = await cli(['user', 'add', '--email', 'm@example.org', '--name', 'Mo Member', '--role', 'member', '--committee', 'OPSG'],
      { ...env, SECRETARIAT_PASSWORD: 'a long enough password' });
    expect(chosen.code, chosen.err).toBe(0);
    expect(chosen.out).not.toMatch(/Password/);
    expect(await cli(['user', 'add', '--email', 'ana@example.org', '--name', 'Again', '--role', 'analyst'], env)).toMatchObject({ code: 1, err: expect.stringMatching(/ALREADY_EXISTS/) });
    expect(await cli(['user', 'add', '--email', 'p@example.org', '--name', 'P', '--role', 'party'], env)).toMatchObject({ code: 1, err: expect.stringMatching(/organisation/) });
    const token = await cli(['token', 'create', '--name', 'ana', '--user', 'ana@example.org', '--scope', 'read'], env);
    expect(token.code, token.err).toBe(0);
    expect(token.err).toMatch(/\(read\)/);
    expect(await cli(['token', 'create', '--name', 'x', '--user', 'nobody@example.org'], env)).toMatchObject({ code: 1, err: expect.stringMatching(/NOT_FOUND/) });
  });

  it('stops with a message naming a bad setting', async () => {
    const bad = await cli(['migrate'], { PORT: 'eighty' });
    expect(bad.code).not.toBe(0);
    expect(bad.code).toBe(78); // EX_CONFIG, so a service manager can tell a bad setting from a crash
    expect(bad.err).toMatch(/PORT/);
    const badDb = await cli(['migrate'], { DATABASE_URL: 'mysql://localhost/x' });
    expect(badDb.code).not.toBe(0);
    expect(badDb.err).toMatch(/^Configuration error: DATABASE_URL/);
  });

  it('answers --help, a bad command and a bad option with the right exit code, never exiting the caller', async () => {
    const help = await cli(['--help']);
    expect(help).toMatchObject({ code: 0, err: '' });
    expect(help.out).toMatch(/^Usage: secretariat /);
    expect(help.out).toMatch(/proposals/);
    const sub = await cli(['proposals', 'act', '--help']);
    expect(sub).toMatchObject({ code: 0, out: expect.stringMatching(/--set <field=value>/) });
    // Without a command, commander prints the help as an error.
    expect(await cli([])).toMatchObject({ code: 1, out: '', err: expect.stringMatching(/^Usage: secretariat /) });
    const unknown = await cli(['nonsense']);
    expect(unknown).toMatchObject({ code: 1, out: '' });
    expect(unknown.err).toMatch(/unknown command 'nonsense'/);
    expect(await cli(['migrate', '--bogus'], env)).toMatchObject({ code: 1, err: expect.stringMatching(/unknown option '--bogus'/) });
    expect(await cli(['export'], env)).toMatchObject({ code: 1, err: expect.stringMatching(/required option '--out <file>' not specified/) });
    expect(await cli(['serve', '--port', 'abc'])).toMatchObject({ code: 1, err: expect.stringMatching(/must be a port number/) });
  });

  it('writes a paper to standard output', async () => {
    const md = await cli(['paper', '--committee', 'OPSG', '--date', '2019-11-26', '--format', 'md'], env);
    expect(md.code, md.err).toBe(0);
    expect(md.out).toMatch(/New Draft Proposals and Modification Proposals/);
  });
});

describe('secretariat serve', () => {
  it.skipIf(!pgUp)('runs the same product on PostgreSQL, without demo data, and stops when asked', async () => {
    const db = await freshDatabase('postgres');
    try {
      const server = await serveInProcess({ DATABASE_URL: db.target.location });
      try {
        expect(server.stderr()).toMatch(/Secretariat is serving PostgreSQL at /);
        const health = await (await fetch(`${server.url}/healthz`)).json() as { database: string };
        const list = await (await fetch(`${server.url}/api/v1/proposals`)).json() as { total: number };
        expect(health.database).toBe('postgres');
        expect(list.total).toBe(0);
        expect(await server.stop()).toBe(0);
        await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
      } finally {
        await server.stop(); // stopping twice is harmless, and a failed assertion must not leave it running
      }
    } finally {
      await db.drop();
    }
  });
});

// The one path the in-process tests skip: bin/secretariat.js loading dist/main.js, which turns
// runCli's result into the process's exit code and lets `serve` exit on SIGTERM.
describe('the compiled launcher, bin/secretariat.js', () => {
  it('passes a refusal\'s exit code 1 and message on to the shell', () => {
    const refused = launch(['proposals', 'show', 'DP999'], { DATABASE_URL: path.join(work, 'launcher.db') });
    expect(refused.code).toBe(1);
    expect(refused.out).toBe('');
    expect(refused.err).toMatch(/^error NOT_FOUND: /);
  });

  it('serve creates, migrates and fills the default SQLite file on first start, and exits 0 on SIGTERM', async () => {
    const cwd = fs.mkdtempSync(path.join(work, 'start-'));
    const server = await startServe({}, cwd);
    let exit: Exit | undefined;
    try {
      const health = await (await fetch(`${server.url}/healthz`)).json() as { database: string };
      const list = await (await fetch(`${server.url}/api/v1/proposals`)).json() as { total: number };
      expect(health.database).toBe('sqlite');
      expect(list.total).toBe(9);
      expect(fs.existsSync(path.join(cwd, 'data', 'secretariat.db'))).toBe(true);
    } finally {
      exit = await server.stop();
    }
    expect(exit).toEqual({ code: 0, signal: null });
  });
});

