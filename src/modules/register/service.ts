// The whole register as one JSON document: export, then import into an empty database, then
// export again gives the same bytes. Rows are written in a fixed order with sorted keys.
import type { ServiceContext } from '../context.js';
import type { Database } from '../database.js';
import { DomainError } from '../../platform/errors.js';

export const EXPORT_FORMAT = 'secretariat-register';
export const EXPORT_VERSION = 1;

/** Tables in the order they must be inserted, each with the columns that order its rows. */
const TABLES: { name: keyof Database; orderBy: string[] }[] = [
  { name: 'organisations', orderBy: ['name', 'id'] },
  { name: 'people', orderBy: ['name', 'id'] },
  { name: 'accounts', orderBy: ['id'] },
  { name: 'account_committees', orderBy: ['account_id', 'committee_code'] },
  { name: 'proposals', orderBy: ['series', 'number', 'variant'] },
  { name: 'proposal_slugs', orderBy: ['slug'] },
  { name: 'problem_statement_versions', orderBy: ['proposal_id', 'seq'] },
  { name: 'documents', orderBy: ['proposal_id', 'published_on', 'id'] },
  { name: 'events', orderBy: ['proposal_id', 'seq'] },
  { name: 'committee_members', orderBy: ['committee_code', 'id'] },
  { name: 'meetings', orderBy: ['committee_code', 'date', 'id'] },
  { name: 'agenda_items', orderBy: ['meeting_id', 'position', 'id'] },
  { name: 'committee_views', orderBy: ['proposal_id', 'business_date', 'recorded_at', 'id'] },
  { name: 'paper_drafts', orderBy: ['committee_code', 'date'] },
  { name: 'anticipated_impacts', orderBy: ['proposal_id', 'area'] },
  { name: 'paper_versions', orderBy: ['paper_id', 'number'] },
  { name: 'paper_files', orderBy: ['version_id', 'format'] },
];

type Row = Record<string, unknown>;

/** Secrets never leave in an export: password hashes are dropped (imported users reset their password). */
function withoutSecrets(table: string, row: Row): Row {
  if (table !== 'accounts') return row;
  const { password_hash: _secret, ...rest } = row;
  return rest;
}

/** How to recognise a row that is already there, for tables without an id column. */
const KEYS: Partial<Record<keyof Database, (r: Row) => string>> = {
  proposal_slugs: (r) => String(r.slug),
  anticipated_impacts: (r) => `${String(r.proposal_id)}/${String(r.area)}`,
  account_committees: (r) => `${String(r.account_id)}/${String(r.committee_code)}`,
};

function sortKeys(row: Row): Row {
  return Object.fromEntries(Object.keys(row).sort().map((k) => [k, row[k]]));
}

export async function exportRegister(ctx: ServiceContext): Promise<string> {
  const out: Record<string, unknown> = { format: EXPORT_FORMAT, version: EXPORT_VERSION, profile: ctx.profile.id };
  const tables: Record<string, Row[]> = {};
  for (const table of TABLES) {
    let q = ctx.db.kysely.selectFrom(table.name).selectAll();
    for (const column of table.orderBy) q = q.orderBy(column as never, 'asc');
    const rows = (await q.execute()) as Row[];
    tables[table.name] = rows.map((r) => sortKeys(withoutSecrets(table.name, r)));
  }
  out.tables = tables;
  return `${JSON.stringify(out, null, 2)}\n`;
}

const BATCH = 200;

export async function importRegister(ctx: ServiceContext, text: string): Promise<Record<string, number>> {
  let doc: { format?: unknown; version?: unknown; profile?: unknown; tables?: Record<string, Row[]> };
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new DomainError('VALIDATION_FAILED', `The file is not JSON: ${(error as Error).message}`, { fields: [{ field: 'file', message: 'is not JSON.' }] });
  }
  if (doc?.format !== EXPORT_FORMAT || doc.version !== EXPORT_VERSION || typeof doc.tables !== 'object' || !doc.tables) {
    throw new DomainError('VALIDATION_FAILED', `The file is not a ${EXPORT_FORMAT} export of version ${EXPORT_VERSION}.`,
      { fields: [{ field: 'format', message: `expected "${EXPORT_FORMAT}" version ${EXPORT_VERSION}.` }] });
  }
  if (doc.profile !== ctx.profile.id) {
    throw new DomainError('VALIDATION_FAILED', `The file holds a "${String(doc.profile)}" register; this instance runs the "${ctx.profile.id}" profile.`);
  }
  const tables = doc.tables;
  const counts: Record<string, number> = {};
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('proposals').select('id').limit(1).executeTakeFirst();
    if (existing) throw new DomainError('NOT_EMPTY', 'Import needs an empty register: this database already holds proposals.');
    for (const table of TABLES) {
      const rows = tables[table.name] ?? [];
      if (!Array.isArray(rows)) throw new DomainError('VALIDATION_FAILED', `"${table.name}" must be a list of rows.`);
      // Rows that already exist (the built-in administrator, an organisation set up before) are kept as they are.
      const keyOf = KEYS[table.name] ?? ((r: Row) => String(r.id));
      const existing = new Set(((await trx.selectFrom(table.name).selectAll().execute()) as Row[]).map(keyOf));
      const fresh = rows.filter((r) => !existing.has(keyOf(r)));
      for (let i = 0; i < fresh.length; i += BATCH) {
        await trx.insertInto(table.name).values(fresh.slice(i, i + BATCH) as never).execute();
      }
      counts[table.name] = fresh.length;
    }
  });
  return counts;
}
