// Use cases of webhooks, one transaction each with its event: register an endpoint (its secret is
// returned once, here and never again), edit, disable or enable it, rotate its secret, delete it;
// read endpoints with their deliveries and attempts; send a delivery again.
import { DomainError, notFound } from '../../platform/errors.js';
import { Checker, type Loose } from '../../platform/validation.js';
import { londonDate } from '../../process/dates.js';
import type { Actor } from '../accounts/accounts.js';
import { executor, inTransaction, newId, record, type ServiceContext } from '../context.js';
import * as repo from './repository.js';
import { wakeSender } from './signal.js';
import { eventTypesProblem, newSecret, urlProblem } from './webhooks.js';
import { seal } from '../../platform/crypto/secret-box.js';

export type { Endpoint, DeliveryListing, AttemptListing } from './repository.js';

export interface EndpointInput {
  url?: Loose;
  description?: Loose;
  eventTypes?: Loose;
}

export interface EndpointChange extends EndpointInput {
  status?: Loose;
}

const STATUSES = ['active', 'disabled'] as const;

function checkFields(ctx: ServiceContext, c: Checker, input: EndpointInput, required: boolean) {
  const url = c.text('url', input.url, { required, max: 2000 });
  if (url) {
    const problem = urlProblem(url, { publicBaseUrl: ctx.publicBaseUrl, listeningPort: ctx.listeningPort });
    if (problem) c.fail('url', problem);
  }
  const description = input.description === undefined ? undefined : c.text('description', input.description, { max: 300 }) ?? '';
  let eventTypes = c.list('eventTypes', input.eventTypes);
  if (eventTypes === undefined && required) eventTypes = [];
  if (eventTypes !== undefined) {
    const problem = eventTypesProblem(eventTypes, ctx.catalog);
    if (problem) c.fail('eventTypes', problem);
  }
  return { url, description, eventTypes };
}

const subject = (e: { id: string; url: string }) => ({ id: e.id, ref: e.url });
const today = (ctx: ServiceContext) => londonDate(ctx.clock());

export async function addEndpoint(ctx: ServiceContext, actor: Actor, input: EndpointInput): Promise<{ endpoint: repo.Endpoint; secret: string }> {
  const c = new Checker();
  const fields = checkFields(ctx, c, input, true);
  c.done();
  const id = newId();
  const secret = newSecret();
  const url = fields.url!;
  const eventTypes = fields.eventTypes!;
  const description = fields.description ?? '';
  return inTransaction(ctx, async (trx, tx) => {
    const event = await record(tx, {
      type: 'webhook.endpoint-added', subject: { id, ref: url }, actor, businessDate: today(ctx),
      label: `Webhook endpoint ${url} registered`, payload: { endpointId: id, url, description, eventTypes },
    });
    const at = ctx.clock().toISOString();
    // Sent only what comes after its own registration.
    await repo.insertEndpoint(trx, {
      id, url, description, event_types: JSON.stringify(eventTypes), secret: seal(ctx.secretKey, secret), previous_secret: null, previous_secret_until: null,
      status: 'active', from_position: event.position,
      version: 1, created_at: at, updated_at: at,
    });
    return { endpoint: repo.toEndpoint((await repo.findEndpointRow(trx, id))!), secret };
  });
}

async function existing(ctx: ServiceContext, id: string) {
  const row = await repo.findEndpointRow(executor(ctx), id);
  if (!row) throw notFound('That webhook endpoint');
  return row;
}

const conflict = () => new DomainError('VERSION_CONFLICT', 'Someone else changed this endpoint first.');

export async function editEndpoint(ctx: ServiceContext, actor: Actor, id: string, input: EndpointChange): Promise<repo.Endpoint> {
  const c = new Checker();
  const fields = checkFields(ctx, c, input, false);
  const status = c.oneOf('status', input.status, STATUSES);
  c.done();
  const edited = await inTransaction(ctx, async (trx, tx) => {
    const before = repo.toEndpoint(await existing(tx, id));
    const after = {
      url: fields.url ?? before.url, description: fields.description ?? before.description,
      eventTypes: fields.eventTypes ?? before.eventTypes, status: status ?? before.status,
    };
    if (!await repo.updateEndpoint(trx, id, before.version, {
      url: after.url, description: after.description, event_types: JSON.stringify(after.eventTypes), status: after.status,
    }, ctx.clock().toISOString())) throw conflict();
    const what = after.status !== before.status ? (after.status === 'active' ? 'enabled' : 'disabled') : 'edited';
    await record(tx, {
      type: 'webhook.endpoint-edited', subject: subject({ id, url: after.url }), actor, businessDate: today(ctx),
      label: `Webhook endpoint ${after.url} ${what}`, payload: { endpointId: id, ...after },
    });
    return repo.toEndpoint((await repo.findEndpointRow(trx, id))!);
  });
  // Deliveries that waited while it was disabled go now.
  if (edited.status === 'active') wakeSender(ctx.db);
  return edited;
}

/**
 * A new secret signs from now on; it is returned here, once. The one it replaces still signs beside
 * it for the grace period (WEBHOOK_SECRET_GRACE_HOURS), so a receiver has time to take the new one.
 */
export async function rotateSecret(ctx: ServiceContext, actor: Actor, id: string): Promise<{ endpoint: repo.Endpoint; secret: string }> {
  return inTransaction(ctx, async (trx, tx) => {
    const row = await existing(tx, id);
    const before = repo.toEndpoint(row);
    const secret = newSecret();
    const now = ctx.clock();
    const graceEnds = new Date(now.getTime() + ctx.webhookSecretGraceMs).toISOString();
    const previous = row.secret && ctx.webhookSecretGraceMs > 0 ? { previous_secret: row.secret, previous_secret_until: graceEnds } : { previous_secret: null, previous_secret_until: null };
    if (!await repo.updateEndpoint(trx, id, before.version, { secret: seal(ctx.secretKey, secret), ...previous }, now.toISOString())) throw conflict();
    await record(tx, {
      type: 'webhook.secret-rotated', subject: subject(before), actor, businessDate: today(ctx),
      label: `Signing secret of webhook endpoint ${before.url} rotated`, payload: { endpointId: id },
    });
    return { endpoint: repo.toEndpoint((await repo.findEndpointRow(trx, id))!), secret };
  });
}

export async function deleteEndpoint(ctx: ServiceContext, actor: Actor, id: string): Promise<void> {
  await inTransaction(ctx, async (trx, tx) => {
    const before = await existing(tx, id);
    await repo.deleteEndpoint(trx, id);
    await record(tx, {
      type: 'webhook.endpoint-deleted', subject: subject(before), actor, businessDate: today(ctx),
      label: `Webhook endpoint ${before.url} deleted`, payload: { endpointId: id, url: before.url },
    });
  });
}

export async function listEndpoints(ctx: ServiceContext): Promise<repo.Endpoint[]> {
  return (await repo.listEndpointRows(executor(ctx))).map(repo.toEndpoint);
}

export async function getEndpoint(ctx: ServiceContext, id: string): Promise<repo.Endpoint> {
  return repo.toEndpoint(await existing(ctx, id));
}

export interface DeliveryWithAttempts extends repo.DeliveryListing {
  attemptLog: repo.AttemptListing[];
}

/** An endpoint's latest deliveries (newest event first), each with its attempts (oldest first). */
export async function endpointDeliveries(ctx: ServiceContext, id: string, limit = 50): Promise<{ endpoint: repo.Endpoint; deliveries: DeliveryWithAttempts[] }> {
  const endpoint = await getEndpoint(ctx, id);
  const deliveries = await repo.listDeliveries(executor(ctx), id, limit);
  const attempts = await repo.listAttempts(executor(ctx), deliveries.map((d) => d.id));
  return { endpoint, deliveries: deliveries.map((d) => ({ ...d, attemptLog: attempts.filter((a) => a.deliveryId === d.id) })) };
}

/** Sends a delivery again now (whatever became of it), from its first attempt: the same event, the same webhook-id. */
export async function resendDelivery(ctx: ServiceContext, actor: Actor, endpointId: string, deliveryId: string): Promise<void> {
  await inTransaction(ctx, async (trx, tx) => {
    const endpoint = await existing(tx, endpointId);
    const delivery = await repo.findDeliveryRow(trx, deliveryId);
    if (!delivery || delivery.endpoint_id !== endpointId) throw notFound('That delivery');
    await repo.requeueDelivery(trx, deliveryId, ctx.clock().toISOString());
    await record(tx, {
      type: 'webhook.delivery-resent', subject: subject(endpoint), actor, businessDate: today(ctx),
      label: `Delivery of ${delivery.event_type} to ${endpoint.url} sent again`,
      payload: { endpointId, deliveryId, eventId: delivery.event_id, eventType: delivery.event_type },
    });
  });
  wakeSender(ctx.db);
}
