// `npm run bench [-- --quick]`: generates a large register on SQLite and on PostgreSQL, starts the
// real server on it, and measures pages, API reads, paper generation, cold start and memory.
// Every throughput is also a ratio to two bare Fastify routes measured in the same run, because
// absolute numbers differ between machines: one serving 70 bytes of JSON, and one serving the very
// bytes the target answered (a 29 KB page costs the socket and Fastify more than 70 bytes, so that
// is the fair limit for a page). Results are written to BENCHMARKS.md.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { openContext } from '../src/app.js';
import { SYSTEM_ACCOUNT } from '../src/modules/accounts/accounts.js';
import { SESSION_COOKIE } from '../src/modules/accounts/http.js';
import { addUser, createToken } from '../src/modules/accounts/service.js';
import { signIn } from '../src/modules/accounts/sessions.js';
import { previewPaper } from '../src/modules/papers/service.js';
import { PAPER_FORMATS } from '../src/modules/papers/formats.js';
import { reindexSearch, searchChanges } from '../src/modules/search/service.js';
import { PUBLIC } from '../src/modules/accounts/accounts.js';
import { freshDatabase, postgresReachable } from '../test/support/databases.js';
import { generateRegister } from './generate.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const quick = process.argv.includes('--quick');
const CHANGES = quick ? 1_000 : 10_000;
const EVENTS = 100;
const DURATION = quick ? 3 : 8;
const CONNECTIONS = 50;
/** A common word, two words, a phrase with an exclusion, and OR: the shapes people type. */
const SEARCH_QUERIES = ['prepayment', 'smart meter', '"credit cover" -firmware', 'outage OR gateway'];

interface Load { name: string; path: string; rps: number; p99: number; errors: number; non2xx: number }
/** Who is asking: nobody, a bearer token, or a browser session. */
type Headers = Record<string, string>;
/** A target's answer, fetched once before the load. */
interface Captured { body: Buffer; contentType: string }
interface Target extends Load { bytes: number; sameBytes: Load }
interface DialectResult {
  dialect: string;
  generateSeconds: number;
  counts: Record<string, number>;
  coldStartMs: number;
  rssRestMb: number;
  rssLoadMb: number;
  loads: Target[];
  papers: { format: string; medianMs: number }[];
  /** The search index built from scratch, then the median of queries run in process. */
  search: { reindexSeconds: number; queries: { q: string; medianMs: number }[] };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function waitFor(url: string, child: ChildProcess, started: number): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return performance.now() - started;
    } catch {
      // not listening yet
    }
    await sleep(5);
  }
}

function start(command: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, command, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

async function load(name: string, url: string, pid: number, peak: { mb: number }, seconds = DURATION, headers: Headers = {}): Promise<Load> {
  const sampler = setInterval(() => { peak.mb = Math.max(peak.mb, rssMb(pid)); }, 200);
  try {
    const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers });
    return {
      name, path: new URL(url).pathname + new URL(url).search, rps: Math.round(result.requests.average), p99: result.latency.p99,
      errors: result.errors, non2xx: result.non2xx,
    };
  } finally {
    clearInterval(sampler);
  }
}

async function capture(url: string, headers: Headers = {}): Promise<Captured> {
  const res = await fetch(url, { headers });
  if (!res.ok) throw new Error(`${url} answered ${res.status} before the load.`);
  // fetch decodes a compressed body, and the copy must be the bytes the server sent.
  if (res.headers.has('content-encoding')) throw new Error(`${url} answered with content-encoding ${res.headers.get('content-encoding')}.`);
  return { body: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get('content-type') ?? 'application/octet-stream' };
}

/** Each captured answer served by a bare Fastify route, loaded the same way as its target. */
async function sameBytes(captured: Captured[]): Promise<Load[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretariat-bench-'));
  try {
    const routes = captured.map((c, i) => {
      const file = path.join(dir, `${i}.body`);
      fs.writeFileSync(file, c.body);
      return { path: `/${i}`, contentType: c.contentType, file };
    });
    const manifest = path.join(dir, 'manifest.json');
    fs.writeFileSync(manifest, JSON.stringify(routes));
    const port = 4103;
    const server = start(['bench/same-bytes-server.mjs', String(port), manifest], {});
    try {
      const base = `http://127.0.0.1:${port}`;
      await waitFor(`${base}/0`, server, performance.now());
      await load('warm-up', `${base}/0`, server.pid!, { mb: 0 }, Math.min(2, DURATION));
      const loads = [];
      for (const route of routes) loads.push(await load('Same bytes', `${base}${route.path}`, server.pid!, { mb: 0 }));
      return loads;
    } finally {
      await stop(server);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function runDialect(dialect: 'sqlite' | 'postgres', baselineRps: number): Promise<DialectResult> {
  const db = await freshDatabase(dialect);
  try {
    const ctx = await openContext(db.target, { publicBaseUrl: 'http://127.0.0.1' });
    const t0 = performance.now();
    const counts = await generateRegister(ctx, { changes: CHANGES, eventsPerChange: EVENTS });
    const generateSeconds = (performance.now() - t0) / 1000;

    // Paper generation, in process, for an OPSG meeting in the middle of the generated years.
    const meeting = await ctx.db.kysely.selectFrom('meetings').select('date').where('committee_code', '=', 'OPSG')
      .orderBy('date').offset(20).limit(1).executeTakeFirstOrThrow();
    const papers = [];
    for (const format of PAPER_FORMATS) {
      const times: number[] = [];
      for (let i = 0; i < (quick ? 3 : 5); i += 1) {
        const t = performance.now();
        await previewPaper(ctx, { committee: 'OPSG', date: meeting.date, format });
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      papers.push({ format, medianMs: Math.round(times[Math.floor(times.length / 2)] * 10) / 10 });
    }
    // Search: the index built whole (what the subscriber would build event by event), then queries in process.
    const r0 = performance.now();
    await reindexSearch(ctx);
    const reindexSeconds = (performance.now() - r0) / 1000;
    const search = { reindexSeconds, queries: [] as { q: string; medianMs: number }[] };
    for (const q of SEARCH_QUERIES) {
      const times: number[] = [];
      for (let i = 0; i < (quick ? 5 : 11); i += 1) {
        const t = performance.now();
        await searchChanges(ctx, PUBLIC, { q });
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      search.queries.push({ q, medianMs: Math.round(times[Math.floor(times.length / 2)] * 10) / 10 });
    }
    const sample = await ctx.db.kysely.selectFrom('proposals').select(['slug', 'reference']).where('number', '=', Math.floor(CHANGES / 2)).executeTakeFirstOrThrow();
    // Signed-in readers: a read token, a Party user's session (reads, no forms), an analyst's session (who can edit).
    const password = 'a benchmark password, long enough';
    await addUser(ctx, SYSTEM_ACCOUNT, { email: 'reader@bench.example', name: 'Bench Reader', role: 'analyst', password });
    await addUser(ctx, SYSTEM_ACCOUNT, { email: 'party@bench.example', name: 'Bench Party', role: 'party', organisation: 'Party 1', password });
    const token = (await createToken(ctx, { name: 'bench', scope: 'read', userEmail: 'reader@bench.example' })).token;
    const session = async (email: string) => `${SESSION_COOKIE}=${(await signIn(ctx, { email, password })).sessionToken}`;
    const bearer = { authorization: `Bearer ${token}` };
    const party = { cookie: await session('party@bench.example') };
    const writer = { cookie: await session('reader@bench.example') };
    await ctx.db.close();

    const port = 4100 + (dialect === 'sqlite' ? 1 : 2);
    const list = '/modifications/';
    const page = `/modifications/${sample.slug}/`;
    const filtered = '/api/v1/proposals?stage=refinement,report-phase&partyCategory=dcc&sort=raised&limit=25';
    const one = `/api/v1/proposals/${sample.reference}`;
    const timeline = `${one}/events`;
    const targets: (readonly [string, string, Headers?])[] = [
      ['Register list page', list],
      ['Change page', page],
      ['API list with filters', filtered],
      ['API one change', one],
      ['API timeline (100 events)', timeline],
      ['Register list page, Party session', list, party],
      ['Change page, Party session', page, party],
      ['API list with filters, token', filtered, bearer],
      ['API one change, token', one, bearer],
      ['API timeline, token', timeline, bearer],
      ['Change page, analyst who can edit', page, writer],
      ['API search', `/api/v1/search?q=${encodeURIComponent(SEARCH_QUERIES[1])}`],
    ];
    const started = performance.now();
    const server = start(['bin/secretariat.js', 'serve', '--port', String(port)], { DATABASE_URL: db.target.location, HOST: '127.0.0.1' });
    let measured;
    try {
      const base = `http://127.0.0.1:${port}`;
      const coldStartMs = Math.round(await waitFor(`${base}/healthz`, server, started));
      await sleep(500);
      const rssRestMb = Math.round(rssMb(server.pid!));
      const captured = [];
      for (const [, p, headers] of targets) captured.push(await capture(`${base}${p}`, headers));
      const peak = { mb: rssRestMb };
      const loads = [];
      for (const [name, p, headers] of targets) loads.push(await load(name, `${base}${p}`, server.pid!, peak, DURATION, headers));
      measured = { coldStartMs, rssRestMb, rssLoadMb: Math.round(peak.mb), loads, captured };
    } finally {
      await stop(server);
    }
    // With the server stopped, as for the first baseline: the bare routes have the machine to themselves.
    const same = await sameBytes(measured.captured);
    const loads = measured.loads.map((l, i) => ({ ...l, bytes: measured.captured[i].body.length, sameBytes: same[i] }));
    return { dialect, generateSeconds, counts, coldStartMs: measured.coldStartMs, rssRestMb: measured.rssRestMb, rssLoadMb: measured.rssLoadMb, loads, papers, search };
  } finally {
    await db.drop();
  }
  void baselineRps;
}

async function baseline(): Promise<Load> {
  const port = 4100;
  const server = start(['bench/baseline-server.mjs', String(port)], {});
  try {
    await waitFor(`http://127.0.0.1:${port}/`, server, performance.now());
    await load('warm-up', `http://127.0.0.1:${port}/`, server.pid!, { mb: 0 });
    return await load('Bare Fastify route (baseline)', `http://127.0.0.1:${port}/`, server.pid!, { mb: 0 });
  } finally {
    await stop(server);
  }
}

function report(base: Load, results: DialectResult[], seconds: number): string {
  const ratio = (rps: number, of: number) => `${Math.round((rps / of) * 100)}%`;
  const size = (bytes: number) => (bytes < 10_000 ? `${bytes.toLocaleString('en-GB')} B` : `${Math.round(bytes / 1024)} KB`);
  const lines = [
    `## Results (${quick ? 'quick: ' : ''}${CHANGES.toLocaleString('en-GB')} changes × ${EVENTS} events)`,
    '',
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ` +
      `${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, by \`npm run bench${quick ? ' -- --quick' : ''}\` in ${Math.round(seconds)} s. ` +
      `autocannon: ${CONNECTIONS} connections, ${DURATION} s per target.`,
    '',
    `Baseline, a bare Fastify route serving fixed JSON (70 bytes): **${base.rps.toLocaleString('en-GB')} req/s**, p99 ${base.p99} ms.`,
    '',
    'Same bytes: a bare Fastify route serving the exact body and content type the target answered, captured once before the load ' +
      'and measured the same way in the same run. "vs same bytes" is the share of that limit the target reaches.',
    '',
  ];
  for (const r of results) {
    lines.push(`### ${r.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`, '');
    lines.push(`Generated ${Object.entries(r.counts).map(([k, v]) => `${v.toLocaleString('en-GB')} ${k}`).join(', ')} in ${r.generateSeconds.toFixed(1)} s. ` +
      `Cold start to first answer: ${r.coldStartMs} ms. RSS at rest ${r.rssRestMb} MB, under load ${r.rssLoadMb} MB.`, '');
    lines.push('| Target | size | req/s | vs 70-byte route | same bytes req/s | vs same bytes | p99 ms | errors / non-2xx |',
      '|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const l of r.loads) {
      const shown = l.path.length > 60 ? `${l.path.slice(0, 57)}…` : l.path;
      lines.push(`| ${l.name} (\`${shown}\`) | ${size(l.bytes)} | ${l.rps.toLocaleString('en-GB')} | ${ratio(l.rps, base.rps)} | ` +
        `${l.sameBytes.rps.toLocaleString('en-GB')} | ${ratio(l.rps, l.sameBytes.rps)} | ${l.p99} | ${l.errors} / ${l.non2xx} |`);
    }
    lines.push('', '| Paper format | median ms |', '|---|---:|');
    for (const p of r.papers) lines.push(`| ${p.format} | ${p.medianMs} |`);
    lines.push('', `Search index rebuilt in ${r.search.reindexSeconds.toFixed(1)} s.`, '', '| Search (in process, public) | median ms |', '|---|---:|');
    for (const q of r.search.queries) lines.push(`| \`${q.q}\` | ${q.medianMs} |`);
    lines.push('');
  }
  return lines.join('\n');
}

const began = performance.now();
const base = await baseline();
const results: DialectResult[] = [await runDialect('sqlite', base.rps)];
if (await postgresReachable()) results.push(await runDialect('postgres', base.rps));
else console.error('PostgreSQL is not reachable: measured SQLite only.');
const text = report(base, results, (performance.now() - began) / 1000);
console.log(text);
const file = path.join(ROOT, 'BENCHMARKS.md');
const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
const marker = '<!-- results -->';
const head = current.includes(marker) ? current.slice(0, current.indexOf(marker)) : current;
fs.writeFileSync(file, `${head}${marker}\n\n${text}\n`);
console.error(`Wrote ${file}`);
process.exit(0);
