// The webhooks subscriber of the event stream: for each event the public may read, one delivery per
// active endpoint that wants its type (registered before it). Idempotent: a repeated event finds its
// deliveries there and adds none. Sending is the sender's work, outside the dispatcher's turn, so
// a slow endpoint never holds up the stream.
import type { Subscriber } from '../../platform/events/dispatch.js';
import type { ServiceContext } from '../context.js';
import { newId } from '../context.js';
import * as repo from './repository.js';
import { wakeSender } from './signal.js';
import { wants } from './webhooks.js';

export const WEBHOOKS_SUBSCRIBER = 'webhooks';

export function webhooksSubscriber(): Subscriber<ServiceContext> {
  return {
    name: WEBHOOKS_SUBSCRIBER,
    description: 'Queues a delivery of each public event to every webhook endpoint that wants it; the sender posts them, signed, with retries.',
    from: 'now',
    async handle(event, ctx) {
      // Only what the public may read ever leaves for a webhook.
      if (event.audience !== 'public') return;
      const ex = ctx.db.kysely;
      const endpoints = (await repo.endpointsFor(ex, event.position))
        .filter((e) => wants(JSON.parse(e.event_types) as string[], event.type));
      if (!endpoints.length) return;
      const at = ctx.clock().toISOString();
      const added = await repo.queueDeliveries(ex, endpoints.map((e) => ({
        id: newId(), endpoint_id: e.id, event_id: event.id, event_position: event.position, event_type: event.type,
        status: 'pending', attempts: 0, next_attempt_at: at, claimed_by: null, claimed_until: null,
        last_status_code: null, last_error: null, delivered_at: null, created_at: at, updated_at: at,
      })));
      if (added) wakeSender(ctx.db);
    },
  };
}
