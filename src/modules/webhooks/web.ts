// The webhooks module's part of the web site and API: its routes and the sections it adds to other
// modules' pages. Loaded only when a server is built (see ModuleWeb), so a command goes without it.
import type { ModuleWeb } from '../manifest.js';
import { registerWebhookApi } from './api.js';
import { registerWebhookPages } from './pages.js';

export const webhooksWeb: ModuleWeb = {
  routes(app, ctx) {
    registerWebhookApi(app, ctx);
    registerWebhookPages(app, ctx);
  },
};
