#!/usr/bin/env node
// Runs the compiled CLI. `npm ci` builds dist/ through the prepare script.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
if (!existsSync(main)) {
  console.error('Secretariat is not built yet: run `npm run build` (npm ci does it for you).');
  process.exit(1);
}
await import(main);
