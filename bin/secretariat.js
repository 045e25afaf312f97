#!/usr/bin/env node
// Runs the compiled CLI: the bundle (dist/bundle/main.js, scripts/bundle.mjs), which starts in about
// half the time of the file-by-file build, whose hundreds of module files Node loads one by one.
// `npm run build` (and `npm ci`, through the prepare script) writes both. When dist/main.js is newer
// than the bundle (tsc alone was run since), the file-by-file build runs, so the newest code does.
import { existsSync, statSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

// Node 22.1 and later can keep the code it compiles between runs, so a command starts sooner the
// second time; Node 20 has no such cache, and there nothing is done.
module.enableCompileCache?.();

const built = (file) => fileURLToPath(new URL(`../dist/${file}`, import.meta.url));
const modified = (file) => (existsSync(file) ? statSync(file).mtimeMs : -1);
const bundle = built('bundle/main.js');
const files = built('main.js');
const main = modified(bundle) >= modified(files) ? bundle : files;
if (!existsSync(main)) {
  console.error('Secretariat is not built yet: run `npm run build` (npm ci does it for you).');
  process.exit(1);
}
await import(main);
