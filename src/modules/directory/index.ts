// The directory: organisations (with their party category) and people.
import { defineModule } from '../manifest.js';
import { registerDirectoryApi } from './api.js';
import { directoryEvents } from './events.js';
import { directoryMigrations } from './migrations.js';
import type { DirectoryTables } from './tables.js';

export const directoryModule = defineModule<DirectoryTables>({
  name: 'directory',
  migrations: directoryMigrations,
  events: directoryEvents,
  routes: registerDirectoryApi,
  exportTables: [
    { name: 'organisations', orderBy: ['name', 'id'] },
    { name: 'people', orderBy: ['name', 'id'] },
  ],
});
