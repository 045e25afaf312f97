// Outgoing mail: the outbox and the subscriber that sends what is queued.
import { defineModule } from '../manifest.js';
import { mailEvents } from './events.js';
import { outboxMigrations, type OutboxTables } from './outbox.js';
import { mailSubscriber } from './subscriber.js';

export const mailModule = defineModule<OutboxTables>({
  name: 'mail',
  migrations: outboxMigrations,
  events: mailEvents,
  subscribers: [mailSubscriber()],
  privateTables: { outbox: 'Mail in transit or sent: it may hold single-use links.' },
});
