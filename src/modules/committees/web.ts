// The committees module's part of the web site and API: its routes and the sections it adds to other
// modules' pages. Loaded only when a server is built (see ModuleWeb), so a command goes without it.
import type { ModuleWeb } from '../manifest.js';
import { registerCommitteeApi } from './api.js';
import { registerCommitteePages } from './pages.js';
import { committeeViewsSection } from './views-section.js';

export const committeesWeb: ModuleWeb = {
  routes(app, ctx, env) {
    registerCommitteeApi(app, ctx);
    registerCommitteePages(app, ctx, {
      committee: env.web.flatMap((w) => w.committeePageSections ?? []),
      meeting: env.web.flatMap((w) => w.meetingPageSections ?? []),
    });
  },
  changePageSections: [committeeViewsSection],
};
