// Releases: the calendar's scheduled releases and ad hoc ones, changes scheduled into them (the
// register's target release points at one) and implementing a release with all its changes.
import { defineModule } from '../manifest.js';
import { releaseDeadlines } from './deadlines.js';
import { releaseEvents } from './events.js';
import { releaseMigrations } from './migrations.js';
import type { ReleaseTables } from './tables.js';
import { targetReleaseField } from './target-release.js';

export const releasesModule = defineModule<ReleaseTables>({
  name: 'releases',
  web: async () => (await import('./web.js')).releasesWeb,
  migrations: releaseMigrations,
  events: releaseEvents,
  navigation: [{ id: 'releases', href: '/releases/', permission: 'site.read', order: 35 }],
  exportTables: [{ name: 'releases', orderBy: ['date', 'id'] }],
  references: [targetReleaseField],
  deadlines: [releaseDeadlines],
});
