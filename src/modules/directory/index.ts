// The directory: organisations (with their party category) and people.
import { defineModule } from '../manifest.js';
import { directoryEvents } from './events.js';
import { directoryMigrations } from './migrations.js';
import type { DirectoryTables } from './tables.js';

export const directoryModule = defineModule<DirectoryTables>({
  name: 'directory',
  web: async () => (await import('./web.js')).directoryWeb,
  migrations: directoryMigrations,
  events: directoryEvents,
  exportTables: [
    { name: 'organisations', orderBy: ['name', 'id'] },
    { name: 'people', orderBy: ['name', 'id'] },
  ],
});
