// JSON routes of Change Board votes, Authority decisions and appeals under /api/v1.
import { Type } from 'typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { readMultipart } from '../../platform/http/multipart.js';
import { ErrorSchema, writeErrors } from '../../platform/http/schemas.js';
import { Nullable } from '../../platform/events/changes.js';
import { PUBLIC } from '../accounts/accounts.js';
import { actorOf } from '../accounts/http.js';
import type { ServiceContext } from '../context.js';
import { documentPath } from '../documents/api.js';
import { RefParams } from '../proposals/schemas.js';
import * as service from './service.js';
import { votePath } from './votes.js';

const bearer = [{ bearer: [] }];
const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
const dateText = (description: string) => Type.String({ maxLength: 10, description });

const Needed = Nullable(Type.Object({
  votes: Type.Integer({ description: 'The fewest further votes (approve or reject) that would bring it about; 0: it is so now.' }),
  by: Type.Array(Type.Object({ group: Type.String(), approve: Type.Integer(), reject: Type.Integer() })),
}, { description: 'null: nothing the members still to vote could do brings it about.' }));

const GroupSchema = Type.Object({
  group: Type.String(), label: Type.String(), members: Type.Integer(), approve: Type.Integer(), reject: Type.Integer(), abstain: Type.Integer(),
  outstanding: Type.Integer({ description: 'Members who have not voted on this option.' }),
  position: Type.String({ enum: ['approve', 'reject', 'none', 'excluded'] }),
});
const ChoiceSchema = Type.Object({
  option: Type.String(), choice: Type.String({ enum: ['approve', 'reject', 'abstain'] }), rationale: Type.String(), objectives: Type.Array(Type.String()),
});
const BallotSchema = Type.Object({
  voter: Type.String(), organisation: Nullable(Type.String()), group: Type.String(), castAt: Type.String(), updatedAt: Type.String(),
  choices: Type.Array(ChoiceSchema),
});
const VoteSchema = Type.Object({
  id: Type.String(), reference: Type.String(), committee: Type.String(), status: Type.String({ enum: ['open', 'counted'], description: 'open, or counted: closed, its result final.' }),
  openedOn: Type.String({ format: 'date' }), closedOn: Nullable(Type.String({ format: 'date' })),
  outcome: Nullable(Type.String({ enum: ['approve', 'reject'], description: 'At the close: the vote\'s outcome for the change.' })),
  carried: Nullable(Type.String({ description: 'The option carried (at the close; while open, as it stands, to those who see the tally).' })),
  action: Nullable(Type.String({ description: 'The lifecycle action the close drove.' })),
  tallyVisible: Type.Boolean({ description: 'False to the public while the vote is open: the tally and ballots are the committee\'s and the Secretariat\'s until the close.' }),
  options: Type.Array(Type.Object({
    key: Type.String(), title: Type.String(), description: Type.String(),
    result: Nullable(Type.Object({
      passes: Type.Boolean(), counted: Type.Integer(), approving: Type.Integer(), needed: Type.Integer(),
      groups: Type.Array(GroupSchema), toPass: Needed, toFail: Needed,
    })),
  })),
  ballots: Nullable(Type.Array(BallotSchema)),
  myBallot: Nullable(BallotSchema),
  canVote: Type.Boolean({ description: 'Whether the caller is a voting member and the vote is open.' }),
  record: Nullable(Type.Object({ html: Type.String(), sha256: Type.String(), documents: Type.Array(Type.String({ description: 'Document download addresses.' })) })),
  url: Type.String(),
});

function ballotView(b: service.VoteDetail['mine']) {
  return b && { voter: b.voter, organisation: b.organisation, group: b.group, castAt: b.castAt, updatedAt: b.updatedAt, choices: b.choices };
}

export function voteView(ctx: ServiceContext, d: service.VoteDetail) {
  const v = d.vote;
  return {
    id: v.id, reference: v.reference, committee: v.committee, status: v.status, openedOn: v.openedOn, closedOn: v.closedOn,
    outcome: v.outcome, carried: v.status === 'counted' ? v.carried : d.tallyVisible ? d.result.carried : null, action: v.action,
    tallyVisible: d.tallyVisible,
    options: d.result.options.map((o) => ({
      key: o.key, title: o.title, description: o.description,
      result: d.tallyVisible ? {
        passes: o.passes, counted: o.counted, approving: o.approving, needed: o.needed, toPass: o.toPass, toFail: o.toFail,
        groups: o.groups.map((g) => ({ group: g.group, label: g.label, members: g.members, approve: g.approve, reject: g.reject, abstain: g.abstain, outstanding: g.outstanding, position: g.position })),
      } : null,
    })),
    ballots: d.ballots ? d.ballots.map((b) => ballotView(b)!) : null,
    myBallot: ballotView(d.mine),
    canVote: v.status === 'open' && d.voter !== null,
    record: v.status === 'counted' && v.recordSha256 ? {
      html: `${ctx.publicBaseUrl}${votePath(v.id)}/record.html`, sha256: v.recordSha256,
      documents: d.documentIds.map((id) => `${ctx.publicBaseUrl}${documentPath(v.reference, id)}/file`),
    } : null,
    url: `${ctx.publicBaseUrl}${votePath(v.id)}`,
  };
}

const AppealSchema = Type.Object({
  id: Type.String(), reference: Type.String(), organisation: Type.String(), raisedBy: Type.String(), grounds: Type.String(),
  raisedOn: Type.String(), againstAction: Type.String(), againstOn: Type.String(), windowClosesOn: Type.String(),
  status: Type.String({ enum: ['open', 'upheld', 'dismissed'] }), decidedOn: Nullable(Type.String()), decisionNote: Type.String(),
});

export function registerVoteApi(app: HttpServer, ctx: ServiceContext): void {
  const tags = ['votes'];

  app.post('/api/v1/proposals/:ref/votes', { config: { permission: 'votes.manage' }, schema: { tags, security: bearer,
    summary: 'Open the Change Board\'s vote on a change at the Change Board: the proposed solution and each named alternative',
    params: RefParams,
    body: Type.Object({
      proposedSolution: Type.Optional(Type.Object({
        title: Type.Optional(Type.String({ maxLength: 200, description: 'Default "Proposed solution".' })),
        description: Type.Optional(Type.String({ maxLength: 5000 })),
      }, { additionalProperties: false })),
      alternatives: Type.Optional(Type.Array(Type.Object({
        title: Type.String({ maxLength: 200 }), description: Type.Optional(Type.String({ maxLength: 5000 })),
      }, { additionalProperties: false }), { maxItems: 10 })),
      businessDate: Type.Optional(dateText('The day it opened (default today).')),
    }, { additionalProperties: false }),
    response: { 201: VoteSchema, ...writeErrors } } },
  async (request, reply) => {
    const detail = await service.openVote(ctx, actorOf(request), request.params.ref, request.body);
    return reply.code(201).header('Location', `/api/v1/votes/${detail.vote.id}`).send(voteView(ctx, detail));
  });

  app.get('/api/v1/votes/:id', { config: { permission: 'site.read' }, schema: { tags,
    summary: 'A vote: options, the live tally by voting group with what is still needed to pass or fail, and ballots (to the committee and the Secretariat while open; to everyone once closed)',
    params: IdParams, response: { 200: VoteSchema, 404: ErrorSchema } } },
  async (request) => voteView(ctx, await service.getVote(ctx, request.actor ?? PUBLIC, request.params.id)));

  app.put('/api/v1/votes/:id/ballots/mine', { config: { permission: 'votes.cast' }, schema: { tags, security: bearer,
    summary: 'Cast or change your ballot: approve, reject or abstain on every option, with a rationale against the code\'s objectives (approve and reject)',
    params: IdParams,
    body: Type.Object({
      choices: Type.Array(Type.Object({
        option: Type.String({ maxLength: 40, description: 'proposed, alternative-1 …' }),
        choice: Type.String({ maxLength: 20, description: 'approve, reject or abstain.' }),
        rationale: Type.Optional(Type.String({ maxLength: 5000 })),
        objectives: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20, description: 'Objective ids of the profile (GET /api/v1/profile: objectives).' })),
      }, { additionalProperties: false }), { minItems: 1, maxItems: 11 }),
    }, { additionalProperties: false }),
    response: { 200: VoteSchema, ...writeErrors } } },
  async (request) => voteView(ctx, await service.castBallot(ctx, actorOf(request), request.params.id, request.body)));

  app.post('/api/v1/votes/:id/close', { config: { permission: 'votes.manage' },
    preValidation: async (request) => { request.body ??= {}; },
    schema: { tags, security: bearer,
      summary: 'Close the vote: the result drives the lifecycle (decides a self-governance change, otherwise recommends to the Authority) and the record is published, in one transaction',
      params: IdParams,
      body: Type.Object({ businessDate: Type.Optional(dateText('The day it closed (default today).')), note: Type.Optional(Type.String({ maxLength: 2000 })) },
        { additionalProperties: false }),
      response: { 200: VoteSchema, ...writeErrors } } },
  async (request) => voteView(ctx, await service.closeVote(ctx, actorOf(request), request.params.id, request.body)));

  app.post('/api/v1/proposals/:ref/authority-decision', {
    config: { permission: 'votes.manage' },
    preValidation: readMultipart({ maxFileBytes: () => ctx.maxUploadBytes }),
    schema: { tags, security: bearer, consumes: ['multipart/form-data'], params: RefParams,
      summary: 'Record the Authority\'s decision on a change with the Authority: multipart/form-data with the decision letter in `file`',
      body: Type.Object({
        decision: Type.String({ maxLength: 20, description: 'approve, reject or send-back.' }),
        decidedOn: Type.Optional(dateText('The day of the decision, not in the future (default today).')),
        title: Type.Optional(Type.String({ maxLength: 300, description: 'The letter\'s title (default "Authority decision letter").' })),
        note: Type.Optional(Type.String({ maxLength: 2000 })),
      }, { additionalProperties: false }),
      response: { 201: Type.Object({
        reference: Type.String(), decision: Type.String(), decidedOn: Type.String(), action: Type.String(), documentId: Type.String(), documentUrl: Type.String(),
      }), ...writeErrors, 413: ErrorSchema } },
  }, async (request, reply) => {
    const r = await service.recordAuthorityDecision(ctx, actorOf(request), request.params.ref, { ...request.body, file: request.uploads?.file ?? null });
    return reply.code(201).send({ ...r, documentUrl: `${ctx.publicBaseUrl}${documentPath(r.reference, r.documentId)}` });
  });

  app.post('/api/v1/proposals/:ref/appeals', { config: { permission: 'appeals.raise' }, schema: { tags, security: bearer,
    summary: 'Appeal to the Authority against the change\'s self-governance decision, for your organisation, inside the appeal window; the change is held until it is decided',
    params: RefParams,
    body: Type.Object({ grounds: Type.String({ maxLength: 10000 }), raisedOn: Type.Optional(dateText('The day it was raised (default today).')) },
      { additionalProperties: false }),
    response: { 201: AppealSchema, ...writeErrors } } },
  async (request, reply) => reply.code(201).send(await service.raiseAppeal(ctx, actorOf(request), request.params.ref, request.body)));

  app.post('/api/v1/appeals/:id/decision', { config: { permission: 'votes.manage' }, schema: { tags, security: bearer,
    summary: 'Record the Authority\'s decision on an appeal (upheld or dismissed); the change is no longer held by it',
    params: IdParams,
    body: Type.Object({
      outcome: Type.String({ maxLength: 20, description: 'upheld or dismissed.' }),
      decidedOn: Type.Optional(dateText('The day of the decision (default today).')), note: Type.Optional(Type.String({ maxLength: 5000 })),
    }, { additionalProperties: false }),
    response: { 200: AppealSchema, ...writeErrors } } },
  async (request) => service.decideAppeal(ctx, actorOf(request), request.params.id, request.body));
}
