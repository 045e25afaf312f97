// What every use case receives: the database, the process profile, a clock and the event catalog,
// and the helpers that make each command one transaction (even when one use case calls another)
// with its events appended in that same transaction.
import type { Transaction } from 'kysely';
import type { Db } from '../platform/db/database.js';
import type { EventCatalog, EventPayloads, EventType } from '../platform/events/catalog.js';
import { appendEvent, type StoredEvent } from '../platform/events/stream.js';
import type { FileStore } from '../platform/files/store.js';
import type { MailSettings } from '../platform/mail/mail.js';
import type { ProcessProfile } from '../process/profile.js';
import type { Database, Executor } from './database.js';
import type { FactProviders } from './facts.js';
import type { ReferenceProviders } from './references.js';

export interface ServiceContext {
  db: Db<Database>;
  profile: ProcessProfile;
  /** The current instant; tests pass a fixed clock. */
  clock: () => Date;
  /** Absolute base for public links, without a trailing slash. */
  publicBaseUrl: string;
  /** The port this instance listens on, once it does (set by `serve`): webhooks refuse to point at it. */
  listeningPort?: number;
  /** Every module's event types. */
  catalog: EventCatalog;
  /** Facts about a change that modules above the register provide to the process's guards. */
  facts: FactProviders;
  /** Register fields kept by modules above the register (a change's target release). */
  references: ReferenceProviders;
  /** How mail leaves: through SMTP_URL, or kept in the outbox when none is set. */
  mail: MailSettings;
  /** Where files (documents) are kept: beside a SQLite file, or in PostgreSQL. */
  files: FileStore;
  /** The largest file an upload may carry, in bytes (MAX_UPLOAD_MB). */
  maxUploadBytes: number;
  /** The hour of the London day from which daily digests of notifications go out (DIGEST_HOUR, default 7). */
  digestHour?: number;
  /** The key sealing secrets at rest (AES-256-GCM): SECRETARIAT_SECRET_KEY, or the key file's. */
  secretKey: Buffer;
  /** How long a rotated webhook secret still signs, beside the new one (WEBHOOK_SECRET_GRACE_HOURS). */
  webhookSecretGraceMs: number;
  /** Set inside a command's transaction, so nested use cases join it. */
  trx?: Transaction<Database>;
}

export const newId = (): string => crypto.randomUUID();

/** Where to read: the open transaction if there is one (SQLite has one connection), else the pool. */
export function executor(ctx: ServiceContext): Executor {
  return ctx.trx ?? ctx.db.kysely;
}

/**
 * Runs fn in the command's transaction, opening one unless a caller already has. Once the outermost
 * transaction commits, the event dispatcher of this process is woken (subscribers read the
 * committed events from the database; other instances find them at their next poll).
 */
export async function inTransaction<T>(
  ctx: ServiceContext, fn: (trx: Transaction<Database>, ctx: ServiceContext) => Promise<T>,
): Promise<T> {
  if (ctx.trx) return fn(ctx.trx, ctx);
  const result = await ctx.db.kysely.transaction().execute((trx) => fn(trx, { ...ctx, trx }));
  ctx.db.committed();
  return result;
}

export interface EventInput<T extends EventType> {
  type: T;
  /** What it is about: its id, and how people name it (DP094, an email …). */
  subject: { id: string; ref: string };
  payload: EventPayloads[T];
  /** What happened, in words. */
  label: string;
  actor: { id: string; name: string };
  /** The day it happened (Europe/London). */
  businessDate: string;
  /** The change it concerns, when the subject is something else (a view, an agenda item). */
  proposalId?: string | null;
  meetingId?: string | null;
  /** The lifecycle action of the profile it records. */
  action?: string | null;
}

/** Appends a typed event in the command's transaction: the write and its event commit together or not at all. */
export async function record<T extends EventType>(ctx: ServiceContext, event: EventInput<T>): Promise<StoredEvent> {
  if (!ctx.trx) throw new Error(`Event ${event.type} must be recorded inside the command's transaction.`);
  return appendEvent(ctx.trx, ctx.db.dialect, ctx.catalog, {
    id: newId(), type: event.type, subject: event.subject, proposalId: event.proposalId, meetingId: event.meetingId,
    action: event.action, label: event.label, actor: { id: event.actor.id, name: event.actor.name },
    businessDate: event.businessDate, recordedAt: ctx.clock().toISOString(), payload: event.payload,
  });
}
