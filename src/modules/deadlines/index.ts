// Deadlines: what is due, gathered from every module that knows some (their manifests' `deadlines`,
// see deadline-sources.ts), for /work and GET /api/v1/deadlines.
import { defineModule } from '../manifest.js';

export const deadlinesModule = defineModule<object>({
  name: 'deadlines',
  web: async () => (await import('./web.js')).deadlinesWeb,
  navigation: [{ id: 'work', href: '/work', permission: 'deadlines.read', order: 5 }],
});
