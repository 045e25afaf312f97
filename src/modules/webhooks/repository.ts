// All SQL of webhooks: endpoints, deliveries (one per endpoint and event, claimed by one instance at
// a time with a lease) and the log of attempts.
import type { Executor } from '../database.js';
import type { AttemptOutcome, DeliveryStatus, WebhookAttemptsTable, WebhookDeliveriesTable, WebhookEndpointsTable } from './tables.js';

export interface Endpoint {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  status: 'active' | 'disabled';
  /** Whether it has a secret (an endpoint imported from an export has none until rotated). */
  hasSecret: boolean;
  fromPosition: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export function toEndpoint(r: WebhookEndpointsTable): Endpoint {
  return {
    id: r.id, url: r.url, description: r.description, eventTypes: JSON.parse(r.event_types) as string[], status: r.status,
    hasSecret: !!r.secret, fromPosition: Number(r.from_position), version: Number(r.version), createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

export async function insertEndpoint(ex: Executor, row: WebhookEndpointsTable): Promise<void> {
  await ex.insertInto('webhook_endpoints').values(row).execute();
}

export async function findEndpointRow(ex: Executor, id: string): Promise<WebhookEndpointsTable | undefined> {
  return ex.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listEndpointRows(ex: Executor): Promise<WebhookEndpointsTable[]> {
  return ex.selectFrom('webhook_endpoints').selectAll().orderBy('created_at').orderBy('id').execute();
}

/** Updates an endpoint if it is still at `version`; false when someone else changed it first. */
export async function updateEndpoint(
  ex: Executor, id: string, version: number, patch: Partial<Pick<WebhookEndpointsTable, 'url' | 'description' | 'event_types' | 'status' | 'secret' | 'previous_secret' | 'previous_secret_until'>>, at: string,
): Promise<boolean> {
  const r = await ex.updateTable('webhook_endpoints').set({ ...patch, version: version + 1, updated_at: at })
    .where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteEndpoint(ex: Executor, id: string): Promise<void> {
  await ex.deleteFrom('webhook_attempts').where('endpoint_id', '=', id).execute();
  await ex.deleteFrom('webhook_deliveries').where('endpoint_id', '=', id).execute();
  await ex.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
}

/** Active endpoints with a secret that were registered before the event (position). */
export async function endpointsFor(ex: Executor, position: number): Promise<WebhookEndpointsTable[]> {
  return ex.selectFrom('webhook_endpoints').selectAll()
    .where('status', '=', 'active').where('secret', 'is not', null).where('from_position', '<', position).execute();
}

/** One delivery per endpoint and event: a repeated event adds nothing. Returns how many were new. */
export async function queueDeliveries(ex: Executor, rows: WebhookDeliveriesTable[]): Promise<number> {
  let added = 0;
  for (const row of rows) {
    const r = await ex.insertInto('webhook_deliveries').values(row)
      .onConflict((oc) => oc.columns(['endpoint_id', 'event_id']).doNothing()).executeTakeFirst();
    added += Number(r.numInsertedOrUpdatedRows ?? 0);
  }
  return added;
}

/** Deliveries due now whose endpoint is active and nobody holds, oldest first. */
export async function dueDeliveries(ex: Executor, now: string, limit: number): Promise<string[]> {
  const rows = await ex.selectFrom('webhook_deliveries as d').innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .select('d.id')
    .where('d.status', '=', 'pending').where('d.next_attempt_at', '<=', now).where('e.status', '=', 'active')
    .where((eb) => eb.or([eb('d.claimed_until', 'is', null), eb('d.claimed_until', '<', now)]))
    .orderBy('d.next_attempt_at').orderBy('d.event_position').limit(limit).execute();
  return rows.map((r) => r.id);
}

/** Takes a due delivery for this worker until `until`; false when another instance took it first. */
export async function claimDelivery(ex: Executor, id: string, token: string, now: string, until: string): Promise<boolean> {
  const r = await ex.updateTable('webhook_deliveries').set({ claimed_by: token, claimed_until: until, updated_at: now })
    .where('id', '=', id).where('status', '=', 'pending').where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function findDeliveryRow(ex: Executor, id: string): Promise<WebhookDeliveriesTable | undefined> {
  return ex.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertAttempt(ex: Executor, row: WebhookAttemptsTable): Promise<void> {
  await ex.insertInto('webhook_attempts').values(row).execute();
}

/** Records an attempt's outcome and lets the delivery go, if this worker still holds it. */
export async function settleDelivery(
  ex: Executor, id: string, token: string,
  patch: { status: DeliveryStatus; attempts: number; next_attempt_at: string; last_status_code: number | null; last_error: string | null; delivered_at?: string },
  at: string,
): Promise<boolean> {
  const r = await ex.updateTable('webhook_deliveries').set({ ...patch, claimed_by: null, claimed_until: null, updated_at: at })
    .where('id', '=', id).where('claimed_by', '=', token).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Makes a delivery due now, from its first attempt again. */
export async function requeueDelivery(ex: Executor, id: string, at: string): Promise<void> {
  await ex.updateTable('webhook_deliveries')
    .set({ status: 'pending', attempts: 0, next_attempt_at: at, claimed_by: null, claimed_until: null, updated_at: at })
    .where('id', '=', id).execute();
}

export interface DeliveryListing {
  id: string;
  eventId: string;
  eventPosition: number;
  eventType: string;
  subjectRef: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

export interface AttemptListing {
  id: string;
  deliveryId: string;
  startedAt: string;
  durationMs: number;
  statusCode: number | null;
  outcome: AttemptOutcome;
  responseExcerpt: string | null;
  error: string | null;
}

/** An endpoint's deliveries, newest event first, with what each event is about. */
export async function listDeliveries(ex: Executor, endpointId: string, limit: number): Promise<DeliveryListing[]> {
  const rows = await ex.selectFrom('webhook_deliveries as d').innerJoin('events as ev', 'ev.id', 'd.event_id')
    .selectAll('d').select('ev.subject_ref')
    .where('d.endpoint_id', '=', endpointId).orderBy('d.event_position', 'desc').limit(limit).execute();
  return rows.map(toDelivery);
}

function toDelivery(r: WebhookDeliveriesTable & { subject_ref: string }): DeliveryListing {
  return {
    id: r.id, eventId: r.event_id, eventPosition: Number(r.event_position), eventType: r.event_type, subjectRef: r.subject_ref,
    status: r.status, attempts: Number(r.attempts), nextAttemptAt: r.next_attempt_at,
    lastStatusCode: r.last_status_code === null ? null : Number(r.last_status_code), lastError: r.last_error,
    deliveredAt: r.delivered_at, createdAt: r.created_at,
  };
}

/** The attempts at the given deliveries, oldest first. */
export async function listAttempts(ex: Executor, deliveryIds: string[]): Promise<AttemptListing[]> {
  if (!deliveryIds.length) return [];
  const rows = await ex.selectFrom('webhook_attempts').selectAll().where('delivery_id', 'in', deliveryIds)
    .orderBy('started_at').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id, deliveryId: r.delivery_id, startedAt: r.started_at, durationMs: Number(r.duration_ms),
    statusCode: r.status_code === null ? null : Number(r.status_code), outcome: r.outcome, responseExcerpt: r.response_excerpt, error: r.error,
  }));
}
