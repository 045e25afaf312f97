// Event types of the directory: an organisation added (by an administrator, or by an analyst raising a
// change for a Party new to the register). Read by administrators, as the accounts' events are.
import { Type } from 'typebox';
import { defineEvents, type PayloadsOf } from '../../platform/events/catalog.js';
import { Nullable } from '../../platform/events/changes.js';

export const directoryEvents = defineEvents({
  'organisation.added': {
    subject: 'organisation', audience: 'administrators',
    description: 'An organisation was added to the directory, with its party category.',
    payload: Type.Object({ organisationId: Type.String(), name: Type.String(), partyCategory: Nullable(Type.String()) }),
  },
});

declare module '../../platform/events/catalog.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface EventPayloads extends PayloadsOf<typeof directoryEvents> {}
}
