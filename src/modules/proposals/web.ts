// The proposals module's part of the web site and API: its routes and the sections it adds to other
// modules' pages. Loaded only when a server is built (see ModuleWeb), so a command goes without it.
import type { ModuleWeb } from '../manifest.js';
import { registerProposalApi } from './api.js';
import { registerProposalPages } from './pages.js';

export const proposalsWeb: ModuleWeb = {
  routes(app, ctx, env) {
    registerProposalApi(app, ctx);
    registerProposalPages(app, ctx, env.web.flatMap((w) => w.changePageSections ?? []));
  },
};
