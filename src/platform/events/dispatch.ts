// Hands committed events to the subscribers that modules register: at least once, in order per
// subject, each subscriber keeping in the database the position it has handled. One instance at a
// time works for a subscriber (a lease in its row, so several app instances on one PostgreSQL
// share the work without doing it twice). A failing event is parked with a retry time that backs
// off; later events of the same subject wait behind it, others go on. A subscriber never delays or
// undoes the command that wrote the event: it runs after commit, from what the database holds.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Kysely } from 'kysely';
import type { Db } from '../db/database.js';
import { startPoller, type Poller } from './poller.js';
import { lastPosition, readStream, toStored, type StoredEvent } from './stream.js';
import type { EventRetriesTable, EventStreamTables } from './tables.js';

export interface Subscriber<C> {
  /** Stable name: its position is stored under it. */
  name: string;
  /** What it does, for the administrators' page. */
  description: string;
  /** The event types it wants (all when absent). */
  types?: readonly string[];
  /** A subscriber new to a database starts at the beginning of the stream, or only with what comes next. */
  from?: 'beginning' | 'now';
  handle: (event: StoredEvent, ctx: C) => Promise<void>;
}

export const DISPATCH_POLICY = {
  /** Attempts before a parked event is marked failed (and stops holding back its subject). */
  maxAttempts: 5,
  /** The wait after the first failure; it doubles after each (1, 2, 4, 8 minutes). */
  firstRetrySeconds: 60,
  /** How long an instance's claim on a subscriber lasts without being renewed. */
  leaseSeconds: 60,
  /** A handler that has not finished after this long counts as failed. */
  handlerTimeoutSeconds: 30,
  batchSize: 100,
};

export interface DispatchContext<C> {
  db: Db;
  clock: () => Date;
  subscribers: readonly Subscriber<C>[];
  /** Handed to every handler. */
  context: C;
}

export interface DispatchResult {
  handled: number;
  parked: number;
  failed: number;
}

const typed = (db: Db) => db.kysely as unknown as Kysely<EventStreamTables>;
const subjectKey = (e: StoredEvent) => `${e.subject.type}:${e.subject.id}`;
const plus = (at: Date, seconds: number) => new Date(at.getTime() + seconds * 1000).toISOString();

/** A worker's name: host, process and a random part, so two instances never share one. */
export function workerName(): string {
  return `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** Gives each subscriber its row; a new one starts at the beginning or at the stream's end. */
export async function registerSubscribers(db: Db, subscribers: readonly Subscriber<unknown>[], now: Date): Promise<void> {
  const k = typed(db);
  const end = await lastPosition(db.kysely);
  for (const s of subscribers) {
    await k.insertInto('event_subscribers')
      .values({ name: s.name, position: s.from === 'now' ? end : 0, claimed_by: null, claimed_until: null, handled: 0, updated_at: now.toISOString() })
      .onConflict((oc) => oc.column('name').doNothing()).execute();
  }
}

async function withTimeout<T>(work: Promise<T>, seconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`No answer within ${seconds} seconds.`)), seconds * 1000);
    timer.unref();
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 1000);
}

/** One subscriber's turn, while this worker holds its lease. */
class Turn<C> {
  result: DispatchResult = { handled: 0, parked: 0, failed: 0 };

  constructor(private readonly d: DispatchContext<C>, private readonly s: Subscriber<C>, private readonly token: string) {}

  private get k() {
    return typed(this.d.db);
  }

  /** Renews the lease while recording progress; false when another worker has taken it over. */
  private async advance(position: number | null, handled: number): Promise<boolean> {
    const now = this.d.clock();
    const r = await this.k.updateTable('event_subscribers')
      .set((eb) => ({
        ...(position !== null ? { position } : {}),
        handled: eb('handled', '+', handled), claimed_until: plus(now, DISPATCH_POLICY.leaseSeconds), updated_at: now.toISOString(),
      }))
      .where('name', '=', this.s.name).where('claimed_by', '=', this.token).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  private async attempt(event: StoredEvent): Promise<unknown> {
    try {
      await withTimeout(this.s.handle(event, this.d.context), DISPATCH_POLICY.handlerTimeoutSeconds);
      this.result.handled += 1;
      return null;
    } catch (error) {
      return error ?? new Error('failed');
    }
  }

  private async park(event: StoredEvent, error: unknown): Promise<void> {
    const now = this.d.clock();
    await this.k.insertInto('event_retries').values({
      subscriber: this.s.name, event_position: event.position, subject_key: subjectKey(event),
      attempts: error ? 1 : 0, status: 'waiting',
      run_after: error ? plus(now, DISPATCH_POLICY.firstRetrySeconds) : now.toISOString(),
      last_error: error ? errorText(error) : 'Waiting behind an earlier event of the same subject.',
      created_at: now.toISOString(), updated_at: now.toISOString(),
    }).onConflict((oc) => oc.columns(['subscriber', 'event_position']).doNothing()).execute();
    this.result.parked += 1;
  }

  /** Parked events that are due, the earliest of each subject only, so a subject keeps its order. */
  async retries(): Promise<boolean> {
    const waiting = await this.k.selectFrom('event_retries').selectAll()
      .where('subscriber', '=', this.s.name).where('status', '=', 'waiting').orderBy('event_position').execute();
    const first = new Map<string, EventRetriesTable>();
    for (const r of waiting) if (!first.has(r.subject_key)) first.set(r.subject_key, r);
    const now = this.d.clock().toISOString();
    for (const retry of first.values()) {
      if (retry.run_after > now) continue;
      let next: EventRetriesTable | undefined = retry;
      while (next) {
        const row = await this.k.selectFrom('events').selectAll().where('position', '=', next.event_position).executeTakeFirst();
        const error = row ? await this.attempt(toStored(row)) : null;
        const mine = this.k.updateTable('event_retries').where('subscriber', '=', this.s.name).where('event_position', '=', next.event_position);
        if (error) {
          const attempts = Number(next.attempts) + 1;
          const giveUp = attempts >= DISPATCH_POLICY.maxAttempts;
          const wait = DISPATCH_POLICY.firstRetrySeconds * 2 ** (attempts - 1);
          await mine.set({ attempts, status: giveUp ? 'failed' : 'waiting', run_after: plus(this.d.clock(), wait),
            last_error: errorText(error), updated_at: this.d.clock().toISOString() }).execute();
          if (giveUp) this.result.failed += 1;
          break;
        }
        await this.k.deleteFrom('event_retries').where('subscriber', '=', this.s.name).where('event_position', '=', next.event_position).execute();
        if (!await this.advance(null, 1)) return false;
        next = waiting.find((r) => r.subject_key === retry.subject_key && r.event_position > next!.event_position);
      }
    }
    return true;
  }

  /** New events after the subscriber's position, in order; the position moves past each. */
  async fresh(): Promise<void> {
    const row = await this.k.selectFrom('event_subscribers').select('position').where('name', '=', this.s.name).executeTakeFirstOrThrow();
    let position = Number(row.position);
    const end = await lastPosition(this.d.db.kysely);
    const blocked = new Set((await this.k.selectFrom('event_retries').select('subject_key')
      .where('subscriber', '=', this.s.name).where('status', '=', 'waiting').execute()).map((r) => r.subject_key));
    while (position < end) {
      const batch = await readStream(this.d.db.kysely, 'everything', { after: position, upTo: end, limit: DISPATCH_POLICY.batchSize, types: this.s.types });
      for (const event of batch) {
        const key = subjectKey(event);
        let handled = 0;
        if (blocked.has(key)) {
          await this.park(event, null);
        } else {
          const error = await this.attempt(event);
          if (error) {
            await this.park(event, error);
            blocked.add(key);
          } else {
            handled = 1;
          }
        }
        if (!await this.advance(event.position, handled)) return;
      }
      // Fewer than a batch: nothing more of its types up to `end`, so skip the rest of the range at once.
      position = batch.length < DISPATCH_POLICY.batchSize ? end : batch[batch.length - 1].position;
      if (!await this.advance(position, 0)) return;
    }
  }
}

async function claim(db: Db, name: string, token: string, now: Date): Promise<boolean> {
  const r = await typed(db).updateTable('event_subscribers')
    .set({ claimed_by: token, claimed_until: plus(now, DISPATCH_POLICY.leaseSeconds) })
    .where('name', '=', name)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now.toISOString())]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

async function release(db: Db, name: string, token: string): Promise<void> {
  await typed(db).updateTable('event_subscribers').set({ claimed_by: null, claimed_until: null })
    .where('name', '=', name).where('claimed_by', '=', token).execute();
}

/** Whether a subscriber has anything to do: events past its position, or a parked event due. Reads only. */
async function hasWork(db: Db, name: string, end: number, now: Date): Promise<boolean> {
  const k = typed(db);
  const row = await k.selectFrom('event_subscribers').select('position').where('name', '=', name).executeTakeFirst();
  if (!row) return false;
  if (Number(row.position) < end) return true;
  const due = await k.selectFrom('event_retries').select('event_position')
    .where('subscriber', '=', name).where('status', '=', 'waiting').where('run_after', '<=', now.toISOString()).limit(1).executeTakeFirst();
  return due !== undefined;
}

/** Every subscriber with work gets one turn: what the worker does at each tick, and what tests and the CLI call. */
export async function dispatchOnce<C>(d: DispatchContext<C>, options: { worker?: string; only?: string[] } = {}): Promise<DispatchResult> {
  const total: DispatchResult = { handled: 0, parked: 0, failed: 0 };
  const worker = options.worker ?? workerName();
  const end = await lastPosition(d.db.kysely);
  const known = new Set((await typed(d.db).selectFrom('event_subscribers').select('name').execute()).map((r) => r.name));
  const fresh = d.subscribers.filter((s) => !known.has(s.name));
  if (fresh.length) await registerSubscribers(d.db, fresh as Subscriber<unknown>[], d.clock());
  for (const s of d.subscribers) {
    if (options.only && !options.only.includes(s.name)) continue;
    if (!await hasWork(d.db, s.name, end, d.clock())) continue;
    const token = `${worker}#${randomUUID().slice(0, 8)}`;
    if (!await claim(d.db, s.name, token, d.clock())) continue;
    const turn = new Turn(d, s, token);
    try {
      if (await turn.retries()) await turn.fresh();
    } finally {
      await release(d.db, s.name, token);
    }
    total.handled += turn.result.handled;
    total.parked += turn.result.parked;
    total.failed += turn.result.failed;
  }
  return total;
}

/** Runs a turn whenever kicked (coalesced with one already running); stop waits for the turn in progress. */
export type Dispatcher = Poller;

/** Polls every `intervalMs` (other instances' events) and runs whenever kicked (this one's commits). */
export function startDispatcher<C>(d: DispatchContext<C>, options: { intervalMs?: number; onError?: (error: unknown) => void } = {}): Dispatcher {
  const worker = workerName();
  return startPoller(() => dispatchOnce(d, { worker }), {
    intervalMs: options.intervalMs ?? 2000, wakeOn: (kick) => d.db.onCommit(kick), onError: options.onError,
  });
}

export interface SubscriberStatus {
  name: string;
  description: string;
  position: number;
  behind: number;
  handled: number;
  claimedBy: string | null;
  updatedAt: string;
  retries: { position: number; type: string; subjectRef: string; attempts: number; status: 'waiting' | 'failed'; runAfter: string; lastError: string }[];
}

/** Each subscriber's position, how far behind it is, and its parked events: the administrators' page. */
export async function subscriberStatus(db: Db, subscribers: readonly Subscriber<unknown>[]): Promise<SubscriberStatus[]> {
  const k = typed(db);
  const end = await lastPosition(db.kysely);
  const rows = await k.selectFrom('event_subscribers').selectAll().execute();
  const retries = await k.selectFrom('event_retries as r').innerJoin('events as e', 'e.position', 'r.event_position')
    .select(['r.subscriber', 'r.event_position', 'r.attempts', 'r.status', 'r.run_after', 'r.last_error', 'e.type', 'e.subject_ref'])
    .orderBy('r.event_position').execute();
  return subscribers.map((s) => {
    const row = rows.find((r) => r.name === s.name);
    return {
      name: s.name, description: s.description, position: Number(row?.position ?? 0), behind: Math.max(0, end - Number(row?.position ?? 0)),
      handled: Number(row?.handled ?? 0), claimedBy: row?.claimed_by ?? null, updatedAt: row?.updated_at ?? '',
      retries: retries.filter((r) => r.subscriber === s.name).map((r) => ({
        position: Number(r.event_position), type: r.type, subjectRef: r.subject_ref, attempts: Number(r.attempts),
        status: r.status, runAfter: r.run_after, lastError: r.last_error,
      })),
    };
  });
}

/**
 * Moves a subscriber on to `position` (never back) and drops its parked events up to it: for a
 * subscriber that keeps derived data and has just rebuilt it from the database (search's reindex).
 */
export async function moveSubscriberTo<C>(db: Db, subscriber: Subscriber<C>, position: number, now: Date): Promise<void> {
  await registerSubscribers(db, [subscriber as Subscriber<unknown>], now);
  const k = typed(db);
  await k.updateTable('event_subscribers').set({ position, updated_at: now.toISOString() })
    .where('name', '=', subscriber.name).where('position', '<', position).execute();
  await k.deleteFrom('event_retries').where('subscriber', '=', subscriber.name).where('event_position', '<=', position).execute();
}

/** An administrator asks for a parked or failed event to be tried again now. */
export async function retryNow(db: Db, subscriber: string, position: number, now: Date): Promise<boolean> {
  const r = await typed(db).updateTable('event_retries')
    .set({ status: 'waiting', run_after: now.toISOString(), attempts: 0, updated_at: now.toISOString() })
    .where('subscriber', '=', subscriber).where('event_position', '=', position).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
