// The layering ARCHITECTURE.md promises, held by reading every import: `process/` imports nothing
// of ours, `platform/` no module, and a module only those before it in the list of modules (and
// the shared files at the root of `src/modules/`).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODULES } from '../src/modules/index.js';

const SRC = resolve(import.meta.dirname, '../src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name))
    : /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
}

/** Each file's imports of our own code, as paths under src/ ("modules/proposals/service.ts"). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)]
    .map((m) => relative(SRC, resolve(dirname(file), m[1])).replace(/\.js$/, '.ts'));
}

const order = MODULES.map((m) => m.name);
const moduleOf = (path: string) => (path.startsWith('modules/') && path.split('/').length > 2 ? path.split('/')[1] : null);

describe('Layering', () => {
  const files = sources(SRC).map((f) => ({ path: relative(SRC, f), imports: importsOf(f) }));

  it('reads the imports of every file', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.find((f) => f.path === 'modules/feeds/service.ts')!.imports).toContain('modules/context.ts');
  });

  it('keeps process/ free of our other code, and platform/ free of modules', () => {
    const wrong = files.flatMap((f) => f.imports.map((i) => ({ from: f.path, to: i })))
      .filter(({ from, to }) => (from.startsWith('process/') && !to.startsWith('process/'))
        || (from.startsWith('platform/') && !to.startsWith('platform/') && !to.startsWith('process/') && to !== 'config.ts'));
    expect(wrong).toEqual([]);
  });

  it('lets a module import only modules listed before it', () => {
    const wrong: string[] = [];
    for (const f of files) {
      const from = moduleOf(f.path);
      if (!from || !order.includes(from)) continue;
      for (const i of f.imports) {
        const to = moduleOf(i);
        if (to && to !== from && (!order.includes(to) || order.indexOf(to) > order.indexOf(from))) wrong.push(`${f.path} → ${i}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
