// The dashboard module's part of the web site and API: its routes and the sections it adds to other
// modules' pages. Loaded only when a server is built (see ModuleWeb), so a command goes without it.
import type { ModuleWeb } from '../manifest.js';
import { registerDashboardApi } from './api.js';
import { registerDashboardPages } from './pages.js';

export const dashboardWeb: ModuleWeb = {
  routes(app, ctx) {
    registerDashboardApi(app, ctx);
    registerDashboardPages(app, ctx);
  },
};
