// The accounts module's part of the web site and API: its routes and the sections it adds to other
// modules' pages. Loaded only when a server is built (see ModuleWeb), so a command goes without it.
import type { ModuleWeb } from '../manifest.js';
import { registerOrganisationsApi } from './organisations-api.js';
import { registerAccountPages } from './pages.js';
import { registerAdminPages } from './admin-pages.js';
import { registerOwnAccountPages } from './account-pages.js';
import { registerOidcPages } from './oidc-pages.js';
import { registerPasswordPages } from './password-pages.js';

export const accountsWeb: ModuleWeb = {
  routes(app, ctx, env) {
    registerAccountPages(app, ctx, { secureCookies: env.secureCookies, sso: env.oidc });
    // Single sign-on only when OIDC_* is configured.
    if (env.oidc) registerOidcPages(app, ctx, { settings: env.oidc, secureCookies: env.secureCookies });
    registerOwnAccountPages(app, ctx, env.web.flatMap((w) => w.accountPageSections ?? []));
    registerPasswordPages(app, ctx);
    registerAdminPages(app, ctx);
    registerOrganisationsApi(app, ctx);
  },
};
