// `npm test`: builds (a few tests spawn the compiled launcher: its own tests, two app instances, a
// server killed mid-burst, a backup beside a writing server), type-checks everything including the
// tests, lints with typescript-eslint's type-aware rules, then runs every test once with vitest.
// Any step that fails stops the run with its status. The summary reporter ends the output with the
// 10 slowest tests and "N passed, N failed, N skipped".
//
// Build and type-check are one compiler run: tsconfig.json (everything) is checked once and emitted
// into a scratch folder, and its src/ part, less the tests, is copied into dist/. That is what
// `npm run build` (tsconfig.build.json: the same options, rootDir src, no source maps) would write,
// without type-checking the sources twice. Then scripts/bundle.mjs writes dist/bundle/, as
// `npm run build` does. The compiler and the linter each use one core most of the time, so they run
// side by side; the linter's output is held back and printed after the compiler's.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const running = new Set();
const fail = (name, status) => {
  for (const child of running) child.kill();
  console.error(`npm test: the ${name} step failed; no tests were run.`);
  process.exit(status ?? 1);
};

/** Runs a command to its end; its output is kept and handed back rather than printed as it comes. */
function runQuietly(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', (error) => resolve({ status: 1, output: Buffer.from(String(error)) }));
    child.on('close', (status) => {
      running.delete(child);
      resolve({ status, output: Buffer.concat(output) });
    });
  });
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'secretariat-build-'));
const linting = runQuietly('npx', ['eslint', '.']);
try {
  const checked = await runQuietly('npx', ['tsc', '-p', 'tsconfig.json', '--outDir', scratch, '--sourceMap', 'false']);
  process.stdout.write(checked.output);
  if (checked.status !== 0) fail('build and type-check (source, tests, benchmarks, scripts)', checked.status);
  // tsconfig.build.json leaves out src's tests and test helpers.
  const isTest = (file) => /\.test(-helper)?\.js$/.test(file);
  fs.cpSync(path.join(scratch, 'src'), 'dist', { recursive: true, filter: (from) => !isTest(from) });
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
// The bundle bin/secretariat.js runs (scripts/bundle.mjs), as `npm run build` writes it too.
const bundled = await runQuietly('node', ['scripts/bundle.mjs']);
process.stdout.write(bundled.output);
if (bundled.status !== 0) fail('bundle', bundled.status);

const lint = await linting;
process.stdout.write(lint.output);
if (lint.status !== 0) fail('lint', lint.status);

const tests = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], { stdio: 'inherit', env: process.env });
process.exit(tests.status ?? 1);
