// `npm run bench [-- --quick]`: generates a large register on SQLite and on PostgreSQL, starts the
// real server on it, and measures pages, API reads, paper generation, cold start and memory.
// Every throughput is also a ratio to a bare Fastify route measured in the same run, because
// absolute numbers differ between machines. Results are written to BENCHMARKS.md.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { openContext } from '../src/app.js';
import { previewPaper } from '../src/modules/papers/service.js';
import { PAPER_FORMATS } from '../src/modules/papers/formats.js';
import { freshDatabase, postgresReachable } from '../test/support/databases.js';
import { generateRegister } from './generate.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const quick = process.argv.includes('--quick');
const CHANGES = quick ? 1_000 : 10_000;
const EVENTS = 100;
const DURATION = quick ? 3 : 8;
const CONNECTIONS = 50;

interface Load { name: string; path: string; rps: number; p99: number; errors: number; non2xx: number }
interface DialectResult {
  dialect: string;
  generateSeconds: number;
  counts: Record<string, number>;
  coldStartMs: number;
  rssRestMb: number;
  rssLoadMb: number;
  loads: Load[];
  papers: { format: string; medianMs: number }[];
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

async function load(name: string, url: string, pid: number, peak: { mb: number }): Promise<Load> {
  const sampler = setInterval(() => { peak.mb = Math.max(peak.mb, rssMb(pid)); }, 200);
  try {
    const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION });
    return {
      name, path: new URL(url).pathname + new URL(url).search, rps: Math.round(result.requests.average), p99: result.latency.p99,
      errors: result.errors, non2xx: result.non2xx,
    };
  } finally {
    clearInterval(sampler);
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
    const sample = await ctx.db.kysely.selectFrom('proposals').select(['slug', 'reference']).where('number', '=', Math.floor(CHANGES / 2)).executeTakeFirstOrThrow();
    await ctx.db.close();

    const port = 4100 + (dialect === 'sqlite' ? 1 : 2);
    const started = performance.now();
    const server = start(['bin/secretariat.js', 'serve', '--port', String(port)], { DATABASE_URL: db.target.location, HOST: '127.0.0.1' });
    try {
      const base = `http://127.0.0.1:${port}`;
      const coldStartMs = Math.round(await waitFor(`${base}/healthz`, server, started));
      await sleep(500);
      const rssRestMb = Math.round(rssMb(server.pid!));
      const peak = { mb: rssRestMb };
      const loads = [];
      for (const [name, p] of [
        ['Register list page', '/modifications/'],
        ['Change page', `/modifications/${sample.slug}/`],
        ['API list with filters', '/api/v1/proposals?stage=refinement,report-phase&partyCategory=dcc&sort=raised&limit=25'],
        ['API one change', `/api/v1/proposals/${sample.reference}`],
        ['API timeline (100 events)', `/api/v1/proposals/${sample.reference}/events`],
      ] as const) {
        loads.push(await load(name, `${base}${p}`, server.pid!, peak));
      }
      return { dialect, generateSeconds, counts, coldStartMs, rssRestMb, rssLoadMb: Math.round(peak.mb), loads, papers };
    } finally {
      await stop(server);
    }
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
  const ratio = (rps: number) => `${Math.round((rps / base.rps) * 100)}%`;
  const lines = [
    `## Results (${quick ? 'quick: ' : ''}${CHANGES.toLocaleString('en-GB')} changes × ${EVENTS} events)`,
    '',
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ` +
      `${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, by \`npm run bench${quick ? ' -- --quick' : ''}\` in ${Math.round(seconds)} s. ` +
      `autocannon: ${CONNECTIONS} connections, ${DURATION} s per target.`,
    '',
    `Baseline, a bare Fastify route serving fixed JSON: **${base.rps.toLocaleString('en-GB')} req/s**, p99 ${base.p99} ms.`,
    '',
  ];
  for (const r of results) {
    lines.push(`### ${r.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`, '');
    lines.push(`Generated ${Object.entries(r.counts).map(([k, v]) => `${v.toLocaleString('en-GB')} ${k}`).join(', ')} in ${r.generateSeconds.toFixed(1)} s. ` +
      `Cold start to first answer: ${r.coldStartMs} ms. RSS at rest ${r.rssRestMb} MB, under load ${r.rssLoadMb} MB.`, '');
    lines.push('| Target | req/s | vs baseline | p99 ms | errors / non-2xx |', '|---|---:|---:|---:|---:|');
    for (const l of r.loads) lines.push(`| ${l.name} (\`${l.path.length > 60 ? `${l.path.slice(0, 57)}…` : l.path}\`) | ${l.rps.toLocaleString('en-GB')} | ${ratio(l.rps)} | ${l.p99} | ${l.errors} / ${l.non2xx} |`);
    lines.push('', '| Paper format | median ms |', '|---|---:|');
    for (const p of r.papers) lines.push(`| ${p.format} | ${p.medianMs} |`);
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
