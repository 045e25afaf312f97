// The composition root: builds the database, the services and the HTTP server, and registers
// every module's migrations and routes. Nothing below imports this file.
import type { Config, DatabaseTarget, OidcConfig } from './config.js';
import { openDatabase, type Db } from './platform/db/database.js';
import { migrate, type ModuleMigration } from './platform/db/migrate.js';
import { createServer, type HttpServer } from './platform/http/server.js';
import { renderErrorPage } from './platform/http/layout.js';
import { secProfile } from './process/sec.js';
import type { ProcessProfile } from './process/profile.js';
import { validateProfile } from './process/workflow.js';
import type { ServiceContext } from './modules/context.js';
import type { Database } from './modules/database.js';
import { accountMigrations } from './modules/accounts/migrations.js';
import { committeeMigrations } from './modules/committees/migrations.js';
import { paperMigrations } from './modules/papers/migrations.js';
import { directoryMigrations } from './modules/directory/migrations.js';
import { registerDirectoryApi } from './modules/directory/api.js';
import { eventMigrations } from './modules/events/migrations.js';
import { proposalMigrations } from './modules/proposals/migrations.js';
import { registerProposalApi } from './modules/proposals/api.js';
import { registerProposalPages } from './modules/proposals/pages.js';
import { registerHealth } from './platform/http/health.js';
import { registerAuth } from './modules/accounts/http.js';
import { registerAccountPages } from './modules/accounts/pages.js';
import { registerOidcPages } from './modules/accounts/oidc-pages.js';
import { registerAdminPages } from './modules/accounts/admin-pages.js';
import { registerOwnAccountPages } from './modules/accounts/account-pages.js';
import { registerPasswordPages } from './modules/accounts/password-pages.js';
import { outboxMigrations } from './platform/jobs/outbox.js';
import { registerCommitteeApi } from './modules/committees/api.js';
import { registerCommitteePages } from './modules/committees/pages.js';
import { committeeViewsSection } from './modules/committees/views-section.js';
import { registerPaperApi } from './modules/papers/api.js';
import { registerPaperPages } from './modules/papers/pages.js';
import { submissionMigrations } from './modules/submissions/migrations.js';
import { registerSubmissionApi } from './modules/submissions/api.js';
import { registerSubmissionPages } from './modules/submissions/pages.js';

export const migrations: ModuleMigration[] = [
  ...directoryMigrations, ...accountMigrations, ...proposalMigrations, ...eventMigrations, ...committeeMigrations, ...paperMigrations,
  ...outboxMigrations, ...submissionMigrations,
];

export interface OpenContextOptions {
  profile?: ProcessProfile;
  clock?: () => Date;
  publicBaseUrl?: string;
  readOnly?: boolean;
  /** Run migrations first (on by default). */
  migrate?: boolean;
}

export async function openContext(target: DatabaseTarget, options: OpenContextOptions = {}): Promise<ServiceContext> {
  const profile = options.profile ?? secProfile;
  const problems = validateProfile(profile);
  if (problems.length) throw new Error(`The ${profile.id} process profile is inconsistent: ${problems.join('; ')}`);
  const db: Db<Database> = await openDatabase<Database>(target, { readOnly: options.readOnly });
  if (options.migrate !== false && !options.readOnly) await migrate(db, migrations);
  return { db, profile, clock: options.clock ?? (() => new Date()), publicBaseUrl: options.publicBaseUrl ?? 'http://localhost:3000' };
}

export async function buildServer(ctx: ServiceContext, options: { logger?: boolean; oidc?: OidcConfig } = {}): Promise<HttpServer> {
  const app = await createServer({
    logger: options.logger,
    publicBaseUrl: ctx.publicBaseUrl,
    secureCookies: ctx.publicBaseUrl.startsWith('https:'),
    renderErrorPage,
  });
  registerAuth(app, ctx);
  registerAccountPages(app, ctx, { secureCookies: ctx.publicBaseUrl.startsWith('https:'), sso: options.oidc });
  // Single sign-on only when OIDC_* is configured: its routes are in the permission table's OPTIONAL_ROUTES.
  if (options.oidc) registerOidcPages(app, ctx, { settings: options.oidc, secureCookies: ctx.publicBaseUrl.startsWith('https:') });
  registerOwnAccountPages(app, ctx);
  registerPasswordPages(app, ctx);
  registerAdminPages(app, ctx);
  registerHealth(app, ctx.db);
  registerProposalApi(app, ctx);
  registerDirectoryApi(app, ctx);
  registerCommitteeApi(app, ctx);
  registerPaperApi(app, ctx);
  registerProposalPages(app, ctx, [committeeViewsSection]);
  registerCommitteePages(app, ctx);
  registerPaperPages(app, ctx);
  registerSubmissionApi(app, ctx);
  registerSubmissionPages(app, ctx);
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}

export async function contextFromConfig(config: Config, options: OpenContextOptions = {}): Promise<ServiceContext> {
  return openContext(config.database, { publicBaseUrl: config.publicBaseUrl, ...options });
}
