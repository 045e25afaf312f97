// JSON routes of webhooks under /api/v1/webhooks, for administrators: endpoints (the secret only in
// the answers that make one), their deliveries with every attempt, and sending a delivery again.
import { Type } from 'typebox';
import { Nullable } from '../../platform/events/changes.js';
import type { HttpServer } from '../../platform/http/server.js';
import { ErrorSchema, writeErrors } from '../../platform/http/schemas.js';
import { actorOf } from '../accounts/http.js';
import type { ServiceContext } from '../context.js';
import * as service from './service.js';

const tags = ['webhooks'];
const bearer = [{ bearer: [] }];
const config = { permission: 'webhooks.manage' } as const;
const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
const readErrors = { 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };

const EventTypes = Type.Array(Type.String({ maxLength: 100 }), { maxItems: 200,
  description: 'Event types of the catalog that the public may read, or ["*"] for every one of them.' });

const endpointProperties = {
  id: Type.String(),
  url: Type.String(),
  description: Type.String(),
  eventTypes: Type.Array(Type.String()),
  status: Type.String({ enum: ['active', 'disabled'] }),
  hasSecret: Type.Boolean({ description: 'False for an endpoint imported from an export: rotate its secret to send to it.' }),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
};
const EndpointSchema = Type.Object(endpointProperties);
const WithSecret = Type.Object({ ...endpointProperties, secret: Type.String({
  description: 'The signing secret (whsec_…): shown in this answer only. Verify each delivery\'s webhook-signature with it.' }) });

const AttemptSchema = Type.Object({
  startedAt: Type.String(), durationMs: Type.Integer(), statusCode: Nullable(Type.Integer()),
  outcome: Type.String({ enum: ['delivered', 'refused', 'error', 'timeout'] }),
  responseExcerpt: Nullable(Type.String({ description: 'The first kilobyte of the answer, as text.' })), error: Nullable(Type.String()),
});
const DeliverySchema = Type.Object({
  id: Type.String(), eventId: Type.String({ description: 'The webhook-id header of every attempt.' }), eventPosition: Type.Integer(),
  eventType: Type.String(), subjectRef: Type.String(), status: Type.String({ enum: ['pending', 'delivered', 'failed'] }),
  attempts: Type.Integer({ description: 'Attempts since it was queued or last sent again.' }),
  nextAttemptAt: Type.String({ description: 'When a pending delivery is next tried.' }),
  lastStatusCode: Nullable(Type.Integer()), lastError: Nullable(Type.String()), deliveredAt: Nullable(Type.String()), createdAt: Type.String(),
  attemptLog: Type.Array(AttemptSchema),
});

const view = (e: service.Endpoint) => ({
  id: e.id, url: e.url, description: e.description, eventTypes: e.eventTypes, status: e.status, hasSecret: e.hasSecret,
  version: e.version, createdAt: e.createdAt, updatedAt: e.updatedAt,
});

const deliveryView = (d: service.DeliveryWithAttempts) => ({
  id: d.id, eventId: d.eventId, eventPosition: d.eventPosition, eventType: d.eventType, subjectRef: d.subjectRef, status: d.status,
  attempts: d.attempts, nextAttemptAt: d.nextAttemptAt, lastStatusCode: d.lastStatusCode, lastError: d.lastError,
  deliveredAt: d.deliveredAt, createdAt: d.createdAt,
  attemptLog: d.attemptLog.map((a) => ({ startedAt: a.startedAt, durationMs: a.durationMs, statusCode: a.statusCode, outcome: a.outcome,
    responseExcerpt: a.responseExcerpt, error: a.error })),
});

export function registerWebhookApi(app: HttpServer, ctx: ServiceContext): void {
  app.get('/api/v1/webhooks', { config, schema: { tags, summary: 'Webhook endpoints (never their secrets)',
    response: { 200: Type.Object({ items: Type.Array(EndpointSchema) }), ...readErrors } } },
  async () => ({ items: (await service.listEndpoints(ctx)).map(view) }));

  app.post('/api/v1/webhooks', { config, schema: { tags, security: bearer,
    summary: 'Register an endpoint: an http(s) address that is not this server, and the event types it wants; the answer holds its signing secret, once',
    body: Type.Object({
      url: Type.String({ maxLength: 2000 }), description: Type.Optional(Type.String({ maxLength: 300 })), eventTypes: EventTypes,
    }, { additionalProperties: false }),
    response: { 201: WithSecret, ...writeErrors } } },
  async (request, reply) => {
    const { endpoint, secret } = await service.addEndpoint(ctx, actorOf(request), request.body);
    reply.header('Location', `/api/v1/webhooks/${endpoint.id}`).header('Cache-Control', 'no-store');
    return reply.code(201).send({ ...view(endpoint), secret });
  });

  app.get('/api/v1/webhooks/:id', { config, schema: { tags, summary: 'One endpoint', params: IdParams,
    response: { 200: EndpointSchema, ...readErrors } } },
  async (request) => view(await service.getEndpoint(ctx, request.params.id)));

  app.patch('/api/v1/webhooks/:id', { config, schema: { tags, security: bearer,
    summary: 'Change an endpoint\'s address, description or event types, or disable it (deliveries wait) and enable it again', params: IdParams,
    body: Type.Object({
      url: Type.Optional(Type.String({ maxLength: 2000 })), description: Type.Optional(Type.String({ maxLength: 300 })),
      eventTypes: Type.Optional(EventTypes), status: Type.Optional(Type.String({ enum: ['active', 'disabled'] })),
    }, { additionalProperties: false }),
    response: { 200: EndpointSchema, ...writeErrors } } },
  async (request) => view(await service.editEndpoint(ctx, actorOf(request), request.params.id, request.body)));

  app.delete('/api/v1/webhooks/:id', { config, schema: { tags, security: bearer, summary: 'Delete an endpoint with its deliveries', params: IdParams,
    response: { 204: Type.Null(), ...writeErrors } } },
  async (request, reply) => {
    await service.deleteEndpoint(ctx, actorOf(request), request.params.id);
    return reply.code(204).send(null);
  });

  app.post('/api/v1/webhooks/:id/rotate-secret', { config, schema: { tags, security: bearer,
    summary: 'Rotate the signing secret: the new one signs from now on and this answer holds it, once; for the grace period (WEBHOOK_SECRET_GRACE_HOURS, 24 by default) each delivery also carries a signature by the old one, space-separated in webhook-signature', params: IdParams,
    response: { 200: WithSecret, ...writeErrors } } },
  async (request, reply) => {
    const { endpoint, secret } = await service.rotateSecret(ctx, actorOf(request), request.params.id);
    reply.header('Cache-Control', 'no-store');
    return { ...view(endpoint), secret };
  });

  app.get('/api/v1/webhooks/:id/deliveries', { config, schema: { tags,
    summary: 'The endpoint\'s latest deliveries (newest event first), each with its attempts', params: IdParams,
    querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }, { additionalProperties: false }),
    response: { 200: Type.Object({ items: Type.Array(DeliverySchema) }), 400: ErrorSchema, ...readErrors } } },
  async (request) => ({ items: (await service.endpointDeliveries(ctx, request.params.id, request.query.limit ?? 50)).deliveries.map(deliveryView) }));

  app.post('/api/v1/webhooks/:id/deliveries/:deliveryId/resend', { config, schema: { tags, security: bearer,
    summary: 'Send a delivery again now, whatever became of it (the same event and webhook-id)',
    params: Type.Object({ id: Type.String({ maxLength: 100 }), deliveryId: Type.String({ maxLength: 100 }) }),
    response: { 202: Type.Object({ status: Type.Literal('pending') }), ...writeErrors } } },
  async (request, reply) => {
    await service.resendDelivery(ctx, actorOf(request), request.params.id, request.params.deliveryId);
    return reply.code(202).send({ status: 'pending' as const });
  });
}
