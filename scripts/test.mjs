// `npm test`: builds (a few tests spawn the compiled launcher: its own tests, two app instances, a
// server killed mid-burst, a backup beside a writing server), then runs every test once with vitest.
// The summary reporter ends the output with the 10 slowest tests and "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env: process.env });

const build = run('npx', ['tsc', '-p', 'tsconfig.build.json']);
if (build.status !== 0) process.exit(build.status ?? 1);
const tests = run('npx', ['vitest', 'run', ...process.argv.slice(2)]);
process.exit(tests.status ?? 1);
