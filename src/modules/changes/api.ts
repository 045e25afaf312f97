// The change feed over HTTP: `GET /api/v1/changes?after=&limit=&type=`.
import { Type } from 'typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { ErrorSchema } from '../../platform/http/schemas.js';
import { EventRef, eventView, plainJson } from '../../platform/events/view.js';
import type { ServiceContext } from '../context.js';
import { FEED_LIMITS, readChanges } from './feed.js';

export function registerChangesApi(app: HttpServer, ctx: ServiceContext): void {
  app.get('/api/v1/changes', {
    config: { permission: 'site.read' },
    serializerCompiler: plainJson,
    schema: {
      tags: ['changes'],
      summary: 'Everything that happened, in order: events of every kind that you may read',
      description: 'Read from the start, then pass `next` as `after` to read on (poll with it to follow). '
        + 'Anonymous readers see the public record; a token or session sees what its role may read.',
      querystring: Type.Object({
        after: Type.Optional(Type.String({ maxLength: 100, description: 'A `cursor` or `next` from an earlier answer.' })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: FEED_LIMITS.max, default: FEED_LIMITS.default })),
        type: Type.Optional(Type.String({ maxLength: 2000, description: 'Event types, comma-separated: only these.' })),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({ items: Type.Array(EventRef), next: Type.String() }),
        400: ErrorSchema,
      },
    },
  }, async (request) => {
    const page = await readChanges(ctx, request.actor!, request.query);
    return { items: page.items.map(eventView), next: page.next };
  });
}
