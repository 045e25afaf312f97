// All SQL of the event stream: append in commit order, read in order with a reader's audiences.
//
// Positions are the change feed's cursor, so they must grow in commit order: a reader that has
// seen position N must never later find a new event below N. Appending takes one lock held until
// the transaction ends (a transaction-scoped advisory lock on PostgreSQL; SQLite has one writer at
// a time anyway) and numbers the event max + 1 under it. Take other locks before appending (the
// numbering lock of a raise, row updates), so two commands never wait on each other in a circle.
import { sql, type Kysely } from 'kysely';
import { serialise, type Dialect } from '../db/database.js';
import { compiledOnce } from '../db/compiled-once.js';
import type { EventCatalog } from './catalog.js';
import type { EventStreamTables, EventsTable } from './tables.js';

export interface NewEvent {
  id: string;
  type: string;
  subject: { id: string; ref: string };
  /** The change it concerns; for a subject that is a change, its own id. */
  proposalId?: string | null;
  meetingId?: string | null;
  action?: string | null;
  label: string;
  actor: { id: string; name: string };
  businessDate: string;
  recordedAt: string;
  payload: object;
}

export interface StoredEvent {
  position: number;
  id: string;
  type: string;
  subject: { type: string; id: string; ref: string };
  seq: number;
  proposalId: string | null;
  meetingId: string | null;
  action: string | null;
  audience: string;
  organisationId: string | null;
  committeeCode: string | null;
  label: string;
  actor: { id: string; name: string };
  businessDate: string;
  recordedAt: string;
  payload: Record<string, unknown>;
}

/** What a reader may see: audiences open to them, and those of their own organisation and of their committees. */
export type ReaderFilter = 'everything' | {
  audiences: readonly string[];
  organisation?: { id: string; audiences: readonly string[] };
  committees?: { codes: readonly string[]; audiences: readonly string[] };
};

type Ex = Kysely<any>;
const typed = (ex: Ex) => ex as unknown as Kysely<EventStreamTables>;

/** Thrown for an event that does not fit its type: a bug in the module that wrote it, never the user's input. */
export class InvalidEventError extends Error {}

/** Appends one event in the caller's transaction and returns it as stored. */
export async function appendEvent(trx: Ex, dialect: Dialect, catalog: EventCatalog, event: NewEvent): Promise<StoredEvent> {
  const definition = catalog.definition(event.type);
  if (!definition) throw new InvalidEventError(`Unknown event type ${event.type}.`);
  const problems = await catalog.check(event.type, event.payload);
  if (problems.length) throw new InvalidEventError(`Event ${event.type} does not fit its schema: ${problems.join('; ')}`);
  const audience = typeof definition.audience === 'function' ? definition.audience(event.payload) : definition.audience;
  const organisationId = definition.organisation?.(event.payload) ?? null;
  const committeeCode = definition.committee?.(event.payload) ?? null;
  const k = typed(trx);
  await serialise(trx, dialect, 'event-stream');
  const last = await k.selectFrom('events').select((eb) => eb.fn.max('seq').as('seq'))
    .where('subject_type', '=', definition.subject).where('subject_id', '=', event.subject.id).executeTakeFirst();
  const seq = Number(last?.seq ?? 0) + 1;
  const row: Omit<EventsTable, 'position'> = {
    id: event.id, type: event.type, subject_type: definition.subject, subject_id: event.subject.id, subject_ref: event.subject.ref, seq,
    proposal_id: event.proposalId ?? (definition.subject === 'proposal' ? event.subject.id : null),
    meeting_id: event.meetingId ?? null, action: event.action ?? null, audience, organisation_id: organisationId, committee_code: committeeCode,
    label: event.label, actor_id: event.actor.id, actor_name: event.actor.name,
    business_date: event.businessDate, recorded_at: event.recordedAt, payload: JSON.stringify(event.payload),
  };
  const inserted = await k.insertInto('events')
    .values({ ...row, position: sql<number>`(select coalesce(max(position), 0) + 1 from events)` })
    .returning('position').executeTakeFirstOrThrow();
  return toStored({ ...row, position: Number(inserted.position) });
}

export function toStored(r: EventsTable): StoredEvent {
  return {
    position: Number(r.position), id: r.id, type: r.type,
    subject: { type: r.subject_type, id: r.subject_id, ref: r.subject_ref }, seq: Number(r.seq),
    proposalId: r.proposal_id, meetingId: r.meeting_id, action: r.action, audience: r.audience, organisationId: r.organisation_id,
    committeeCode: r.committee_code ?? null,
    label: r.label, actor: { id: r.actor_id, name: r.actor_name }, businessDate: r.business_date, recordedAt: r.recorded_at,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
  };
}

function visibleTo<Q extends { where: (...args: any[]) => Q }>(q: Q, filter: ReaderFilter): Q {
  if (filter === 'everything') return q;
  const { audiences, organisation, committees } = filter;
  return q.where((eb: any) => eb.or([
    ...(audiences.length ? [eb('audience', 'in', audiences)] : [eb.val(false)]),
    ...(organisation && organisation.audiences.length
      ? [eb.and([eb('organisation_id', '=', organisation.id), eb('audience', 'in', organisation.audiences)])] : []),
    ...(committees && committees.codes.length && committees.audiences.length
      ? [eb.and([eb('committee_code', 'in', committees.codes), eb('audience', 'in', committees.audiences)])] : []),
  ]));
}

export interface StreamQuery {
  /** Only events after this position. */
  after?: number;
  /** Up to and including this position. */
  upTo?: number;
  limit: number;
  types?: readonly string[];
  subject?: { type: string; id: string };
}

/** Events in position order, as the reader may see them. */
export async function readStream(ex: Ex, filter: ReaderFilter, query: StreamQuery): Promise<StoredEvent[]> {
  let q = typed(ex).selectFrom('events').selectAll();
  if (query.after !== undefined) q = q.where('position', '>', query.after);
  if (query.upTo !== undefined) q = q.where('position', '<=', query.upTo);
  if (query.types) q = q.where('type', 'in', query.types.length ? [...query.types] : ['']);
  if (query.subject) q = q.where('subject_type', '=', query.subject.type).where('subject_id', '=', query.subject.id);
  q = visibleTo(q, filter);
  const rows = await q.orderBy('position').limit(query.limit).execute();
  return rows.map(toStored);
}

/** Events about one change (its own and those of meetings, views, papers about it), in business-date order. */
export async function readAbout(
  ex: Ex, filter: ReaderFilter, about: { proposalId?: string; meetingId?: string }, options: { types?: readonly string[] } = {},
): Promise<StoredEvent[]> {
  let q = typed(ex).selectFrom('events').selectAll();
  if (about.proposalId) q = q.where('proposal_id', '=', about.proposalId);
  if (about.meetingId) q = q.where('meeting_id', '=', about.meetingId);
  if (options.types) q = q.where('type', 'in', options.types.length ? [...options.types] : ['']);
  q = visibleTo(q, filter);
  const rows = await q.orderBy('business_date').orderBy('position').execute();
  return rows.map(toStored);
}

const lastPositionQuery = compiledOnce((ex: Ex) => typed(ex).selectFrom('events').select((eb) => eb.fn.max('position').as('p')));

/** The last position written (0 for an empty stream). Read by every kept list: built once. */
export async function lastPosition(ex: Ex): Promise<number> {
  const { rows } = await lastPositionQuery(ex);
  return Number(rows[0]?.p ?? 0);
}

/** The latest business date among a change's events of the given types, or null. */
export async function lastBusinessDate(ex: Ex, proposalId: string, types: readonly string[]): Promise<string | null> {
  const row = await typed(ex).selectFrom('events').select((eb) => eb.fn.max('business_date').as('d'))
    .where('proposal_id', '=', proposalId).where('type', 'in', [...types]).executeTakeFirst();
  return row?.d ?? null;
}
