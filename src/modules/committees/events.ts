// Event types of committees: members, meetings with their agendas and outcomes, and the views a
// committee gives on a change (which sit on the change's timeline).
import { Type } from 'typebox';
import { defineEvents, type PayloadsOf } from '../../platform/events/catalog.js';
import { FieldChangesSchema, Nullable } from '../../platform/events/changes.js';
import { AGENDA_PURPOSES, IMPACTS, MEMBER_ROLES } from './committees.js';

const Committee = Type.String({ description: 'The committee\'s code, e.g. OPSG.' });
const MeetingDate = Type.String({ description: 'The meeting\'s day (YYYY-MM-DD).' });

export const MEETING_FIELD_LABELS: Record<string, string> = {
  date: 'Date', startTime: 'Start time', location: 'Location', onlineUrl: 'Online link', title: 'Title', status: 'Status',
};

export const committeeEvents = defineEvents({
  'committee.member-added': {
    subject: 'committee', audience: 'public',
    description: 'Someone joined a committee (a seat, a role and a term).',
    payload: Type.Object({
      committee: Committee, memberId: Type.String(), name: Type.String(), organisation: Type.String(), seat: Type.String(),
      role: Type.Enum(MEMBER_ROLES), termStart: Type.String(), termEnd: Nullable(Type.String()),
    }),
  },
  'committee.member-term-ended': {
    subject: 'committee', audience: 'public',
    description: 'A member\'s term on a committee ended (on the day given).',
    payload: Type.Object({ committee: Committee, memberId: Type.String(), name: Type.String(), termEnd: Type.String() }),
  },
  'meeting.planned': {
    subject: 'meeting', audience: 'public',
    description: 'A committee meeting was planned.',
    payload: Type.Object({
      committee: Committee, date: MeetingDate, startTime: Nullable(Type.String()), location: Type.String(), onlineUrl: Type.String(),
      title: Type.String(), status: Type.Enum(['planned', 'held', 'cancelled']),
    }),
  },
  'meeting.updated': {
    subject: 'meeting', audience: 'public', fieldLabels: MEETING_FIELD_LABELS,
    description: 'A meeting\'s details changed (its date, place or status, e.g. cancelled).',
    payload: Type.Object({ committee: Committee, date: MeetingDate, changes: FieldChangesSchema }),
  },
  'meeting.agenda-item-added': {
    subject: 'meeting', audience: 'public',
    description: 'An item was added to a meeting\'s agenda, about a change or not.',
    payload: Type.Object({
      committee: Committee, date: MeetingDate, itemId: Type.String(), position: Type.Integer(),
      purpose: Type.Enum(AGENDA_PURPOSES.map((p) => p.value)), text: Type.String(), reference: Nullable(Type.String()),
    }),
  },
  'meeting.outcome-recorded': {
    subject: 'meeting', audience: 'public', timeline: false,
    description: 'A decision taken at a meeting was recorded on its agenda (the change\'s own event, proposal.action-taken, names the meeting).',
    payload: Type.Object({
      committee: Committee, date: MeetingDate, itemId: Type.String(), reference: Type.String(), action: Type.String(), outcome: Type.String(),
    }),
  },
  'view.recorded': {
    subject: 'proposal', audience: 'public',
    description: 'A committee recorded its view on a change (e.g. potential operational impact).',
    payload: Type.Object({
      viewId: Type.String(), reference: Type.String(), committee: Committee, impact: Type.Enum(IMPACTS), furtherInput: Type.Boolean(),
      comments: Type.String(), meetingId: Nullable(Type.String()), proposalState: Type.String(),
    }),
  },
});

declare module '../../platform/events/catalog.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface EventPayloads extends PayloadsOf<typeof committeeEvents> {}
}
