// Storage that refuses writes: a read-only database answers reads and refuses every write with 503
// DATABASE_READ_ONLY; a full one refuses a large write with 507 DATABASE_FULL. Either way the
// message is clear, nothing is half-written and the data written before is intact.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildServer, openContext } from '../../src/app.js';
import type { DatabaseTarget } from '../../src/config.js';
import { createToken } from '../../src/modules/accounts/service.js';
import type { ServiceContext } from '../../src/modules/context.js';
import type { HttpServer } from '../../src/platform/http/server.js';
import { freshDatabase, postgresReachable } from '../support/databases.js';
import { PROBLEM_STATEMENT, expectError, seedDirectory } from '../api/helpers.js';

const pgUp = await postgresReachable();

/** Closes what a test opened, even when it fails. */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Requests through Fastify's inject with one write token (made while the database was writable). */
interface Client {
  app: HttpServer;
  serverErrors: string[];
  get(url: string): Promise<LightMyRequestResponse>;
  send(method: 'POST' | 'PUT' | 'PATCH', url: string, body: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  version(ref: string): Promise<number>;
}

async function open(target: DatabaseTarget, options: { readOnly?: boolean; token?: string } = {}): Promise<{ ctx: ServiceContext; client: Client; token: string }> {
  const ctx = await openContext(target, { readOnly: options.readOnly, publicBaseUrl: 'https://secretariat.test' });
  const app = await buildServer(ctx);
  const serverErrors: string[] = [];
  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode >= 500) serverErrors.push(`${request.method} ${request.url} ${reply.statusCode}`);
  });
  await app.ready();
  cleanups.push(async () => { await app.close(); await ctx.db.close(); });
  const token = options.token ?? (await createToken(ctx, { name: 'storage' })).token;
  const authorization = `Bearer ${token}`;
  const client: Client = {
    app, serverErrors,
    get: (url) => app.inject({ method: 'GET', url }),
    send: (method, url, body, headers = {}) => app.inject({ method, url, headers: { authorization, ...headers }, payload: body as object }),
    async version(ref) {
      return (await client.get(`/api/v1/proposals/${ref}`)).json().version;
    },
  };
  return { ctx, client, token };
}

/** A register of two changes, one moved on, with its problem statement; returns what the API says of it. */
async function seed(ctx: ServiceContext, client: Client): Promise<string> {
  await seedDirectory(ctx);
  const answers = [
    await client.send('POST', '/api/v1/proposals', { title: 'Before the fault', raisedOn: '2020-01-06', problemStatement: PROBLEM_STATEMENT, organisation: 'Utilita' }),
    await client.send('POST', '/api/v1/proposals/DP001/actions', { action: 'present-to-csc-initial', businessDate: '2020-01-07' }),
    await client.send('POST', '/api/v1/proposals', { title: 'Also before', raisedOn: '2020-01-08' }),
  ];
  expect(answers.map((r) => r.statusCode), answers.map((r) => r.body).join('\n')).toEqual([201, 200, 201]);
  return snapshot(client);
}

/** What the API says of the register: the list, and each change with its timeline and problem statement. */
async function snapshot(client: Client): Promise<string> {
  const parts: unknown[] = [(await client.get('/api/v1/proposals?limit=200')).json()];
  for (const ref of ['DP001', 'DP002']) {
    for (const path of ['', '/events', '/problem-statement']) parts.push((await client.get(`/api/v1/proposals/${ref}${path}`)).json());
  }
  return JSON.stringify(parts);
}

/** Every kind of write on the register, plus one of the committees module, each with a valid body. */
async function everyWrite(client: Client): Promise<LightMyRequestResponse[]> {
  return [
    await client.send('POST', '/api/v1/proposals', { title: 'Refused', raisedOn: '2020-01-09' }),
    await client.send('PATCH', '/api/v1/proposals/DP001', { title: 'Refused edit' }, { 'if-match': `"${await client.version('DP001')}"` }),
    await client.send('POST', '/api/v1/proposals/DP001/actions', { action: 'present-to-csc-decision', businessDate: '2020-01-09' }),
    await client.send('PUT', '/api/v1/proposals/DP001/problem-statement', { body: `${PROBLEM_STATEMENT}\nMore.` }),
    await client.send('POST', '/api/v1/meetings', { committee: 'OPSG', date: '2020-02-04' }),
  ];
}

function expectReadOnly(res: LightMyRequestResponse): void {
  const error = expectError(res, 503, 'DATABASE_READ_ONLY');
  expect(error.message).toMatch(/read-only.*nothing was saved/i);
}

function integrityCheck(file: string): string {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    return (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('faults: a read-only or full database', () => {
  it('SQLite opened read-only: reads work, every write answers 503 DATABASE_READ_ONLY, nothing changes', async () => {
    const db = await freshDatabase('sqlite');
    cleanups.push(db.drop);
    const file = db.target.location;
    const writable = await open(db.target);
    const before = await seed(writable.ctx, writable.client);
    await cleanups.pop()!(); // close the writable server and database
    const bytes = sha256(file);

    const { client } = await open(db.target, { readOnly: true, token: writable.token });
    expect(await snapshot(client)).toBe(before);
    expect((await client.get('/healthz')).json()).toMatchObject({ status: 'ok', database: 'sqlite' });
    expect((await client.get('/modifications/')).statusCode).toBe(200);
    // A token still reads (recording its use is skipped, not fatal).
    const withToken = await client.app.inject({ method: 'GET', url: '/api/v1/submissions', headers: { authorization: `Bearer ${writable.token}` } });
    expect(withToken.statusCode, withToken.body).toBe(200);
    for (const res of await everyWrite(client)) expectReadOnly(res);
    expect(await snapshot(client)).toBe(before);
    expect(client.serverErrors.filter((e) => !e.endsWith(' 503'))).toEqual([]);
    await cleanups.pop()!();

    expect(sha256(file)).toBe(bytes);
    expect(integrityCheck(file)).toBe('ok');
  });

  it('SQLite full (max_page_count just above its size): a large write answers 507 DATABASE_FULL, no corruption, earlier data intact', async () => {
    const db = await freshDatabase('sqlite');
    cleanups.push(db.drop);
    const { ctx, client } = await open(db.target);
    const before = await seed(ctx, client);
    // SQLite has one connection here, so the cap set through Kysely holds for every request.
    const pages = Number((await sql<{ page_count: number }>`PRAGMA page_count`.execute(ctx.db.kysely)).rows[0].page_count);
    await sql.raw(`PRAGMA max_page_count = ${pages + 2}`).execute(ctx.db.kysely);

    const large = `${PROBLEM_STATEMENT}\n${'A long paragraph of evidence. '.repeat(3000)}`; // ~90 kB, far more than two pages
    const full = [
      await client.send('PUT', '/api/v1/proposals/DP001/problem-statement', { body: large }),
      await client.send('POST', '/api/v1/proposals', { title: 'Too big to fit', raisedOn: '2020-01-09', problemStatement: large }),
      await client.send('PATCH', '/api/v1/proposals/DP002', { summary: large.slice(0, 20000), solution: large.slice(20000, 40000) }, { 'if-match': '"1"' }),
    ];
    for (const res of full) {
      const error = expectError(res, 507, 'DATABASE_FULL');
      expect(error.message).toMatch(/full.*nothing was saved/i);
    }
    expect(client.serverErrors.filter((e) => !e.endsWith(' 507'))).toEqual([]);
    expect(await snapshot(client)).toBe(before);
    expect((await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(ctx.db.kysely)).rows[0].integrity_check).toBe('ok');

    // With room again, the same server writes normally: the failed transactions left nothing open.
    await sql.raw('PRAGMA max_page_count = 1073741823').execute(ctx.db.kysely);
    expect((await client.send('PUT', '/api/v1/proposals/DP001/problem-statement', { body: large })).statusCode).toBe(200);
    const events = (await client.get('/api/v1/proposals/DP001/events')).json().items;
    expect(events.at(-1).type).toBe('problem-statement.saved');
    expect(await client.version('DP001')).toBe(events.length);
    await cleanups.pop()!();
    expect(integrityCheck(db.target.location)).toBe('ok');
  });

  it.skipIf(!pgUp)('PostgreSQL with default_transaction_read_only: reads work, writes answer 503 DATABASE_READ_ONLY (SQLSTATE 25006)', async () => {
    const db = await freshDatabase('postgres');
    cleanups.push(db.drop);
    const writable = await open(db.target);
    const before = await seed(writable.ctx, writable.client);
    await cleanups.pop()!();

    const name = new URL(db.target.location).pathname.slice(1);
    const admin = new pg.Client({ connectionString: db.target.location });
    await admin.connect();
    await admin.query(`ALTER DATABASE ${name} SET default_transaction_read_only = on`);
    await admin.end();

    // New connections are read-only; the migrations (which would write) are skipped.
    const { client } = await open(db.target, { readOnly: true, token: writable.token });
    expect(await snapshot(client)).toBe(before);
    expect((await client.get('/healthz')).json()).toMatchObject({ status: 'ok', database: 'postgres' });
    for (const res of await everyWrite(client)) expectReadOnly(res);
    expect(await snapshot(client)).toBe(before);
    expect(client.serverErrors.filter((e) => !e.endsWith(' 503'))).toEqual([]);
  });
});
