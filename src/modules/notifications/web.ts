// The notifications module's part of the web site and API: its routes and the sections it adds to other
// modules' pages. Loaded only when a server is built (see ModuleWeb), so a command goes without it.
import type { ModuleWeb } from '../manifest.js';
import { registerNotificationApi } from './api.js';
import { registerNotificationPages, watchSection, watchesSection } from './pages.js';

export const notificationsWeb: ModuleWeb = {
  routes(app, ctx) {
    registerNotificationApi(app, ctx);
    registerNotificationPages(app, ctx);
  },
  changePageSections: [watchSection],
  accountPageSections: [watchesSection],
};
