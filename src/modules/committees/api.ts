// JSON routes of committees, meetings, outcomes and committee views.
import { Type } from 'typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { actorOf } from '../accounts/http.js';
import type { ServiceContext } from '../context.js';
import { parseIfMatch } from '../../platform/http/conditional.js';
import { ErrorSchema, RefParams } from '../proposals/schemas.js';
import { summaryView } from '../proposals/views.js';
import { DomainError, validationError } from '../../platform/errors.js';
import { findAction } from '../../process/workflow.js';
import { AGENDA_PURPOSES, IMPACTS, MEMBER_ROLES, findCommittee } from './committees.js';
import * as service from './service.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 412: ErrorSchema, 428: ErrorSchema };
const bearer = [{ bearer: [] }];
const DateString = Type.String({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

const MemberSchema = Type.Object({
  id: Type.String(), committeeCode: Type.String(), name: Type.String(), organisation: Nullable(Type.String()),
  seat: Type.String(), role: Type.String(), termStart: Type.String(), termEnd: Nullable(Type.String()),
});
const CommitteeSchema = Type.Object({
  code: Type.String(), name: Type.String(), shortName: Type.String(), kind: Type.String(), cadence: Type.String(),
  impactArea: Nullable(Type.Object({ id: Type.String(), adjective: Type.String(), heading: Type.String(), defaultText: Type.String() })),
  members: Type.Array(MemberSchema),
});
const MeetingSchema = Type.Object({
  id: Type.String(), committeeCode: Type.String(), date: Type.String(), startTime: Nullable(Type.String()), location: Type.String(),
  onlineUrl: Type.String(), title: Type.String(), status: Type.String(), version: Type.Integer(),
});
const AgendaItemSchema = Type.Object({
  id: Type.String(), position: Type.Integer(), reference: Nullable(Type.String()), title: Nullable(Type.String()),
  purpose: Type.String(), text: Type.String(), outcome: Type.String(),
});
const ViewSchema = Type.Object({
  id: Type.String(), committeeCode: Type.String(), impact: Type.String(), furtherInput: Type.Boolean(), comments: Type.String(),
  meetingId: Nullable(Type.String()), businessDate: Type.String(), proposalReference: Type.String(), proposalState: Type.String(),
  actorName: Type.String(), recordedAt: Type.String(),
});
const MeetingBody = Type.Object({
  committee: Type.String({ maxLength: 20 }), date: DateString,
  startTime: Type.Optional(Type.String({ maxLength: 5, description: 'HH:MM, Europe/London' })),
  location: Type.Optional(Type.String({ maxLength: 300 })), onlineUrl: Type.Optional(Type.String({ maxLength: 500 })),
  title: Type.Optional(Type.String({ maxLength: 300 })), status: Type.Optional(Type.String({ enum: ['planned', 'held', 'cancelled'] })),
}, { additionalProperties: false });
const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

export function registerCommitteeApi(app: HttpServer, ctx: ServiceContext): void {
  const tags = ['committees'];

  app.get('/api/v1/committees', { config: { permission: 'site.read' }, schema: { tags, summary: 'Committees of the process profile with their members',
    response: { 200: Type.Object({ items: Type.Array(CommitteeSchema) }) } } },
  async () => ({ items: await service.listCommittees(ctx) }));

  app.get('/api/v1/committees/:code', { config: { permission: 'site.read' }, schema: { tags, summary: 'One committee, its members and meetings',
    params: Type.Object({ code: Type.String({ maxLength: 20 }) }),
    response: { 200: Type.Object({ committee: Type.Omit(CommitteeSchema, ['members']), members: Type.Array(MemberSchema), meetings: Type.Array(MeetingSchema) }), ...errors } } },
  async (request) => {
    const { code } = request.params;
    // An unknown code in the path is a missing resource (404), still naming the committees there are.
    if (!findCommittee(ctx.profile, code)) {
      throw new DomainError('NOT_FOUND', `There is no committee "${code}". Committees: ${ctx.profile.committees.map((c) => c.code).join(', ')}.`);
    }
    return service.getCommittee(ctx, code);
  });

  app.post('/api/v1/committees/:code/members', { config: { permission: 'committees.manage' }, schema: { tags, summary: 'Add a member', security: bearer,
    params: Type.Object({ code: Type.String({ maxLength: 20 }) }),
    body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), organisation: Type.String({ minLength: 1, maxLength: 200 }),
      seat: Type.String({ minLength: 1, maxLength: 100, description: 'A party category id or a role such as Chair.' }),
      role: Type.Optional(Type.String({ enum: [...MEMBER_ROLES] })), termStart: DateString, termEnd: Type.Optional(DateString) }, { additionalProperties: false }),
    response: { 201: MemberSchema, ...errors } } },
  async (request, reply) => reply.code(201).send(await service.addMember(ctx, actorOf(request),
    { ...request.body, committee: request.params.code })));

  app.get('/api/v1/meetings', { config: { permission: 'site.read' }, schema: { tags, summary: 'Meetings, newest first',
    querystring: Type.Object({ committee: Type.Optional(Type.String({ maxLength: 20 })), from: Type.Optional(DateString), to: Type.Optional(DateString) }, { additionalProperties: false }),
    response: { 200: Type.Object({ items: Type.Array(MeetingSchema) }), 400: ErrorSchema } } },
  async (request) => ({ items: await service.listMeetings(ctx, request.query) }));

  app.post('/api/v1/meetings', { config: { permission: 'committees.manage' }, schema: { tags, summary: 'Plan a meeting', security: bearer, body: MeetingBody,
    response: { 201: MeetingSchema, ...errors } } },
  async (request, reply) => {
    const meeting = await service.createMeeting(ctx, actorOf(request), request.body);
    reply.header('Location', `/api/v1/meetings/${meeting.id}`).header('ETag', `"${meeting.version}"`);
    return reply.code(201).send(meeting);
  });

  app.get('/api/v1/meetings/:id', { config: { permission: 'site.read' }, schema: { tags, summary: 'A meeting with its agenda and outcomes', params: IdParams,
    response: { 200: Type.Object({ meeting: MeetingSchema, agenda: Type.Array(AgendaItemSchema) }), 404: ErrorSchema } } },
  async (request, reply) => {
    const detail = await service.getMeetingDetail(ctx, request.params.id);
    reply.header('ETag', `"${detail.meeting.version}"`);
    return detail;
  });

  app.patch('/api/v1/meetings/:id', { config: { permission: 'committees.manage' }, schema: { tags, summary: 'Update a meeting (needs If-Match)', security: bearer,
    params: IdParams, body: Type.Partial(Type.Omit(MeetingBody, ['committee']), { additionalProperties: false }),
    headers: Type.Object({ 'if-match': Type.Optional(Type.String({ description: 'Required: the ETag from your last GET ("*" for any version).' })) }),
    response: { 200: MeetingSchema, ...errors } } },
  async (request, reply) => {
    const { id } = request.params;
    const expected = parseIfMatch(request.headers['if-match'], true);
    const current = await service.getMeeting(ctx, id);
    const meeting = await service.updateMeeting(ctx, actorOf(request), id, expected ?? current.version, request.body);
    reply.header('ETag', `"${meeting.version}"`);
    return meeting;
  });

  app.post('/api/v1/meetings/:id/agenda', { config: { permission: 'committees.manage' }, schema: { tags, summary: 'Add an agenda item', security: bearer, params: IdParams,
    body: Type.Object({ ref: Type.Optional(Type.String({ maxLength: 40 })), purpose: Type.Optional(Type.String({ enum: AGENDA_PURPOSES.map((p) => p.value) })),
      text: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
    response: { 201: AgendaItemSchema, ...errors } } },
  async (request, reply) => reply.code(201).send(await service.addAgendaItem(ctx, actorOf(request), request.params.id, request.body)));

  app.post('/api/v1/meetings/:id/outcomes', { config: { permission: 'committees.manage' }, schema: { tags,
    summary: 'Record a decision taken at the meeting: the same lifecycle action as on the register, dated the meeting day', security: bearer, params: IdParams,
    body: Type.Object({ ref: Type.String({ maxLength: 40 }), action: Type.String({ maxLength: 100 }), note: Type.Optional(Type.String({ maxLength: 2000 })),
      inputs: Type.Optional(Type.Record(Type.String(), Type.String({ maxLength: 200 }))) }, { additionalProperties: false }),
    response: { 200: Type.Object({ reference: Type.String(), state: Type.String(), url: Type.String() }), ...errors } } },
  async (request) => {
    const body = request.body;
    // As POST /proposals/{ref}/actions does, refuse an input the action does not take rather than drop it.
    const action = findAction(ctx.profile, body.action);
    const unknown = action ? Object.keys(body.inputs ?? {}).filter((name) => !action.inputs.some((i) => i.name === name)) : [];
    if (action && unknown.length) {
      throw validationError(unknown.map((name) => ({ field: `inputs.${name}`,
        message: `is not an input of "${action.label}"${action.inputs.length ? ` (it takes ${action.inputs.map((i) => i.name).join(', ')})` : ' (it takes none)'}.` })));
    }
    const updated = await service.recordOutcome(ctx, actorOf(request), request.params.id, body);
    return summaryView(ctx, updated);
  });

  app.post('/api/v1/proposals/:ref/views', { config: { permission: 'views.record' }, schema: { tags, summary: "Record a committee's view on a change at its current stage",
    security: bearer, params: RefParams,
    body: Type.Object({ committee: Type.String({ maxLength: 20 }), impact: Type.String({ enum: [...IMPACTS] }),
      furtherInput: Type.Optional(Type.Boolean()), comments: Type.Optional(Type.String({ maxLength: 5000 })),
      meeting: Type.Optional(Type.String({ maxLength: 100, description: 'Meeting id; its date becomes the business date.' })),
      businessDate: Type.Optional(DateString) }, { additionalProperties: false }),
    response: { 201: ViewSchema, ...errors } } },
  async (request, reply) => reply.code(201).send(await service.recordView(ctx, actorOf(request), request.params.ref, request.body)));

  app.get('/api/v1/proposals/:ref/views', { config: { permission: 'site.read' }, schema: { tags, summary: 'Committee views on a change', params: RefParams,
    response: { 200: Type.Object({ items: Type.Array(ViewSchema) }), 404: ErrorSchema } } },
  async (request) => ({ items: await service.listViewsOf(ctx, request.params.ref) }));
}
