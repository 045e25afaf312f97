// The pipeline dashboard: a public page and its JSON, read from the register and its events. No
// tables or events of its own.
import { defineModule } from '../manifest.js';

export const dashboardModule = defineModule<object>({
  name: 'dashboard',
  web: async () => (await import('./web.js')).dashboardWeb,
  navigation: [{ id: 'dashboard', href: '/dashboard', permission: 'site.read', order: 37 }],
});
