// Two processes writing one SQLite file at once (the server and a command, or two commands): each
// transaction waits its turn for the write lock instead of failing with SQLITE_BUSY, and every
// raise gets its own number. Workers stand in for processes: each has its own thread and
// connection, as a second process would. Needs `npm run build` (the workers run dist/).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, expect, it } from 'vitest';
import { openContext } from '../../src/app.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretariat-writers-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const WORKER = `
  const { workerData, parentPort } = require('node:worker_threads');
  (async () => {
    const { openContext } = await import(workerData.app);
    const { raiseProposal } = await import(workerData.service);
    const ctx = await openContext({ kind: 'sqlite', location: workerData.file }, { migrate: false });
    // Both start writing at the same moment, once both are ready.
    parentPort.postMessage('ready');
    await new Promise((resolve) => parentPort.once('message', resolve));
    const failures = [];
    for (let i = 0; i < workerData.count; i += 1) {
      try {
        await raiseProposal(ctx, { id: 'acc_administrator', name: 'Administrator', role: 'admin' }, { title: workerData.name + ' ' + i, raisedOn: '2021-01-04' });
      } catch (error) {
        failures.push(error.code ?? error.message);
      }
    }
    await ctx.db.close();
    parentPort.postMessage(failures);
  })().catch((error) => parentPort.postMessage(['crashed: ' + error.message]));
`;

it('lets two writers on one SQLite file take turns: every raise saved, numbers distinct', async () => {
  const file = path.join(dir, 'shared.db');
  const ctx = await openContext({ kind: 'sqlite', location: file });
  await ctx.db.close();
  const dist = path.resolve(import.meta.dirname, '../../dist');
  const workers = ['left', 'right'].map((name) => new Worker(WORKER, {
    eval: true, workerData: { file, name, count: 100, app: `${dist}/app.js`, service: `${dist}/modules/proposals/service.js` },
  }));
  const message = (worker: Worker) => new Promise<unknown>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await Promise.all(workers.map(message));
  const done = workers.map(message) as Promise<string[]>[];
  for (const worker of workers) worker.postMessage('go');
  const failures = await Promise.all(done);
  expect(failures).toEqual([[], []]);
  const check = await openContext({ kind: 'sqlite', location: file }, { migrate: false });
  try {
    const rows = await check.db.kysely.selectFrom('proposals').select(['number']).orderBy('number').execute();
    expect(rows.map((r) => Number(r.number))).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const events = await check.db.kysely.selectFrom('events').select(['position']).orderBy('position').execute();
    expect(events.map((e) => Number(e.position))).toEqual(events.map((_, i) => i + 1));
  } finally {
    await check.db.close();
  }
}, 120_000);
