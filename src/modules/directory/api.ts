// Lookups that forms and API clients need: organisations (with party category) and analysts.
import { Type } from 'typebox';
import type { HttpServer } from '../../platform/http/server.js';
import type { ServiceContext } from '../context.js';
import { listAnalysts, listOrganisations } from './repository.js';

export function registerDirectoryApi(app: HttpServer, ctx: ServiceContext): void {
  app.get('/api/v1/organisations', { config: { permission: 'site.read' },
    schema: { tags: ['directory'], summary: 'Organisations and their party category',
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), partyCategory: Type.Union([Type.String(), Type.Null()]) })) }) } },
  }, async () => ({ items: await listOrganisations(ctx.db.kysely) }));

  app.get('/api/v1/analysts', { config: { permission: 'site.read' },
    schema: { tags: ['directory'], summary: 'Secretariat analysts who can lead a change',
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })) }) } },
  }, async () => ({ items: (await listAnalysts(ctx.db.kysely)).map((a) => ({ id: a.id, name: a.name })) }));
}
