// Event types of papers. A paper's text and the anticipated impacts are drafts until it is issued:
// committee members and the Secretariat read them; issuing is public.
import { Type } from 'typebox';
import { defineEvents, type PayloadsOf } from '../../platform/events/catalog.js';
import { FieldChangesSchema } from '../../platform/events/changes.js';

const Committee = Type.String({ description: 'The committee\'s code, e.g. OPSG.' });
const MeetingDate = Type.String({ description: 'The day of the meeting the paper is for (YYYY-MM-DD).' });

export const PAPER_FIELD_LABELS: Record<string, string> = { author: 'Author', team: 'Team', purpose: 'Purpose', recommendation: 'Recommendation' };

export const paperEvents = defineEvents({
  'paper.text-saved': {
    subject: 'paper', audience: 'committees', fieldLabels: PAPER_FIELD_LABELS,
    description: 'The standing text of a paper not yet issued was edited (author, team, purpose, recommendation).',
    payload: Type.Object({ paperId: Type.String(), committee: Committee, date: MeetingDate, changes: FieldChangesSchema }),
  },
  'paper.impacts-saved': {
    subject: 'proposal', audience: 'committees',
    description: 'The Secretariat wrote the anticipated impacts of a change in a committee\'s area, for its next paper.',
    payload: Type.Object({ reference: Type.String(), committee: Committee, area: Type.String(), text: Type.String() }),
  },
  'paper.issued': {
    subject: 'paper', audience: 'public',
    description: 'A paper was issued: every format frozen with its SHA-256. Issuing again makes the next version.',
    payload: Type.Object({
      paperId: Type.String(), committee: Committee, date: MeetingDate, version: Type.Integer({ minimum: 1 }),
      files: Type.Array(Type.Object({ format: Type.String(), filename: Type.String(), sha256: Type.String(), size: Type.Integer() })),
      changedLines: Type.Integer({ description: 'Lines changed since the previous version (0 for the first).' }),
      references: Type.Array(Type.String(), { description: 'The changes the paper presents.' }),
    }),
  },
});

declare module '../../platform/events/catalog.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface EventPayloads extends PayloadsOf<typeof paperEvents> {}
}
