// What every use case receives: the database, the process profile and a clock, and the helper
// that makes each command one transaction, even when one use case calls another.
import type { Transaction } from 'kysely';
import type { Db } from '../platform/db/database.js';
import type { ProcessProfile } from '../process/profile.js';
import type { Database, Executor } from './database.js';

export interface ServiceContext {
  db: Db<Database>;
  profile: ProcessProfile;
  /** The current instant; tests pass a fixed clock. */
  clock: () => Date;
  /** Absolute base for public links, without a trailing slash. */
  publicBaseUrl: string;
  /** Set inside a command's transaction, so nested use cases join it. */
  trx?: Transaction<Database>;
}

export const newId = (): string => crypto.randomUUID();

/** Where to read: the open transaction if there is one (SQLite has one connection), else the pool. */
export function executor(ctx: ServiceContext): Executor {
  return ctx.trx ?? ctx.db.kysely;
}

/** Runs fn in the command's transaction, opening one unless a caller already has. */
export async function inTransaction<T>(
  ctx: ServiceContext, fn: (trx: Transaction<Database>, ctx: ServiceContext) => Promise<T>,
): Promise<T> {
  if (ctx.trx) return fn(ctx.trx, ctx);
  return ctx.db.kysely.transaction().execute((trx) => fn(trx, { ...ctx, trx }));
}
