// Event types of notifications: a watch made, its delivery changed, a watch ended (from the account
// page, the API or an unsubscribe link). Who watches what is an account's own business, read by
// administrators, as the accounts' own events are.
import { Type } from 'typebox';
import { defineEvents, type PayloadsOf } from '../../platform/events/catalog.js';

const Kind = Type.Union([Type.Literal('change'), Type.Literal('committee'), Type.Literal('search')]);
const Delivery = Type.Union([Type.Literal('immediate'), Type.Literal('digest')]);

export const notificationEvents = defineEvents({
  'watch.added': {
    subject: 'watch', audience: 'administrators',
    description: 'A user began to watch a change, a committee or a search.',
    payload: Type.Object({ watchId: Type.String(), accountId: Type.String(), kind: Kind, label: Type.String(), delivery: Delivery }),
  },
  'watch.changed': {
    subject: 'watch', audience: 'administrators',
    description: 'A user chose another delivery for a watch (each event at once, or a daily digest).',
    payload: Type.Object({ watchId: Type.String(), accountId: Type.String(), label: Type.String(), delivery: Delivery }),
  },
  'watch.removed': {
    subject: 'watch', audience: 'administrators',
    description: 'A watch ended: by its user, or by the one-click unsubscribe link of a message.',
    payload: Type.Object({
      watchId: Type.String(), accountId: Type.String(), kind: Kind, label: Type.String(),
      how: Type.Union([Type.Literal('user'), Type.Literal('unsubscribe-link')]),
    }),
  },
});

declare module '../../platform/events/catalog.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface EventPayloads extends PayloadsOf<typeof notificationEvents> {}
}
