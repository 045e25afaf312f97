// JSON routes of releases under /api/v1: the calendar's releases and the planned ones, one release
// with its changes, planning an ad hoc release, scheduling a change into a release, implementing it.
import { Type } from 'typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { ErrorSchema, writeErrors } from '../../platform/http/schemas.js';
import { Nullable } from '../../platform/events/changes.js';
import { findState } from '../../process/workflow.js';
import { actorOf } from '../accounts/http.js';
import type { ServiceContext } from '../context.js';
import { publicPath } from '../proposals/views.js';
import { KIND_LABELS, RELEASE_KINDS, releasePath, type Release, type ReleaseChange } from './releases.js';
import * as service from './service.js';

const bearer = [{ bearer: [] }];
const dateString = (description?: string) => Type.String({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });
const IdParams = Type.Object({ id: Type.String({ maxLength: 100, description: 'YYYY-MM for a scheduled release of the calendar, otherwise the id it was given.' }) });

const releaseProperties = {
  id: Type.String(),
  name: Type.String({ examples: ['February 2027 SEC Release'] }),
  date: Type.String({ format: 'date', description: 'The day it is planned for.' }),
  kind: Type.String({ enum: [...RELEASE_KINDS] }),
  kindLabel: Type.String(),
  planned: Type.Boolean({ description: 'False for a release of the calendar not used yet (it has no changes).' }),
  implementedOn: Nullable(Type.String({ format: 'date' })),
  url: Type.String({ description: 'Absolute address of its page.' }),
};
const ReleaseSchema = Type.Object(releaseProperties);
const ReleaseChangeSchema = Type.Object({
  reference: Type.String(), title: Type.String(), url: Type.String(), state: Type.String(), stateLabel: Type.String(),
  standing: Type.String({ enum: ['scheduled', 'delivered', 'targeted'],
    description: 'scheduled into the release, delivered by it (implemented), or only aiming at it (not yet scheduled).' }),
  implementationDate: Nullable(Type.String({ format: 'date' })),
});
const ReleaseDetailSchema = Type.Object({ ...releaseProperties, changes: Type.Array(ReleaseChangeSchema) });

function releaseView(ctx: ServiceContext, r: Release) {
  return {
    id: r.id, name: r.name, date: r.date, kind: r.kind, kindLabel: KIND_LABELS[r.kind], planned: r.planned,
    implementedOn: r.implementedOn, url: `${ctx.publicBaseUrl}${releasePath(r.id)}`,
  };
}

function detailView(ctx: ServiceContext, d: service.ReleaseDetail) {
  return {
    ...releaseView(ctx, d.release),
    changes: d.changes.map((c: ReleaseChange) => ({
      reference: c.reference, title: c.title, url: `${ctx.publicBaseUrl}${publicPath(c)}`, state: c.state,
      stateLabel: findState(ctx.profile, c.state).label, standing: c.standing, implementationDate: c.implementationDate,
    })),
  };
}

export function registerReleaseApi(app: HttpServer, ctx: ServiceContext): void {
  const tags = ['releases'];

  app.get('/api/v1/releases', { config: { permission: 'site.read' }, schema: { tags,
    summary: 'Releases by date: with a year, that year\'s (calendar and planned); without, every release not yet implemented and the calendar\'s to the end of next year',
    querystring: Type.Object({ year: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2999 })) }, { additionalProperties: false }),
    response: { 200: Type.Object({ items: Type.Array(Type.Object({ ...releaseProperties, changeCount: Type.Integer() })) }), 400: ErrorSchema } } },
  async (request) => ({
    items: (await service.listReleases(ctx, request.query)).map((r) => ({ ...releaseView(ctx, r), changeCount: r.changeCount })),
  }));

  app.post('/api/v1/releases', { config: { permission: 'releases.manage' }, schema: { tags, security: bearer,
    summary: 'Plan a release: an ad hoc one (a name and a date still to come), or the calendar\'s release of a date ahead of its first use',
    body: Type.Object({
      name: Type.Optional(Type.String({ maxLength: 100, description: 'Needed for an ad hoc release; leave it out for the calendar\'s release of the date.' })),
      date: dateString('The day it is planned for: today or later.'),
    }, { additionalProperties: false }),
    response: { 201: ReleaseSchema, ...writeErrors } } },
  async (request, reply) => {
    const release = await service.planRelease(ctx, actorOf(request), request.body);
    reply.header('Location', `/api/v1/releases/${encodeURIComponent(release.id)}`);
    return reply.code(201).send(releaseView(ctx, release));
  });

  app.get('/api/v1/releases/:id', { config: { permission: 'site.read' }, schema: { tags, summary: 'One release with the changes in it and aiming at it',
    params: IdParams, response: { 200: ReleaseDetailSchema, 404: ErrorSchema } } },
  async (request) => detailView(ctx, await service.getRelease(ctx, request.params.id)));

  app.post('/api/v1/releases/:id/changes', { config: { permission: 'releases.manage' }, schema: { tags, security: bearer,
    summary: 'Schedule an approved change into the release (the lifecycle\'s schedule action; refused, with the workflow\'s message, in any other state)',
    params: IdParams,
    body: Type.Object({
      ref: Type.String({ minLength: 1, maxLength: 40, description: 'The change, e.g. MP094.' }),
      businessDate: Type.Optional(dateString('The day it was scheduled (default today).')), note: Type.Optional(Type.String({ maxLength: 2000 })),
    }, { additionalProperties: false }),
    response: { 200: ReleaseDetailSchema, ...writeErrors } } },
  async (request) => detailView(ctx, await service.scheduleChange(ctx, actorOf(request), request.params.id, request.body)));

  app.post('/api/v1/releases/:id/implement', { config: { permission: 'releases.manage' },
    // The body is optional: no body means "as of the release's date".
    preValidation: async (request) => { request.body ??= {}; },
    schema: { tags, security: bearer,
      summary: 'Implement the release: every change scheduled into it becomes Implemented, in one transaction; refused before the release\'s date',
      params: IdParams,
      body: Type.Object({
        date: Type.Optional(dateString('The day it went live, if later than its date (default: its date); not in the future.')),
        note: Type.Optional(Type.String({ maxLength: 2000 })),
      }, { additionalProperties: false }),
      response: { 200: ReleaseDetailSchema, ...writeErrors } } },
  async (request) => detailView(ctx, await service.implementRelease(ctx, actorOf(request), request.params.id, request.body)));
}
