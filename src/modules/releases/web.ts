// The releases module's part of the web site and API: its routes and the sections it adds to other
// modules' pages. Loaded only when a server is built (see ModuleWeb), so a command goes without it.
import type { ModuleWeb } from '../manifest.js';
import { registerReleaseApi } from './api.js';
import { registerReleasePages } from './pages.js';

export const releasesWeb: ModuleWeb = {
  routes(app, ctx) {
    registerReleaseApi(app, ctx);
    registerReleasePages(app, ctx);
  },
};
