// The mail outbox: a command writes its message here in its own transaction, with a `mail.queued`
// event, so a mail exists only if the change committed. The mail subscriber (an ordinary subscriber
// of the event stream: one instance at a time, retried with backoff) sends it after commit and
// records the outcome here, where administrators read it.
import type { Kysely } from 'kysely';
import type { ModuleMigration } from '../../platform/db/migrate.js';
import { inTransaction, newId, record, type ServiceContext } from '../context.js';
import { londonDate } from '../../process/dates.js';
import type { Executor } from '../database.js';

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'kept';

export interface OutboxTable {
  id: string;
  /** What the message is, e.g. 'password-reset' or 'invite'. */
  kind: string;
  /** The message as JSON text: { to, subject, text, sensitive? }. */
  payload: string;
  status: OutboxStatus;
  /** Delivery attempts made. */
  attempts: number;
  /** When it was queued to be sent (retries are timed by the event dispatcher). */
  run_after: string;
  /** Unused since mail became a subscriber of the event stream (kept for older rows). */
  claimed_by: string | null;
  claimed_at: string | null;
  sent_at: string | null;
  last_error: string | null;
  created_at: string;
}

export interface OutboxTables {
  outbox: OutboxTable;
}

export const MAIL_POLICY = {
  /** Attempts before a message is marked failed (the dispatcher waits 1, 2, 4, 8 minutes between them). */
  maxAttempts: 5,
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

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /**
   * The text holds a secret (a single-use link): once sent, the outbox keeps only who it went to
   * and the subject. A kept message keeps its text, since an administrator has to pass it on.
   */
  sensitive?: boolean;
  /** Extra headers by name, e.g. List-Unsubscribe (RFC 2369) and List-Unsubscribe-Post (RFC 8058). */
  headers?: Record<string, string>;
}

const typed = (ex: Executor) => ex as unknown as Kysely<OutboxTables>;

/** Writes a mail into the outbox with its event, in the command's transaction (or one of its own). */
export async function enqueueMail(ctx: ServiceContext, actor: { id: string; name: string }, kind: string, mail: Mail): Promise<string> {
  if (/[\r\n]/.test(mail.to + mail.subject)) throw new Error('A mail address or subject cannot contain a line break.');
  for (const [name, value] of Object.entries(mail.headers ?? {})) {
    if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(name) || /[\r\n]/.test(value)) throw new Error(`The mail header ${name} is not a name and a one-line value.`);
  }
  return inTransaction(ctx, async (trx, tx) => {
    const id = newId();
    const at = ctx.clock().toISOString();
    await typed(trx).insertInto('outbox').values({
      id, kind, payload: JSON.stringify(mail), status: 'pending', attempts: 0, run_after: at,
      claimed_by: null, claimed_at: null, sent_at: null, last_error: null, created_at: at,
    }).execute();
    await record(tx, {
      type: 'mail.queued', subject: { id, ref: mail.to }, label: `Mail queued to ${mail.to}: ${mail.subject}`,
      actor, businessDate: londonDate(ctx.clock()), payload: { mailId: id, kind, to: mail.to, subject: mail.subject },
    });
    return id;
  });
}

export function isMail(value: unknown): value is Mail {
  const m = value as Mail;
  return !!m && typeof m.to === 'string' && typeof m.subject === 'string' && typeof m.text === 'string'
    && (m.headers === undefined || (typeof m.headers === 'object' && m.headers !== null && Object.values(m.headers).every((v) => typeof v === 'string')));
}

export async function findMessage(ex: Executor, id: string): Promise<OutboxTable | undefined> {
  return typed(ex).selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Records an attempt's outcome; only a message still pending may change. */
export async function settleMessage(
  ex: Executor, id: string, patch: Pick<OutboxTable, 'status' | 'attempts'> & Partial<Pick<OutboxTable, 'sent_at' | 'last_error' | 'payload'>>,
): Promise<void> {
  await typed(ex).updateTable('outbox').set(patch).where('id', '=', id).where('status', '=', 'pending').execute();
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
export async function listOutbox(ex: Executor, options: { status?: OutboxStatus; limit?: number } = {}): Promise<OutboxListing[]> {
  let q = typed(ex).selectFrom('outbox').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit ?? 100);
  if (options.status) q = q.where('status', '=', options.status);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id, kind: r.kind, payload: JSON.parse(r.payload), status: r.status, attempts: Number(r.attempts),
    runAfter: r.run_after, sentAt: r.sent_at, lastError: r.last_error, createdAt: r.created_at,
  }));
}

/** Counts by status. */
export async function outboxCounts(ex: Executor): Promise<Record<OutboxStatus, number>> {
  const rows = await typed(ex).selectFrom('outbox').select((eb) => ['status', eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  const out: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0, kept: 0 };
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}
