// JSON routes of notifications under /api/v1: the caller's own watches, making one (a change, a
// committee or a saved search), choosing its delivery and ending it.
import { Type } from 'typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { ErrorSchema, writeErrors } from '../../platform/http/schemas.js';
import { actorOf } from '../accounts/http.js';
import type { ServiceContext } from '../context.js';
import * as service from './service.js';

const bearer = [{ bearer: [] }];
const tags = ['notifications'];
const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
const DeliverySchema = Type.String({ enum: ['immediate', 'digest'], description: 'immediate: a mail for each event; digest: one mail a day with what happened.' });

const WatchSchema = Type.Object({
  id: Type.String(),
  kind: Type.String({ enum: ['change', 'committee', 'search'] }),
  target: Type.String({ description: 'The change\'s reference, the committee\'s code, or the search as a query string of register filters.' }),
  label: Type.String({ description: 'What is watched, in words: MP094, OPSG, or the search\'s filters.' }),
  reason: Type.String({ description: 'How each message about it begins, e.g. "You watch MP094".' }),
  delivery: DeliverySchema,
  url: Type.String({ description: 'Absolute address of what is watched.' }),
  createdAt: Type.String({ format: 'date-time' }),
});

const view = (ctx: ServiceContext, w: service.WatchView) => ({
  id: w.id, kind: w.kind, target: w.target, label: w.label, reason: w.reason, delivery: w.delivery, url: `${ctx.publicBaseUrl}${w.path}`, createdAt: w.createdAt,
});

const filter = { maxLength: 200 };

export function registerNotificationApi(app: HttpServer, ctx: ServiceContext): void {
  app.get('/api/v1/watches', { config: { permission: 'watches.own' }, schema: { tags,
    summary: 'What the caller watches, oldest first',
    response: { 200: Type.Object({ items: Type.Array(WatchSchema) }), 401: ErrorSchema, 403: ErrorSchema } } },
  async (request) => ({ items: (await service.listWatches(ctx, actorOf(request))).map((w) => view(ctx, w)) }));

  app.post('/api/v1/watches', { config: { permission: 'watches.own' }, schema: { tags, security: bearer,
    summary: 'Watch a change, a committee or a search (exactly one); watching it again sets its delivery when one is given',
    body: Type.Object({
      change: Type.Optional(Type.String({ maxLength: 40, description: 'A change\'s reference, e.g. MP094.' })),
      committee: Type.Optional(Type.String({ maxLength: 40, description: 'A committee\'s code, e.g. OPSG.' })),
      search: Type.Optional(Type.Object({
        q: Type.Optional(Type.String({ ...filter, description: 'What is typed in the search box: words, "quoted phrases", -excluded, OR; matched in every text search indexes.' })),
        stage: Type.Optional(Type.Union([Type.String(filter), Type.Array(Type.String(filter), { maxItems: 50 })], { description: 'State ids of the process profile.' })),
        path: Type.Optional(Type.String(filter)),
        partyCategory: Type.Optional(Type.String(filter)),
        leadAnalyst: Type.Optional(Type.String(filter)),
        committee: Type.Optional(Type.String({ ...filter, description: 'A committee\'s code: changes on its agendas or with its view recorded.' })),
        raisedFrom: Type.Optional(Type.String({ ...filter, description: 'YYYY-MM-DD: changes raised on or after this day.' })),
        raisedTo: Type.Optional(Type.String({ ...filter, description: 'YYYY-MM-DD: changes raised on or before this day.' })),
      }, { additionalProperties: false, description: 'The words and filters of the search page (GET /api/v1/search), read the same way.' })),
      delivery: Type.Optional(DeliverySchema),
    }, { additionalProperties: false }),
    response: { 200: WatchSchema, 201: WatchSchema, ...writeErrors } } },
  async (request, reply) => {
    const { watch, created } = await service.watch(ctx, actorOf(request), request.body);
    if (created) reply.header('Location', `/api/v1/watches/${watch.id}`);
    return reply.code(created ? 201 : 200).send(view(ctx, watch));
  });

  app.patch('/api/v1/watches/:id', { config: { permission: 'watches.own' }, schema: { tags, security: bearer,
    summary: 'Choose a watch\'s delivery', params: IdParams,
    body: Type.Object({ delivery: DeliverySchema }, { additionalProperties: false }),
    response: { 200: WatchSchema, ...writeErrors } } },
  async (request) => view(ctx, await service.setDelivery(ctx, actorOf(request), request.params.id, request.body.delivery)));

  app.delete('/api/v1/watches/:id', { config: { permission: 'watches.own' }, schema: { tags, security: bearer,
    summary: 'Stop watching', params: IdParams, response: { 204: Type.Null(), ...writeErrors } } },
  async (request, reply) => {
    await service.unwatch(ctx, actorOf(request), request.params.id);
    return reply.code(204).send(null);
  });
}
