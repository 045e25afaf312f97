// Event types of Change Board votes, Authority decisions and appeals. Opening and closing a vote,
// an Authority decision and appeals are public. A ballot, with its rationale, is read by the Change
// Board's members and the Secretariat while the vote is open; at the close every ballot, with its
// rationale, is published in vote.closed (and the vote's record), so the public reads them then.
import { Type } from 'typebox';
import { defineEvents, type PayloadsOf } from '../../platform/events/catalog.js';
import { Nullable } from '../../platform/events/changes.js';

const Vote = {
  voteId: Type.String(),
  reference: Type.String({ description: 'The change, e.g. MP094.' }),
};
const Option = Type.Object({ key: Type.String({ description: 'proposed, alternative-1 …' }), title: Type.String() });
const Choice = Type.Object({
  option: Type.String(),
  choice: Type.String({ enum: ['approve', 'reject', 'abstain'] }),
  rationale: Type.String(),
  objectives: Type.Array(Type.String(), { description: 'Ids of the profile\'s objectives the rationale relies on.' }),
});
const Ballot = {
  ...Vote,
  committee: Type.String(),
  voter: Type.String(),
  organisation: Nullable(Type.String()),
  group: Type.String({ description: 'The voting group (a group id of the profile).' }),
  choices: Type.Array(Choice),
};
const GroupResult = Type.Object({
  group: Type.String(), members: Type.Integer(), approve: Type.Integer(), reject: Type.Integer(), abstain: Type.Integer(),
  position: Type.String({ enum: ['approve', 'reject', 'none', 'excluded'] }),
});
const OptionResult = Type.Object({
  key: Type.String(), title: Type.String(), passes: Type.Boolean(), approving: Type.Integer(), counted: Type.Integer(), needed: Type.Integer(),
  groups: Type.Array(GroupResult),
});

export const voteEvents = defineEvents({
  'vote.opened': {
    subject: 'vote', audience: 'public',
    description: 'The Change Board\'s vote on a change opened: the proposed solution and each alternative.',
    payload: Type.Object({ ...Vote, committee: Type.String(), openedOn: Type.String(), options: Type.Array(Option) }),
  },
  'vote.ballot-cast': {
    subject: 'vote', audience: 'committee', committee: (p: { committee: string }) => p.committee,
    description: 'A member cast a ballot (read by the Change Board and the Secretariat until the close, when vote.closed publishes every ballot).',
    payload: Type.Object(Ballot),
  },
  'vote.ballot-changed': {
    subject: 'vote', audience: 'committee', committee: (p: { committee: string }) => p.committee,
    description: 'A member changed their ballot before the close (its earlier choices stay in the stream).',
    payload: Type.Object(Ballot),
  },
  'vote.closed': {
    subject: 'vote', audience: 'public',
    description: 'The vote closed: each option\'s group positions and outcome, the option carried, the lifecycle action it drove, every ballot with its rationale, and the record\'s documents.',
    payload: Type.Object({
      ...Vote, closedOn: Type.String(), outcome: Type.String({ enum: ['approve', 'reject'] }), carried: Nullable(Type.String()),
      action: Type.String(), options: Type.Array(OptionResult),
      ballots: Type.Array(Type.Object({ voter: Type.String(), organisation: Nullable(Type.String()), group: Type.String(), choices: Type.Array(Choice) })),
      documentIds: Type.Array(Type.String()), recordSha256: Type.String({ description: 'SHA-256 of the frozen HTML record.' }),
    }),
  },
  'authority.decision-recorded': {
    subject: 'proposal', audience: 'public',
    description: 'The Authority\'s decision on a change (approve, reject, send back), with its date and the decision letter (a document of the change).',
    payload: Type.Object({
      reference: Type.String(), decision: Type.String({ enum: ['approve', 'reject', 'send-back'] }), decidedOn: Type.String(),
      documentId: Type.String(), action: Type.String(), note: Type.String(),
    }),
  },
  'appeal.raised': {
    subject: 'appeal', audience: 'public',
    description: 'A Party appealed to the Authority against a self-governance decision, within the window; the change is held until it is decided.',
    payload: Type.Object({
      appealId: Type.String(), reference: Type.String(), organisation: Type.String(), grounds: Type.String(), raisedOn: Type.String(),
      againstAction: Type.String(), againstOn: Type.String(), windowClosesOn: Type.String(),
    }),
  },
  'appeal.decided': {
    subject: 'appeal', audience: 'public',
    description: 'The Authority decided an appeal (upheld or dismissed); the change is no longer held by it.',
    payload: Type.Object({
      appealId: Type.String(), reference: Type.String(), organisation: Type.String(), outcome: Type.String({ enum: ['upheld', 'dismissed'] }),
      decidedOn: Type.String(), note: Type.String(),
    }),
  },
});

declare module '../../platform/events/catalog.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface EventPayloads extends PayloadsOf<typeof voteEvents> {}
}
