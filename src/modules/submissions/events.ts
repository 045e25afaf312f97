// Event types of submissions: each step of a Party's draft problem statement. A draft never sent
// is its organisation's own; once sent, the Secretariat reads it too (the same rule as canSee).
import { Type, type Static } from 'typebox';
import { defineEvents, type PayloadsOf } from '../../platform/events/catalog.js';
import { Nullable } from '../../platform/events/changes.js';
import { SUBMISSION_STATUSES } from './submissions.js';

const Status = Type.Enum(SUBMISSION_STATUSES);

const StepPayload = Type.Object({
  submissionId: Type.String(),
  organisationId: Type.String(),
  organisation: Type.String(),
  title: Type.String(),
  fromStatus: Nullable(Status),
  toStatus: Status,
  comments: Type.String({ description: 'The Secretariat\'s comments when returning or raising it, or "".' }),
  dueOn: Nullable(Type.String({ description: 'When sent: the day the critical-friend reply is due.' })),
  reference: Nullable(Type.String({ description: 'When raised: the Draft Proposal it became.' })),
});

type StepPayload = Static<typeof StepPayload>;

const step = (description: string) => ({
  subject: 'submission', payload: StepPayload, description,
  audience: (p: StepPayload) => (p.toStatus === 'draft' ? 'organisation-only' : 'organisation'),
  organisation: (p: StepPayload) => p.organisationId,
});

export const submissionEvents = defineEvents({
  'submission.created': step('A Party user started a draft problem statement.'),
  'submission.saved': step('The Party changed its draft (or a returned submission).'),
  'submission.submitted': step('The Party sent it to the Secretariat; the critical-friend reply is due in Working Days.'),
  'submission.resubmitted': step('The Party sent it again after it came back with comments.'),
  'submission.returned': step('The Secretariat returned it to the Party with comments.'),
  'submission.raised': step('The Secretariat raised it as a Draft Proposal.'),
});

declare module '../../platform/events/catalog.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface EventPayloads extends PayloadsOf<typeof submissionEvents> {}
}
