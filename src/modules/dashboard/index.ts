// The pipeline dashboard: a public page and its JSON, read from the register and its events. No
// tables or events of its own.
import { defineModule } from '../manifest.js';
import { registerDashboardApi } from './api.js';
import { registerDashboardPages } from './pages.js';

export const dashboardModule = defineModule<object>({
  name: 'dashboard',
  navigation: [{ id: 'dashboard', href: '/dashboard', permission: 'site.read', order: 37 }],
  routes(app, ctx) {
    registerDashboardApi(app, ctx);
    registerDashboardPages(app, ctx);
  },
});
