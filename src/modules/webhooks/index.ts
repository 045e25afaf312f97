// Webhooks for integrators: endpoints administrators register, a subscriber that queues a delivery
// of each public event to the endpoints that want it, and a sender that posts them signed, retried
// with backoff and logged.
import { defineModule } from '../manifest.js';
import { webhookEvents } from './events.js';
import { webhookMigrations } from './migrations.js';
import { startSender } from './sender.js';
import { webhooksSubscriber } from './subscriber.js';
import type { WebhookTables } from './tables.js';

export const webhooksModule = defineModule<WebhookTables>({
  name: 'webhooks',
  web: async () => (await import('./web.js')).webhooksWeb,
  migrations: webhookMigrations,
  events: webhookEvents,
  subscribers: [webhooksSubscriber()],
  workers: [{ name: 'webhook-sender', start: (ctx, options) => startSender(ctx, options) }],
  exportTables: [{ name: 'webhook_endpoints', orderBy: ['created_at', 'id'], omit: ['secret', 'previous_secret', 'previous_secret_until'] }],
  privateTables: {
    webhook_deliveries: 'Deliveries of this installation to its endpoints, in transit or done.',
    webhook_attempts: 'What each endpoint answered this installation: third parties\' text, kept for diagnosis.',
  },
});
