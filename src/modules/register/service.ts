// The whole register as one JSON document: export, then import into an empty database, then
// export again gives the same bytes. Rows are written in a fixed order with sorted keys.
import type { ServiceContext } from '../context.js';
import { MODULES } from '../index.js';
import type { ExportTable } from '../manifest.js';
import { DomainError } from '../../platform/errors.js';

export const EXPORT_FORMAT = 'secretariat-register';
/** 2: one event stream (`events`) instead of per-change timelines; submissions included. */
export const EXPORT_VERSION = 2;

type Row = Record<string, unknown>;

/** Tables in the order they must be inserted, each with the columns that order its rows (from every module). */
const TABLES: ExportTable[] = MODULES.flatMap((m) => m.exportTables ?? []);

/** Secrets never leave in an export (password hashes: imported users reset their password). */
function withoutSecrets(table: ExportTable, row: Row): Row {
  if (!table.omit?.length) return row;
  return Object.fromEntries(Object.entries(row).filter(([column]) => !table.omit!.includes(column)));
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
    tables[table.name] = rows.map((r) => sortKeys(withoutSecrets(table, r)));
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
      const keyOf = table.key ?? ((r: Row) => String(r.id));
      const existing = new Set(((await trx.selectFrom(table.name as never).selectAll().execute()) as Row[]).map(keyOf));
      const fresh = rows.filter((r) => !existing.has(keyOf(r)));
      for (let i = 0; i < fresh.length; i += BATCH) {
        await trx.insertInto(table.name as never).values(fresh.slice(i, i + BATCH)).execute();
      }
      counts[table.name] = fresh.length;
    }
  });
  return counts;
}
