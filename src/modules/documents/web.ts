// The documents module's part of the web site and API: its routes and the sections it adds to other
// modules' pages. Loaded only when a server is built (see ModuleWeb), so a command goes without it.
import type { ModuleWeb } from '../manifest.js';
import { registerDocumentApi } from './api.js';
import { documentsSection, registerDocumentPages } from './pages.js';

export const documentsWeb: ModuleWeb = {
  routes(app, ctx) {
    registerDocumentApi(app, ctx);
    registerDocumentPages(app, ctx);
  },
  changePageSections: [documentsSection],
};
