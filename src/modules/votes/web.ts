// The votes module's part of the web site and API: its routes and the sections it adds to other
// modules' pages. Loaded only when a server is built (see ModuleWeb), so a command goes without it.
import type { ModuleWeb } from '../manifest.js';
import { registerVoteApi } from './api.js';
import { registerVotePages, votesSection } from './pages.js';

export const votesWeb: ModuleWeb = {
  routes(app, ctx) {
    registerVoteApi(app, ctx);
    registerVotePages(app, ctx);
  },
  changePageSections: [votesSection],
};
