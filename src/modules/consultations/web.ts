// The consultations module's part of the web site and API: its routes and the sections it adds to other
// modules' pages. Loaded only when a server is built (see ModuleWeb), so a command goes without it.
import type { ModuleWeb } from '../manifest.js';
import { registerConsultationApi } from './api.js';
import { consultationsSection, registerConsultationPages } from './pages.js';

export const consultationsWeb: ModuleWeb = {
  routes(app, ctx) {
    registerConsultationApi(app, ctx);
    registerConsultationPages(app, ctx);
  },
  changePageSections: [consultationsSection],
};
