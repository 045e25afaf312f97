// The deadlines module's part of the web site and API: its routes and the sections it adds to other
// modules' pages. Loaded only when a server is built (see ModuleWeb), so a command goes without it.
import type { ModuleWeb } from '../manifest.js';
import { registerDeadlineApi } from './api.js';
import { registerDeadlinePages } from './pages.js';

export const deadlinesWeb: ModuleWeb = {
  routes(app, ctx, env) {
    const sources = env.modules.flatMap((m) => m.deadlines ?? []);
    registerDeadlineApi(app, ctx, sources);
    registerDeadlinePages(app, ctx, sources);
  },
};
