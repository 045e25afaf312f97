// Adding an organisation through the API: the directory's use case, with the audit row the
// administrators' page writes too. The Secretariat adds a Party new to the register before raising a
// change for it. (Listing organisations is the directory's own GET /api/v1/organisations.)
import { Type } from 'typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { writeErrors } from '../../platform/http/schemas.js';
import type { ServiceContext } from '../context.js';
import { addOrganisation } from './admin-service.js';
import { actorOf } from './http.js';

const OrganisationSchema = Type.Object({
  id: Type.String(), name: Type.String(), partyCategory: Type.Union([Type.String(), Type.Null()]),
});

export function registerOrganisationsApi(app: HttpServer, ctx: ServiceContext): void {
  app.post('/api/v1/organisations', {
    config: { permission: 'organisations.add' },
    schema: {
      tags: ['directory'], summary: 'Add an organisation (a Party new to the register) with its party category', security: [{ bearer: [] }],
      body: Type.Object({
        name: Type.String({ maxLength: 200, description: 'Unique, whatever its case.' }),
        partyCategory: Type.Optional(Type.Union([Type.String({ maxLength: 100, description: 'A party category id of the process profile.' }), Type.Null()])),
      }, { additionalProperties: false }),
      response: { 201: OrganisationSchema, ...writeErrors },
    },
  }, async (request, reply) => reply.code(201).send(await addOrganisation(ctx, actorOf(request), request.body)));
}
