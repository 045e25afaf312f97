// Event types of webhooks: an endpoint registered, edited (its address, description, event types,
// or disabled and enabled again), its secret rotated, deleted, and a delivery sent again by hand.
// Administrators read them; no payload holds a secret.
import { Type } from 'typebox';
import { defineEvents, type PayloadsOf } from '../../platform/events/catalog.js';

const Endpoint = {
  endpointId: Type.String(),
  url: Type.String(),
  description: Type.String(),
  eventTypes: Type.Array(Type.String(), { description: 'The event types it receives, or ["*"] for every public one.' }),
};

export const webhookEvents = defineEvents({
  'webhook.endpoint-added': {
    subject: 'webhook', audience: 'administrators',
    description: 'An administrator registered a webhook endpoint (its signing secret was shown once, and is not in the event).',
    payload: Type.Object(Endpoint),
  },
  'webhook.endpoint-edited': {
    subject: 'webhook', audience: 'administrators',
    description: 'An endpoint\'s address, description or event types changed, or it was disabled or enabled.',
    payload: Type.Object({ ...Endpoint, status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]) }),
  },
  'webhook.secret-rotated': {
    subject: 'webhook', audience: 'administrators',
    description: 'An endpoint\'s signing secret was replaced; deliveries from now on are signed with the new one.',
    payload: Type.Object({ endpointId: Type.String() }),
  },
  'webhook.endpoint-deleted': {
    subject: 'webhook', audience: 'administrators',
    description: 'An endpoint was deleted, with its deliveries and their attempts.',
    payload: Type.Object({ endpointId: Type.String(), url: Type.String() }),
  },
  'webhook.delivery-resent': {
    subject: 'webhook', audience: 'administrators',
    description: 'An administrator asked for a delivery to be sent again now.',
    payload: Type.Object({ endpointId: Type.String(), deliveryId: Type.String(), eventId: Type.String(), eventType: Type.String() }),
  },
});

declare module '../../platform/events/catalog.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface EventPayloads extends PayloadsOf<typeof webhookEvents> {}
}
