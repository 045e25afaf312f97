// Event types of releases: planned, a change scheduled into one (or aiming at it, or leaving it),
// and implemented. The change's own event (proposal.action-taken, proposal.edited) says the same on
// its timeline, so these stay off it; they make each release's history on the stream.
import { Type } from 'typebox';
import { defineEvents, type PayloadsOf } from '../../platform/events/catalog.js';
import { Nullable } from '../../platform/events/changes.js';
import { RELEASE_KINDS } from './releases.js';

const Release = {
  releaseId: Type.String({ description: 'YYYY-MM for a scheduled release of the calendar, otherwise its id.' }),
  release: Type.String({ description: 'Its name, e.g. "February 2027 SEC Release".' }),
  date: Type.String({ description: 'The day it is planned for (YYYY-MM-DD).' }),
};

const ChangeInRelease = Type.Object({
  ...Release,
  reference: Type.String({ description: 'The change, e.g. MP094.' }),
  proposalId: Type.String(),
  other: Nullable(Type.String({ description: 'The release it came from (or, when it left, went to), by name; null when none.' })),
});

export const releaseEvents = defineEvents({
  'release.planned': {
    subject: 'release', audience: 'public',
    description: 'A release was planned: one of the calendar used for the first time, an ad hoc one, or one made from a free-text target release when releases began.',
    payload: Type.Object({ ...Release, kind: Type.Enum(RELEASE_KINDS) }),
  },
  'release.change-scheduled': {
    subject: 'release', audience: 'public', timeline: false,
    description: 'A change was scheduled into the release (the lifecycle step; the change\'s own event is proposal.action-taken).',
    payload: ChangeInRelease,
  },
  'release.change-targeted': {
    subject: 'release', audience: 'public', timeline: false,
    description: 'A change\'s register entry was edited to aim at the release (not yet scheduled).',
    payload: ChangeInRelease,
  },
  'release.change-removed': {
    subject: 'release', audience: 'public', timeline: false,
    description: 'A change no longer aims at the release (its target release was changed or cleared).',
    payload: ChangeInRelease,
  },
  'release.implemented': {
    subject: 'release', audience: 'public',
    description: 'The release was implemented: every change scheduled into it is Implemented, as of this day, in the same transaction.',
    payload: Type.Object({ ...Release, implementedOn: Type.String(), changes: Type.Array(Type.String(), { description: 'The changes implemented, by reference.' }) }),
  },
});

declare module '../../platform/events/catalog.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface EventPayloads extends PayloadsOf<typeof releaseEvents> {}
}
