// `npx tsx bench/paper-pdf.ts [--runs 5] [--out file.pdf] [--db file.db]`: the committee paper as
// PDF on the generated 10,000-change register (the 21st OPSG meeting, as bench/run.ts measures it),
// in process, without the rest of the benchmark. The register is generated once into a SQLite file
// (kept between runs; --db names it), then previewPaper is timed --runs times after one warm-up
// (which loads pdfmake and the font), and the data gathering (buildPaper) and the rendering
// (renderPaper) are timed apart. Prints medians, CPU time and the PDF's size; --out keeps the PDF.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openContext } from '../src/app.js';
import { renderPaper } from '../src/modules/papers/formats.js';
import { buildPaper, previewPaper } from '../src/modules/papers/service.js';
import { generateRegister } from './generate.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    out: { type: 'string' },
    db: { type: 'string', default: path.join(os.tmpdir(), 'secretariat-bench-paper', 'register.db') },
  },
});
const runs = Number(values.runs);
const location = path.resolve(values.db);
const fresh = !fs.existsSync(location);
fs.mkdirSync(path.dirname(location), { recursive: true });

const ctx = await openContext({ kind: 'sqlite', location }, { publicBaseUrl: 'http://127.0.0.1' });
if (fresh) {
  const t = performance.now();
  await generateRegister(ctx, { changes: 10_000, eventsPerChange: 100 });
  console.log(`generated ${location} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
const { date } = await ctx.db.kysely.selectFrom('meetings').select('date').where('committee_code', '=', 'OPSG')
  .orderBy('date').offset(20).limit(1).executeTakeFirstOrThrow();
const request = { committee: 'OPSG', date, format: 'pdf' } as const;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const value = await fn();
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, value };
}

const warm = await previewPaper(ctx, request);
const whole: number[] = [];
const wholeCpu: number[] = [];
const gather: number[] = [];
const render: number[] = [];
for (let i = 0; i < runs; i += 1) {
  const w = await time(() => previewPaper(ctx, request));
  whole.push(w.ms);
  wholeCpu.push(w.cpuMs);
  const g = await time(() => buildPaper(ctx, request));
  gather.push(g.ms);
  render.push((await time(() => renderPaper(g.value, 'pdf'))).ms);
}
const paper = warm.paper;
const entries = paper.newDrafts.length + paper.converted.noImpact.length + paper.converted.impact.length + paper.converted.notReviewed.length;
console.log(`OPSG ${date}: ${entries} entries, ${paper.appendices.length} appendices, PDF ${warm.body.length} bytes; load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`previewPaper pdf: median ${median(whole).toFixed(0)} ms (CPU ${median(wholeCpu).toFixed(0)} ms) over ${runs}: ${whole.map((t) => t.toFixed(0)).join(', ')}`);
console.log(`  buildPaper ${median(gather).toFixed(0)} ms, renderPaper ${median(render).toFixed(0)} ms`);
if (values.out) fs.writeFileSync(values.out, warm.body);
await ctx.db.close();
