// Docs that stay true, and the rule that only the profile names the SEC process.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { secProfile } from '../src/process/sec.js';
import { PERMISSIONS } from '../src/modules/accounts/permissions.js';

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

  it('ARCHITECTURE names every source folder', () => {
    const architecture = read('ARCHITECTURE.md');
    const folders = ['src/process/', 'src/platform/db/', 'src/platform/http/', 'src/demo/',
      ...fs.readdirSync(path.join(ROOT, 'src/modules'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `src/modules/${e.name}/`)];
    for (const folder of folders) expect(architecture, folder).toContain(`\`${folder}\``);
  });
});

describe('the process is data', () => {
  it('no source file outside the profile and the demo data names a state of the SEC process', () => {
    const phases = new Set(secProfile.states.map((s) => s.phase as string));
    const stateIds = secProfile.states.map((s) => s.id).filter((id) => !phases.has(id));
    const offenders: string[] = [];
    for (const file of sourceFiles('src')) {
      if (file === path.join('src', 'process', 'sec.ts') || file.startsWith(path.join('src', 'demo'))) continue;
      const text = read(file);
      for (const id of stateIds) if (new RegExp(`['"\`]${id}['"\`]`).test(text)) offenders.push(`${file}: ${id}`);
    }
    expect(offenders).toEqual([]);
  });
});
