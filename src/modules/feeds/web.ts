// The feeds module's part of the web site and API: its routes and the sections it adds to other
// modules' pages. Loaded only when a server is built (see ModuleWeb), so a command goes without it.
import type { ModuleWeb } from '../manifest.js';
import { registerFeedRoutes } from './routes.js';

export const feedsWeb: ModuleWeb = {
  routes(app, ctx, env) {
    registerFeedRoutes(app, ctx, env.modules.flatMap((m) => m.deadlines ?? []));
  },
};
