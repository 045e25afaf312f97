// The papers module's part of the web site and API: its routes and the sections it adds to other
// modules' pages. Loaded only when a server is built (see ModuleWeb), so a command goes without it.
import type { ModuleWeb } from '../manifest.js';
import { registerPaperApi } from './api.js';
import { registerPaperPages } from './pages.js';
import { committeePapersSection, meetingPapersSection } from './published.js';

export const papersWeb: ModuleWeb = {
  routes(app, ctx) {
    registerPaperApi(app, ctx);
    registerPaperPages(app, ctx);
  },
  committeePageSections: [committeePapersSection],
  meetingPageSections: [meetingPapersSection],
};
