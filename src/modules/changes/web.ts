// The changes module's part of the web site and API: its routes and the sections it adds to other
// modules' pages. Loaded only when a server is built (see ModuleWeb), so a command goes without it.
import type { ModuleWeb } from '../manifest.js';
import { registerSubscriberPages } from './admin-pages.js';
import { registerChangesApi } from './api.js';

export const changesWeb: ModuleWeb = {
  routes(app, ctx, env) {
    registerChangesApi(app, ctx);
    registerSubscriberPages(app, ctx, env.modules.flatMap((m) => m.subscribers ?? []));
  },
};
