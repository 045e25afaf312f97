// The search module's part of the web site and API: its routes and the sections it adds to other
// modules' pages. Loaded only when a server is built (see ModuleWeb), so a command goes without it.
import type { ModuleWeb } from '../manifest.js';
import { registerSearchApi } from './api.js';
import { registerSearchPages } from './pages.js';

export const searchWeb: ModuleWeb = {
  routes(app, ctx) {
    registerSearchApi(app, ctx);
    registerSearchPages(app, ctx);
  },
};
