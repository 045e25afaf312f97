// `npm test`: builds (a few tests spawn the compiled launcher: its own tests, two app instances, a
// server killed mid-burst, a backup beside a writing server), type-checks everything including the
// tests, lints with typescript-eslint's type-aware rules, then runs every test once with vitest.
// Any step that fails stops the run with its status. The summary reporter ends the output with the
// 10 slowest tests and "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env: process.env });

const steps = [
  ['build', ['tsc', '-p', 'tsconfig.build.json']],
  ['type-check (source, tests, benchmarks, scripts)', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
  ['lint', ['eslint', '.']],
];
for (const [name, args] of steps) {
  const result = run('npx', args);
  if (result.status !== 0) {
    console.error(`npm test: the ${name} step failed; no tests were run.`);
    process.exit(result.status ?? 1);
  }
}
const tests = run('npx', ['vitest', 'run', ...process.argv.slice(2)]);
process.exit(tests.status ?? 1);
