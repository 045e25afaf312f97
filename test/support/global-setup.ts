// Vitest's global setup: runs once per `vitest run`, in the main process, before any test file.
// It only makes a folder for this run's database templates (see `migratedDatabase` in
// databases.ts) and hands its path to the test files; the templates themselves are built lazily by
// the first file that needs one. Teardown drops this run's PostgreSQL templates and the folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** This run's template folder; its base name doubles as the run's id in template database names. */
    templateDir: string;
  }
}

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

export default function setup(project: TestProject): () => Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretariat-templates-'));
  project.provide('templateDir', dir);
  return async () => {
    const prefix = templatePrefix(dir);
    // Only when a file built a PostgreSQL template (it leaves a marker): no connection otherwise.
    if (fs.readdirSync(dir).some((f) => f.startsWith('postgres-') && f.endsWith('.done'))) {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${prefix}%`]);
        for (const row of rows) await client.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
}

/** The prefix of this run's template database names: letters, digits and underscores only. */
export function templatePrefix(dir: string): string {
  return `sec_tpl_${path.basename(dir).replace(/[^a-z0-9]/gi, '').toLowerCase()}_`;
}
