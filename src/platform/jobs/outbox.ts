// A transactional outbox: a command writes the messages it wants sent into the `outbox` table in
// its own transaction, so a message exists only if the change committed. Workers (one per app
// instance) claim due messages atomically, deliver them, and record the result; a failure is
// retried with backoff and gives up after a few attempts. Platform code: it knows no module.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { sql, type Kysely } from 'kysely';
import type { Db } from '../db/database.js';
import type { ModuleMigration } from '../db/migrate.js';

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'kept';

export interface OutboxTable {
  id: string;
  /** What the message is, e.g. 'password-reset' or 'invite'. */
  kind: string;
  /** The message as JSON text. */
  payload: string;
  status: OutboxStatus;
  /** Delivery attempts begun (counted when claimed). */
  attempts: number;
  /** Not before this instant (ISO); moves on after each failed attempt. */
  run_after: string;
  /** The token of the last claim: the worker's name and a random part. */
  claimed_by: string | null;
  claimed_at: string | null;
  sent_at: string | null;
  last_error: string | null;
  created_at: string;
}

export interface OutboxTables {
  outbox: OutboxTable;
}

export const OUTBOX_POLICY = {
  /** Attempts before a message is marked failed. */
  maxAttempts: 5,
  /** The wait after the first failure; it doubles after each one (1, 2, 4, 8 minutes). */
  firstRetrySeconds: 60,
  /** A message claimed longer ago than this by a worker that never reported back is claimed again. */
  leaseMinutes: 10,
  batchSize: 20,
};

export const outboxMigrations: ModuleMigration[] = [{
  name: '2026-11-30-09-outbox',
  async up(db) {
    await db.schema.createTable('outbox')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('run_after', 'text', (c) => c.notNull())
      .addColumn('claimed_by', 'text')
      .addColumn('claimed_at', 'text')
      .addColumn('sent_at', 'text')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'run_after']).execute();
    await db.schema.createIndex('outbox_claim').on('outbox').column('claimed_by').execute();
  },
}];

/** Any Kysely or transaction over a database that has the outbox table. */
export type OutboxExecutor = Kysely<any>;
const typed = (ex: OutboxExecutor) => ex as unknown as Kysely<OutboxTables>;

export interface OutboxMessage {
  kind: string;
  payload: unknown;
  /** When it was written (the command's clock); defaults to now. */
  at?: Date;
  /** Not before this instant (defaults to `at`). */
  runAfter?: Date;
}

/**
 * Writes a message. Call it with the command's transaction, so the message exists only if the
 * command commits. Workers in this process are woken shortly after.
 */
export async function enqueue(trx: OutboxExecutor, message: OutboxMessage): Promise<string> {
  const id = randomUUID();
  const at = (message.at ?? new Date()).toISOString();
  await typed(trx).insertInto('outbox').values({
    id, kind: message.kind, payload: JSON.stringify(message.payload), status: 'pending', attempts: 0,
    run_after: (message.runAfter ?? message.at ?? new Date()).toISOString(),
    claimed_by: null, claimed_at: null, sent_at: null, last_error: null, created_at: at,
  }).execute();
  kickOutboxSoon();
  return id;
}

export type OutboxRow = OutboxTable;

/**
 * Claims up to `limit` due messages for one worker, atomically: two workers (even in two app
 * instances) never claim the same message. PostgreSQL skips rows another worker has locked;
 * SQLite runs one writing statement at a time, so one UPDATE that stamps a fresh claim token,
 * then a read by that token, is enough. A message whose claim is older than the lease (its worker
 * died) is due again.
 */
export async function claimBatch(db: Db, options: { worker: string; now: Date; limit?: number }): Promise<OutboxRow[]> {
  const k = typed(db.kysely);
  const now = options.now.toISOString();
  const stale = new Date(options.now.getTime() - OUTBOX_POLICY.leaseMinutes * 60_000).toISOString();
  const token = `${options.worker}#${randomUUID()}`;
  const due = k.selectFrom('outbox').select('id')
    .where((eb) => eb.or([
      eb.and([eb('status', '=', 'pending'), eb('run_after', '<=', now)]),
      eb.and([eb('status', '=', 'sending'), eb('claimed_at', '<', stale)]),
    ]))
    .orderBy('created_at').orderBy('id')
    .limit(options.limit ?? OUTBOX_POLICY.batchSize);
  const claim = k.updateTable('outbox')
    .set((eb) => ({ status: 'sending', claimed_by: token, claimed_at: now, attempts: eb('attempts', '+', 1) }));
  if (db.dialect === 'postgres') {
    const rows = await claim.where('id', 'in', due.forUpdate().skipLocked()).returningAll().execute();
    return rows.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
  }
  await claim.where('id', 'in', due).execute();
  return k.selectFrom('outbox').selectAll().where('claimed_by', '=', token).where('status', '=', 'sending')
    .orderBy('created_at').orderBy('id').execute();
}

/**
 * What delivering one message came to: sent, or kept in the outbox because no mail server is set.
 * A deliverer may hand back a new payload to store instead (a sent message without its secrets).
 */
export interface Delivery {
  status: 'sent' | 'kept';
  payload?: unknown;
}

/** Thrown by a deliverer for an error that retrying cannot fix (a refused recipient). */
export class PermanentDeliveryError extends Error {}

/** Records the outcome of a claimed message; only the claim's holder may. */
async function settle(db: Db, row: OutboxRow, now: Date, outcome: Delivery | { status: 'error'; error: unknown }): Promise<OutboxStatus> {
  const k = typed(db.kysely);
  const at = now.toISOString();
  const mine = k.updateTable('outbox').where('id', '=', row.id).where('claimed_by', '=', row.claimed_by).where('status', '=', 'sending');
  if (!('error' in outcome)) {
    const payload = outcome.payload === undefined ? row.payload : JSON.stringify(outcome.payload);
    await mine.set({ status: outcome.status, sent_at: outcome.status === 'sent' ? at : null, last_error: null, payload }).execute();
    return outcome.status;
  }
  const message = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
  const attempts = Number(row.attempts);
  const giveUp = outcome.error instanceof PermanentDeliveryError || attempts >= OUTBOX_POLICY.maxAttempts;
  const runAfter = new Date(now.getTime() + OUTBOX_POLICY.firstRetrySeconds * 1000 * 2 ** Math.max(0, attempts - 1)).toISOString();
  await mine.set({ status: giveUp ? 'failed' : 'pending', last_error: message.slice(0, 1000), run_after: giveUp ? row.run_after : runAfter }).execute();
  return giveUp ? 'failed' : 'pending';
}

export interface OutboxContext {
  db: Db;
  clock: () => Date;
}

export type Deliverer = (message: { id: string; kind: string; payload: unknown; attempts: number }) => Promise<Delivery>;

export interface DrainResult {
  sent: number;
  kept: number;
  retrying: number;
  failed: number;
}

/** A worker's name: host, process and a random part, so two instances never share one. */
export function workerName(): string {
  return `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * Claims and delivers due messages until none is left (or `maxBatches` batches): what the worker
 * does at each tick, and what tests and `secretariat outbox --send` call directly.
 */
export async function drainMessages(
  ctx: OutboxContext, deliver: Deliverer, options: { worker?: string; limit?: number; maxBatches?: number } = {},
): Promise<DrainResult> {
  const worker = options.worker ?? workerName();
  const result: DrainResult = { sent: 0, kept: 0, retrying: 0, failed: 0 };
  for (let batch = 0; batch < (options.maxBatches ?? 100); batch += 1) {
    const rows = await claimBatch(ctx.db, { worker, now: ctx.clock(), limit: options.limit });
    if (rows.length === 0) break;
    for (const row of rows) {
      let outcome: Delivery | { status: 'error'; error: unknown };
      try {
        // Claimed again and again without an answer (its worker keeps dying on it): stop trying.
        if (Number(row.attempts) > OUTBOX_POLICY.maxAttempts) throw new PermanentDeliveryError('Claimed too many times without an outcome.');
        outcome = await deliver({ id: row.id, kind: row.kind, payload: JSON.parse(row.payload), attempts: Number(row.attempts) });
      } catch (error) {
        outcome = { status: 'error', error };
      }
      const status = await settle(ctx.db, row, ctx.clock(), outcome);
      if (status === 'pending') result.retrying += 1;
      else result[status as 'sent' | 'kept' | 'failed'] += 1;
    }
  }
  return result;
}

export interface OutboxListing {
  id: string;
  kind: string;
  payload: unknown;
  status: OutboxStatus;
  attempts: number;
  runAfter: string;
  sentAt: string | null;
  lastError: string | null;
  createdAt: string;
}

/** The outbox, newest first: what administrators read (kept mail included). */
export async function listOutbox(ex: OutboxExecutor, options: { status?: OutboxStatus; limit?: number } = {}): Promise<OutboxListing[]> {
  let q = typed(ex).selectFrom('outbox').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit ?? 100);
  if (options.status) q = q.where('status', '=', options.status);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id, kind: r.kind, payload: JSON.parse(r.payload), status: r.status, attempts: Number(r.attempts),
    runAfter: r.run_after, sentAt: r.sent_at, lastError: r.last_error, createdAt: r.created_at,
  }));
}

/** Counts by status. */
export async function outboxCounts(ex: OutboxExecutor): Promise<Record<OutboxStatus, number>> {
  const rows = await typed(ex).selectFrom('outbox').select(['status', sql<number>`count(*)`.as('n')]).groupBy('status').execute();
  const out: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0, kept: 0 };
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}

// Workers in this process, woken when a message is written instead of waiting for the next poll.
const listeners = new Set<() => void>();

/** Wakes this process's workers now (after a command's transaction has committed). */
export function kickOutbox(): void {
  for (const listener of listeners) listener();
}

/**
 * Wakes the workers just after the current transaction has most likely committed; the command
 * may also call kickOutbox() itself after committing, and the poll catches anything left.
 */
function kickOutboxSoon(): void {
  if (listeners.size === 0) return;
  setTimeout(kickOutbox, 50).unref();
}

export interface OutboxWorker {
  /** Drains now (coalesced with a drain already running). */
  kick: () => void;
  /** Stops polling and waits for the drain in progress. */
  stop: () => Promise<void>;
}

/** Polls the outbox every `intervalMs` and whenever kicked, until stopped. */
export function startOutboxWorker(
  ctx: OutboxContext, deliver: Deliverer, options: { intervalMs?: number; onError?: (error: unknown) => void } = {},
): OutboxWorker {
  const worker = workerName();
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const tick = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = drainMessages(ctx, deliver, { worker })
      .then(() => undefined, (error) => options.onError?.(error))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          tick();
        }
      });
  };
  const timer = setInterval(tick, options.intervalMs ?? 2000);
  timer.unref();
  listeners.add(tick);
  tick();
  return {
    kick: tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      listeners.delete(tick);
      while (running) await running;
    },
  };
}
