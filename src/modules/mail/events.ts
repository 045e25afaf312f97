// The mail module's one event type: a message was queued. The stream holds who and what about,
// never the text (it may carry a single-use link): the text stays in the outbox row.
import { Type } from 'typebox';
import { defineEvents, type PayloadsOf } from '../../platform/events/catalog.js';

export const mailEvents = defineEvents({
  'mail.queued': {
    subject: 'mail', audience: 'administrators',
    description: 'A message was written to the outbox; the mail subscriber sends it (or keeps it when no SMTP server is set).',
    payload: Type.Object({ mailId: Type.String(), kind: Type.String(), to: Type.String(), subject: Type.String() }),
  },
});

declare module '../../platform/events/catalog.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface EventPayloads extends PayloadsOf<typeof mailEvents> {}
}
