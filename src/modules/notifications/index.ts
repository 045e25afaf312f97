// Notifications: a signed-in user watches a change, a committee or a search of the register, and is
// mailed (at once, or in a daily digest) when something happens to it that they may read; every
// message says why and carries a one-click unsubscribe link.
import { defineModule } from '../manifest.js';
import { notificationEvents } from './events.js';
import { notificationMigrations } from './migrations.js';
import { digestDue, notify, sendDigests } from './service.js';
import type { NotificationTables } from './tables.js';

export const NOTIFICATIONS_SUBSCRIBER = 'notifications';

export const notificationsModule = defineModule<NotificationTables>({
  name: 'notifications',
  web: async () => (await import('./web.js')).notificationsWeb,
  migrations: notificationMigrations,
  events: notificationEvents,
  subscribers: [{
    name: NOTIFICATIONS_SUBSCRIBER,
    description: 'Mails the watchers of a change, committee or search when its stage changes, a document or paper is added, or a consultation or vote opens or closes (or keeps it for their daily digest).',
    // Only what happens from now on: a watch never brings up the past.
    from: 'now',
    async handle(event, ctx) {
      await notify(ctx, event);
    },
  }],
  tasks: [{
    name: 'notifications-digest',
    everySeconds: 60,
    async run(ctx) {
      if (digestDue(ctx)) await sendDigests(ctx);
    },
  }],
  privateTables: {
    watches: 'Who watches what: personal choices of this installation\'s users.',
    watch_deliveries: 'What was mailed to whom, and digest items waiting.',
    unsubscribe_tokens: 'Credentials (hashes of unsubscribe links).',
    digest_runs: 'The days each digest went out: bookkeeping.',
  },
});
