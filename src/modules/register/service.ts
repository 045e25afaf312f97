// The whole register as one JSON document: export, then import into an empty database, then
// export again gives the same bytes. Rows are written in a fixed order with sorted keys.
import type { Transaction } from 'kysely';
import type { ServiceContext } from '../context.js';
import type { Database } from '../database.js';
import { MODULES } from '../index.js';
import type { ExportTable } from '../manifest.js';
import { DomainError } from '../../platform/errors.js';

export const EXPORT_FORMAT = 'secretariat-register';
/**
 * 2: one event stream (`events`) instead of per-change timelines; submissions included.
 * 3: documents with their files (`document_files` carries each file's bytes once, base64).
 */
export const EXPORT_VERSION = 3;
/** Older exports that still import: their rows are made current by each table's `upgrade`. */
const IMPORTABLE_VERSIONS = [2, 3];

type Row = Record<string, unknown>;

/** Tables in the order they must be inserted, each with the columns that order its rows (from every module). */
const TABLES: ExportTable[] = MODULES.flatMap((m) => m.exportTables ?? []);

/** Secrets never leave in an export (password hashes: imported users reset their password). */
function withoutSecrets(table: ExportTable, row: Row): Row {
  if (!table.omit?.length) return row;
  return Object.fromEntries(Object.entries(row).filter(([column]) => !table.omit!.includes(column)));
}

/** A row standing for a kept file, with the file's bytes (base64) beside it. */
async function withFile(ctx: ServiceContext, table: ExportTable, row: Row): Promise<Row> {
  if (!table.files) return row;
  const sha256 = String(row[table.files.hashColumn]);
  const bytes = await ctx.files.get(sha256);
  if (!bytes) throw new Error(`The file ${sha256} listed in ${table.name} is missing from the file store; nothing was exported.`);
  return { ...row, [table.files.contentColumn]: bytes.toString('base64') };
}

/** Puts a row's file into this instance's store (in the import's transaction) and returns the row without it. */
async function fileOf(ctx: ServiceContext, trx: Transaction<Database>, table: ExportTable, row: Row): Promise<Row> {
  if (!table.files) return row;
  const { [table.files.contentColumn]: content, ...rest } = row;
  const expected = String(row[table.files.hashColumn]);
  const stored = typeof content === 'string' ? await ctx.files.put(Buffer.from(content, 'base64'), trx) : null;
  if (stored !== expected) {
    throw new DomainError('VALIDATION_FAILED', `The file ${expected} in "${table.name}" is missing or does not match its SHA-256.`,
      { fields: [{ field: `${table.name}.${table.files.contentColumn}`, message: 'does not match its SHA-256.' }] });
  }
  return rest;
}

function sortKeys(row: Row): Row {
  return Object.fromEntries(Object.keys(row).sort().map((k) => [k, row[k]]));
}

export async function exportRegister(ctx: ServiceContext): Promise<string> {
  const out: Record<string, unknown> = { format: EXPORT_FORMAT, version: EXPORT_VERSION, profile: ctx.profile.id };
  const tables: Record<string, Row[]> = {};
  for (const table of TABLES) {
    let q = ctx.db.kysely.selectFrom(table.name as never).selectAll();
    for (const column of table.orderBy) q = q.orderBy(column as never, 'asc');
    const rows = (await q.execute()) as Row[];
    tables[table.name] = await Promise.all(rows.map(async (r) => sortKeys(await withFile(ctx, table, withoutSecrets(table, r)))));
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
  const version = typeof doc?.version === 'number' && IMPORTABLE_VERSIONS.includes(doc.version) ? doc.version : undefined;
  if (doc?.format !== EXPORT_FORMAT || version === undefined || typeof doc.tables !== 'object' || !doc.tables) {
    throw new DomainError('VALIDATION_FAILED', `The file is not a ${EXPORT_FORMAT} export of version ${IMPORTABLE_VERSIONS.join(' or ')}.`,
      { fields: [{ field: 'format', message: `expected "${EXPORT_FORMAT}" version ${IMPORTABLE_VERSIONS.join(' or ')}.` }] });
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
      const keyOf = table.key ?? ((r: Row) => String(r.id));
      const existing = new Set(((await trx.selectFrom(table.name as never).selectAll().execute()) as Row[]).map(keyOf));
      const current = table.upgrade ? rows.map((r) => table.upgrade!(r, version)) : rows;
      const fresh = [];
      for (const r of current.filter((row) => !existing.has(keyOf(row)))) fresh.push(await fileOf(ctx, trx, table, r));
      for (let i = 0; i < fresh.length; i += BATCH) {
        await trx.insertInto(table.name as never).values(fresh.slice(i, i + BATCH)).execute();
      }
      counts[table.name] = fresh.length;
    }
  });
  return counts;
}
