// The submissions module's part of the web site and API: its routes and the sections it adds to other
// modules' pages. Loaded only when a server is built (see ModuleWeb), so a command goes without it.
import type { ModuleWeb } from '../manifest.js';
import { registerSubmissionApi } from './api.js';
import { registerSubmissionPages } from './pages.js';

export const submissionsWeb: ModuleWeb = {
  routes(app, ctx) {
    registerSubmissionApi(app, ctx);
    registerSubmissionPages(app, ctx);
  },
};
