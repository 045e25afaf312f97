// One schema per route: they validate requests, shape responses and produce the OpenAPI document.
import { Type, type TSchema } from 'typebox';
import type { ProcessProfile } from '../../process/profile.js';
import { MAX_DB_INTEGER } from '../../platform/validation.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Date = (description: string) => Type.String({ format: 'date', description, pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export { ErrorSchema } from '../../platform/http/schemas.js';

export const RefParams = Type.Object({
  ref: Type.String({ description: 'A reference: DP092 and MP092 both name change 92; MP102A an alternative; SECMP0032 a legacy one.', maxLength: 40 }),
});

const PersonSchema = Nullable(Type.Object({ id: Type.String(), name: Type.String() }));
const OrganisationSchema = Nullable(Type.Object({ id: Type.String(), name: Type.String(), partyCategory: Nullable(Type.String()) }));

const proposalProperties = {
  reference: Type.String({ examples: ['MP092'] }),
  number: Type.Integer(),
  variant: Type.String(),
  prefix: Type.String(),
  title: Type.String(),
  slug: Type.String(),
  url: Type.String({ description: 'Absolute address of the public page.' }),
  state: Type.String(),
  stateLabel: Type.String(),
  heldFromState: Nullable(Type.String()),
  proposer: PersonSchema,
  organisation: OrganisationSchema,
  leadAnalyst: PersonSchema,
  raisedOn: Type.String({ format: 'date' }),
  path: Nullable(Type.String()),
  fastTrack: Type.Boolean(),
  urgent: Type.Boolean(),
  targetRelease: Nullable(Type.Object({
    id: Type.String(), name: Type.String({ examples: ['February 2027 SEC Release'] }), url: Nullable(Type.String({ description: 'Absolute address of the release\'s page.' })),
  }, { description: 'The release it is scheduled for or aims at.' })),
  implementationDate: Nullable(Type.String()),
  latestUpdate: Type.String(),
  summary: Type.String(),
  solution: Type.String(),
  impactedCategories: Type.Array(Type.String()),
  documentsAffected: Type.Array(Type.String()),
  version: Type.Integer({ description: 'Increases with every change; the ETag carries it.' }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
};

export const ProposalSummarySchema = Type.Object(proposalProperties);

export const ActionAvailabilitySchema = Type.Object({
  id: Type.String(),
  label: Type.String(),
  body: Type.String({ description: 'Who takes it: a body code of the profile, e.g. PANEL, CSC.' }),
  bodyName: Type.String(),
  available: Type.Boolean(),
  blockedBy: Nullable(Type.String()),
  inputs: Type.Array(Type.Object({
    name: Type.String(), label: Type.String(), required: Type.Boolean(),
    options: Type.Optional(Type.Array(Type.Object({ value: Type.String(), label: Type.String() }))),
  })),
});

export const ProblemStatementVersionSchema = Type.Object({
  label: Type.String({ examples: ['0.1', '1.0'] }),
  status: Type.Union([Type.Literal('draft'), Type.Literal('agreed')]),
  body: Type.String({ description: 'Markdown with one "## " heading per section.' }),
  businessDate: Type.String({ format: 'date' }),
  createdAt: Type.String(),
  createdBy: Type.String(),
});

export const ProposalSchema = Type.Object({
  ...proposalProperties,
  actions: Type.Array(ActionAvailabilitySchema),
  problemStatement: Nullable(ProblemStatementVersionSchema),
  problemStatementVersions: Type.Array(Type.Object({ label: Type.String(), status: Type.String(), businessDate: Type.String() })),
});

export const ProposalListSchema = Type.Object({
  items: Type.Array(ProposalSummarySchema),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
});

export function listQuerySchema(profile: ProcessProfile) {
  return Type.Object({
    stage: Type.Optional(Type.String({ description: `State id, or several separated by commas: ${profile.states.map((s) => s.id).join(', ')}.` })),
    path: Type.Optional(Type.String({ enum: profile.paths.map((p) => p.value) })),
    partyCategory: Type.Optional(Type.String({ enum: profile.partyCategories.map((p) => p.id), description: "The proposer's party category." })),
    leadAnalyst: Type.Optional(Type.String({ description: 'Lead analyst id or name.' })),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Text in the title or reference.' })),
    sort: Type.Optional(Type.String({ enum: ['reference', 'title', 'raised', 'updated', 'state'] })),
    order: Type.Optional(Type.String({ enum: ['asc', 'desc'] })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 25 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_DB_INTEGER, default: 0 })),
    format: Type.Optional(Type.String({ enum: ['json', 'csv'], description: 'csv: every change the filters match as CSV (limit and offset do not apply).' })),
  }, { additionalProperties: false });
}

const categoriesOf = (profile: ProcessProfile) => Type.Array(Type.String({ enum: profile.partyCategories.map((p) => p.id) }));

export function raiseBodySchema(profile: ProcessProfile) {
  return Type.Object({
    title: Type.String({ minLength: 1, maxLength: 300 }),
    summary: Type.Optional(Type.String({ maxLength: 20000, description: '"What is the issue?" in brief.' })),
    proposer: Type.Optional(Nullable(Type.String({ maxLength: 200, description: "The proposer's name." }))),
    organisation: Type.Optional(Nullable(Type.String({ maxLength: 200, description: 'The Party the proposer represents (name or id).' }))),
    leadAnalyst: Type.Optional(Nullable(Type.String({ maxLength: 200, description: 'A Secretariat analyst (name or id).' }))),
    raisedOn: Type.Optional(Date('Business date raised; today (Europe/London) when omitted.')),
    latestUpdate: Type.Optional(Type.String({ maxLength: 5000 })),
    impactedCategories: Type.Optional(categoriesOf(profile)),
    documentsAffected: Type.Optional(Type.Array(Type.String({ maxLength: 200 }))),
    urgent: Type.Optional(Type.Boolean()),
    problemStatement: Type.Optional(Type.String({ maxLength: 100000, description: 'First draft (v0.1), Markdown.' })),
    slug: Type.Optional(Type.String({ maxLength: 100 })),
    number: Type.Optional(Type.Integer({ minimum: 1, maximum: 999999, description: 'Only to record an existing change; normally assigned.' })),
  }, { additionalProperties: false });
}

export function editBodySchema(profile: ProcessProfile) {
  return Type.Object({
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    slug: Type.Optional(Type.String({ maxLength: 100, description: 'Changing it keeps the old address as a redirect.' })),
    summary: Type.Optional(Type.String({ maxLength: 20000 })),
    solution: Type.Optional(Type.String({ maxLength: 20000 })),
    latestUpdate: Type.Optional(Type.String({ maxLength: 5000 })),
    proposer: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    organisation: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    leadAnalyst: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    urgent: Type.Optional(Type.Boolean()),
    targetRelease: Type.Optional(Nullable(Type.String({ maxLength: 100, description: 'A release\'s name or id (see /api/v1/releases); null clears it.' }))),
    impactedCategories: Type.Optional(categoriesOf(profile)),
    documentsAffected: Type.Optional(Type.Array(Type.String({ maxLength: 200 }))),
    businessDate: Type.Optional(Date('The day the edit takes effect; today when omitted.')),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  }, { additionalProperties: false });
}

/** The action body lists every input any action of the profile takes. */
export function actionBodySchema(profile: ProcessProfile) {
  const inputs: Record<string, TSchema> = {};
  for (const action of profile.actions) {
    for (const input of action.inputs) {
      const users = profile.actions.filter((a) => a.inputs.some((i) => i.name === input.name)).map((a) => a.id);
      inputs[input.name] = Type.Optional(Type.String({ maxLength: 200, description: `${input.label}; used by ${users.join(', ')}.` }));
    }
  }
  return Type.Object({
    action: Type.String({ maxLength: 100, description: `The action id. The ${profile.codeName} profile's actions: ${profile.actions.map((a) => a.id).join(', ')}.`, examples: profile.actions.map((a) => a.id) }),
    businessDate: Type.Optional(Date('The day it happened (e.g. the date of the Panel meeting); today when omitted.')),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    ...inputs,
  }, { additionalProperties: false });
}

export const ProblemStatementBody = Type.Object({
  body: Type.String({ minLength: 1, maxLength: 100000, description: 'Markdown with one "## " heading per section.' }),
  businessDate: Type.Optional(Date('The day this version was written; today when omitted.')),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
}, { additionalProperties: false });

