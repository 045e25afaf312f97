// Docs that stay true, and the rule that only the profile names the SEC process.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import os from 'node:os';
import { secProfile } from '../src/process/sec.js';
import { PERMISSIONS } from '../src/modules/accounts/permissions.js';
import { DOCS_END, DOCS_START, SSO_FOR_DOCS, permissionDocs } from '../src/modules/accounts/permission-docs.js';
import { buildServer, openContext } from '../src/app.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(rel);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [rel] : [];
  });
}

describe('documentation', () => {
  it('README lists every action id of the SEC profile and every setting', () => {
    const readme = read('README.md');
    for (const action of secProfile.actions) expect(readme, action.id).toContain(`\`${action.id}\``);
    for (const variable of ['PORT', 'DATABASE_URL', 'TEST_DATABASE_URL', 'PUBLIC_BASE_URL']) expect(readme).toContain(`\`${variable}\``);
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
  });

  it('README shows every permission of the table', () => {
    const readme = read('README.md');
    for (const permission of Object.keys(PERMISSIONS)) expect(readme, permission).toContain(`\`${permission}\``);
  });

  it('README\'s tables of permissions, audiences and routes are the code\'s (`npm run docs` writes them)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretariat-docs-test-'));
    const ctx = await openContext({ kind: 'sqlite', location: path.join(dir, 'docs.db') });
    try {
      const app = await buildServer(ctx, { oidc: SSO_FOR_DOCS });
      await app.ready();
      const readme = read('README.md');
      const written = readme.slice(readme.indexOf(DOCS_START), readme.indexOf(DOCS_END) + DOCS_END.length);
      expect(written, 'run `npm run docs`').toBe(permissionDocs(app.registeredRoutes));
      await app.close();
    } finally {
      await ctx.db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ARCHITECTURE names every source folder', () => {
    const architecture = read('ARCHITECTURE.md');
    const folders = ['src/process/', 'src/demo/',
      ...fs.readdirSync(path.join(ROOT, 'src/platform'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `src/platform/${e.name}/`),
      ...fs.readdirSync(path.join(ROOT, 'src/modules'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `src/modules/${e.name}/`)];
    for (const folder of folders) expect(architecture, folder).toContain(`\`${folder}\``);
  });
});

describe('the process is data', () => {
  it('no source file outside the profile and the demo data names a state of the SEC process', () => {
    const phases = new Set(secProfile.states.map((s) => s.phase as string));
    const offenders: string[] = [];
    for (const file of sourceFiles('src')) {
      if (file === path.join('src', 'process', 'sec.ts') || file.startsWith(path.join('src', 'demo'))) continue;
      read(file).split('\n').forEach((line, i) => {
        for (const { id } of secProfile.states) {
          if (!new RegExp(`['"\`]${id}['"\`]`).test(line)) continue;
          // A state id that is also a phase id ("closed") may be named as a phase, on a line that says so.
          if (phases.has(id) && /phase/i.test(line)) continue;
          offenders.push(`${file}:${i + 1}: ${id}`);
        }
      });
    }
    expect(offenders).toEqual([]);
  });

  it('the profile speaks the code\'s words: navigation, the raise label, the papers page, the solution rule', () => {
    expect(secProfile.words.raised).toBe('Draft Proposal raised');
    for (const id of ['register', 'raise', 'submit', 'submissions', 'committees', 'papers', 'api']) expect(secProfile.words.navigation[id], id).toBeTruthy();
    expect(secProfile.committees.map((c) => c.code)).toContain(secProfile.paper.defaultCommittee);
    const offenders = sourceFiles('src').filter((f) => !f.startsWith(path.join('src', 'process')) && !f.startsWith(path.join('src', 'demo')))
      .filter((f) => /Draft Proposal raised|No solution is discussed|value="OPSG"|title: 'Raise a Draft Proposal'/.test(read(f)));
    expect(offenders).toEqual([]);
  });
});
