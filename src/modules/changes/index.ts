// The event stream as a module: its tables and migrations (with the move of the old timelines into
// it), the change feed API, and the administrators' page of subscribers.
import type { EventStreamTables } from '../../platform/events/tables.js';
import { streamIndexMigrations, streamMigrations } from '../../platform/events/migrations.js';
import { defineModule } from '../manifest.js';
import { legacyTimelineMigrations } from './legacy-migrations.js';

export const changesModule = defineModule<EventStreamTables>({
  name: 'changes',
  web: async () => (await import('./web.js')).changesWeb,
  migrations: [...legacyTimelineMigrations, ...streamMigrations, ...streamIndexMigrations],
  exportTables: [{ name: 'events', orderBy: ['position'] }],
  privateTables: {
    event_subscribers: 'Where each subscriber of this installation has got to.',
    event_retries: 'Events a subscriber of this installation is retrying.',
  },
});
