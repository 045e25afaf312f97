#!/usr/bin/env node
// Runs the compiled CLI. `npm ci` builds dist/ through the prepare script.
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

// Node 22.1 and later can keep the code it compiles between runs, so a command starts sooner the
// second time; Node 20 has no such cache, and there nothing is done.
module.enableCompileCache?.();

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
if (!existsSync(main)) {
  console.error('Secretariat is not built yet: run `npm run build` (npm ci does it for you).');
  process.exit(1);
}
await import(main);
