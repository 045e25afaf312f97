// What the command line prints: a table with a header row and aligned columns, and output piped into
// a reader that stops early (`paper … | head`) ending quietly, in the compiled launcher's own process.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { table } from '../../src/cli.js';
import { cli, commandEnv } from '../support/cli.js';
import { BIN, ROOT } from '../support/processes.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'secretariat-output-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const env = { DATABASE_URL: path.join(work, 'output.db') };

describe('table', () => {
  it('pads every column but the last to its widest cell, under a header', () => {
    expect(table(['A', 'Long header', 'Last'], [['wide cell', 'x', 'end'], ['b', 'yy', 'longest last']])).toEqual([
      'A          Long header  Last',
      'wide cell  x            end',
      'b          yy           longest last',
    ]);
  });
});

describe('secretariat proposals list', () => {
  beforeAll(async () => { expect((await cli(['demo'], env)).code).toBe(0); });

  it('prints a header row and columns that line up', async () => {
    const run = await cli(['proposals', 'list'], env);
    expect(run.code, run.err).toBe(0);
    const lines = run.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Reference\s+Stage\s+Raised\s+Title$/);
    const rows = lines.slice(1, -1);
    expect(rows).toHaveLength(9);
    // Each column starts at the same place on every line: where the header puts it.
    const starts = ['Stage', 'Raised', 'Title'].map((h) => lines[0].indexOf(h));
    for (const row of rows) {
      for (const start of starts) expect(row[start - 1], row).toBe(' ');
      for (const start of starts) expect(row[start], row).not.toBe(' ');
    }
    expect(lines.at(-1)).toBe('9 shown of 9.');
  });
});

describe('secretariat org', () => {
  it('adds an organisation once and lists it with its party category', async () => {
    const added = await cli(['org', 'add', '--name', 'Fresh Power', '--category', 'small-supplier'], env);
    expect(added.code, added.err).toBe(0);
    expect(added.out).toBe('Added Fresh Power (Small Supplier).\n');
    expect(await cli(['org', 'add', '--name', 'fresh power'], env)).toMatchObject({ code: 1, err: expect.stringMatching(/ALREADY_EXISTS/) });
    expect(await cli(['org', 'add', '--name', 'X', '--category', 'bogus'], env)).toMatchObject({ code: 1, err: expect.stringMatching(/partyCategory/) });
    const list = await cli(['org', 'list'], env);
    expect(list.out.split('\n')[0]).toMatch(/^Name\s+Party category$/);
    expect(list.out).toMatch(/Fresh Power\s+Small Supplier/);
    const json = JSON.parse((await cli(['org', 'list', '--json'], env)).out);
    expect(json.items.find((o: { name: string }) => o.name === 'Fresh Power').partyCategory).toBe('small-supplier');
  });
});

describe('output to a closed pipe', () => {
  it('ends quietly and successfully when the reader stops early', () => {
    for (const format of ['md', 'pdf']) {
      // `head -c 10` reads ten bytes and goes away; the rest of the paper meets a closed pipe.
      const run = spawnSync('bash', ['-o', 'pipefail', '-c', `"${process.execPath}" "${BIN}" paper --committee OPSG --date 2019-11-26 --format ${format} | head -c 10 >/dev/null`],
        { cwd: ROOT, encoding: 'utf8', env: commandEnv(env) });
      expect(run.stderr, format).toBe('');
      expect(run.status, format).toBe(0);
    }
  });
});
