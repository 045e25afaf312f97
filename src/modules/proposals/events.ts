// The register's event types: what a change's own timeline is made of. Each payload says what
// happened in the words of the register; `changes` holds every field's value before and after.
import { Type } from 'typebox';
import { defineEvents, type PayloadsOf } from '../../platform/events/catalog.js';
import { FieldChangesSchema, Nullable } from '../../platform/events/changes.js';

const Reference = Type.String({ description: 'The change\'s reference when it happened, e.g. DP094 (MP094 once converted).' });
const Note = Type.String({ description: 'What the person who recorded it wrote, or "".' });

/** How a person names the register's fields. */
export const PROPOSAL_FIELD_LABELS: Record<string, string> = {
  reference: 'Reference', title: 'Title', slug: 'Web address', summary: 'What is the issue?', solution: 'What is the solution?',
  latestUpdate: 'Latest update', proposer: 'Proposer', organisation: 'Party', leadAnalyst: 'Lead analyst', urgent: 'Urgent',
  targetRelease: 'Target release', impactedCategories: 'Who is impacted', documentsAffected: 'Code documents affected',
  state: 'Stage', path: 'Path', fastTrack: 'Fast-Track', heldFromState: 'Held from', implementationDate: 'Implementation date',
  problemStatement: 'Problem statement',
};

export const proposalEvents = defineEvents({
  'proposal.raised': {
    subject: 'proposal', audience: 'public', fieldLabels: PROPOSAL_FIELD_LABELS,
    description: 'A Draft Proposal was raised: its number is assigned and its timeline starts.',
    payload: Type.Object({ reference: Reference, title: Type.String(), state: Type.String(), changes: FieldChangesSchema }),
  },
  'proposal.edited': {
    subject: 'proposal', audience: 'public', fieldLabels: PROPOSAL_FIELD_LABELS,
    description: 'Fields of the register entry were edited.',
    payload: Type.Object({ reference: Reference, changes: FieldChangesSchema, note: Note }),
  },
  'proposal.action-taken': {
    subject: 'proposal', audience: 'public', fieldLabels: PROPOSAL_FIELD_LABELS,
    description: 'A lifecycle action of the process profile was taken (the profile\'s action id is in `action`).',
    payload: Type.Object({
      reference: Reference,
      action: Type.String({ description: 'An action id of the process profile, e.g. "convert".' }),
      fromState: Type.String(), toState: Type.String(),
      inputs: Type.Record(Type.String(), Type.String(), { description: 'The values given with the action, e.g. {"path": "3"}.' }),
      changes: FieldChangesSchema, note: Note,
      meetingId: Nullable(Type.String({ description: 'The meeting where a committee took it.' })),
    }),
  },
  'problem-statement.saved': {
    subject: 'proposal', audience: 'public',
    description: 'A new draft version of the problem statement was saved.',
    payload: Type.Object({ reference: Reference, version: Type.String({ description: 'e.g. "0.2"' }), previous: Nullable(Type.String()), note: Note }),
  },
  'problem-statement.agreed': {
    subject: 'proposal', audience: 'public', timeline: false,
    description: 'The latest draft was frozen as the agreed problem statement (by the lifecycle action recorded with it).',
    payload: Type.Object({ reference: Reference, version: Type.String({ description: 'e.g. "1.0"' }), basedOn: Type.String(), action: Type.String() }),
  },
});

declare module '../../platform/events/catalog.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface EventPayloads extends PayloadsOf<typeof proposalEvents> {}
}
