// The composition root: builds the database, the services and the HTTP server from the list of
// modules (modules/index.ts): their migrations, event types, facts, routes, navigation and
// subscribers. Nothing below imports this file.
import { DEFAULT_DIGEST_HOUR, DEFAULT_MAX_UPLOAD_MB, DEFAULT_WEBHOOK_SECRET_GRACE_HOURS, MEGABYTE, type Config, type DatabaseTarget, type OidcConfig } from './config.js';
import { resolveSecretKey } from './platform/crypto/secret-box.js';
import { openDatabase, type Db } from './platform/db/database.js';
import { migrate, type ModuleMigration } from './platform/db/migrate.js';
import { buildCatalog } from './platform/events/catalog.js';
import { openFileStore } from './platform/files/store.js';
import { startDispatcher, type Dispatcher, type Subscriber } from './platform/events/dispatch.js';
import { startPoller } from './platform/events/poller.js';
import { eventSchema } from './platform/events/view.js';
import type { HttpServer } from './platform/http/server.js';
import { KEEP_MAIL, type MailSettings } from './platform/mail/mail.js';
import { secProfile } from './process/sec.js';
import type { ProcessProfile } from './process/profile.js';
import { validateProfile } from './process/workflow.js';
import type { ServiceContext } from './modules/context.js';
import type { Database } from './modules/database.js';
import { factProviders, missingFacts } from './modules/facts.js';
import { missingReferences, referenceProviders } from './modules/references.js';
import { MODULES } from './modules/index.js';
import type { ExportTable, NavigationEntry, PeriodicTask, RouteEnvironment } from './modules/manifest.js';

export const migrations: ModuleMigration[] = MODULES.flatMap((m) => m.migrations ?? []);

/** Every table the register's export holds, in the order an import inserts them. */
export const exportTables: ExportTable[] = MODULES.flatMap((m) => m.exportTables ?? []);

/** Tables deliberately left out of the export, with why. */
export const privateTables: Record<string, string> = Object.assign({}, ...MODULES.map((m) => m.privateTables ?? {}));

export const subscribers: Subscriber<ServiceContext>[] = MODULES.flatMap((m) => m.subscribers ?? []);


/** Entries of the site itself rather than of a module. */
const siteNavigation: NavigationEntry[] = [{ id: 'api', href: '/api/docs', permission: 'site.read', order: 90 }];

export const navigation: NavigationEntry[] = [...MODULES.flatMap((m) => m.navigation ?? []), ...siteNavigation];

export interface OpenContextOptions {
  profile?: ProcessProfile;
  clock?: () => Date;
  publicBaseUrl?: string;
  readOnly?: boolean;
  /** Run migrations first (on by default). */
  migrate?: boolean;
  mail?: MailSettings;
  /** The largest file an upload may carry, in bytes (default 20 MB). */
  maxUploadBytes?: number;
  /** The hour of the London day from which daily digests go out (default 7). */
  digestHour?: number;
  /** The key sealing secrets at rest (SECRETARIAT_SECRET_KEY); unset: the key file beside the database, made on first use. */
  secretKey?: Buffer;
  /** How long a rotated webhook secret still signs deliveries, in hours (default 24). */
  webhookSecretGraceHours?: number;
  /** Leave refreshing SQLite's planner statistics to the caller (`ctx.db.optimize()`): `serve` runs it once listening. */
  deferOptimize?: boolean;
}

export async function openContext(target: DatabaseTarget, options: OpenContextOptions = {}): Promise<ServiceContext> {
  const profile = options.profile ?? secProfile;
  const problems = validateProfile(profile);
  if (problems.length) throw new Error(`The ${profile.id} process profile is inconsistent: ${problems.join('; ')}`);
  const facts = factProviders(MODULES.flatMap((m) => m.facts ?? []));
  const unprovided = missingFacts(profile, facts);
  if (unprovided.length) throw new Error(`The ${profile.id} process profile's guards ask for facts no module provides: ${unprovided.join(', ')}`);
  const references = referenceProviders(MODULES.flatMap((m) => m.references ?? []));
  const unkept = missingReferences(profile, references);
  if (unkept.length) throw new Error(`The ${profile.id} process profile's actions set fields no module keeps: ${unkept.join(', ')}`);
  const catalog = buildCatalog(MODULES.flatMap((m) => (m.events ? [m.events] : [])));
  const db: Db<Database> = await openDatabase<Database>(target, { readOnly: options.readOnly, deferOptimize: options.deferOptimize });
  const secretKey = resolveSecretKey(target, options.secretKey);
  if (options.migrate !== false && !options.readOnly) await migrate(db, migrations, profile, { key: secretKey });
  return {
    db, profile, catalog, facts, references, clock: options.clock ?? (() => new Date()),
    publicBaseUrl: options.publicBaseUrl ?? 'http://localhost:3000', mail: options.mail ?? KEEP_MAIL,
    files: openFileStore(target, db.dialect, db.kysely), maxUploadBytes: options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_MB * MEGABYTE,
    digestHour: options.digestHour ?? DEFAULT_DIGEST_HOUR, secretKey,
    webhookSecretGraceMs: (options.webhookSecretGraceHours ?? DEFAULT_WEBHOOK_SECRET_GRACE_HOURS) * 3600_000,
  };
}

export async function buildServer(
  ctx: ServiceContext, options: { logger?: boolean; oidc?: OidcConfig; requestTimeoutMs?: number } = {},
): Promise<HttpServer> {
  const secureCookies = ctx.publicBaseUrl.startsWith('https:');
  const readable = { permission: 'site.read' } as const;
  // Fastify, its plugins, the pages' layout and the sign-in hooks load only when a server is built: a
  // command that reads the register does without.
  const [{ createServer }, { renderErrorPage }, { registerHealth }, { registerAuth }, { registerPageHeader }] = await Promise.all([
    import('./platform/http/server.js'), import('./platform/http/layout.js'), import('./platform/http/health.js'),
    import('./modules/accounts/http.js'), import('./modules/accounts/page-header.js'),
  ]);
  const app = await createServer({
    logger: options.logger, publicBaseUrl: ctx.publicBaseUrl, secureCookies, renderErrorPage, ownRoutesConfig: readable,
    requestTimeoutMs: options.requestTimeoutMs,
  });
  registerAuth(app, ctx);
  registerPageHeader(app, ctx, navigation);
  registerHealth(app, ctx.db, readable);
  // Every event type's shape, once, for the routes that answer events.
  app.addSchema(eventSchema(ctx.catalog));
  // Each module's routes and page sections: loaded here, so a command that builds no server goes without them.
  const web = await Promise.all(MODULES.map(async (m) => (m.web ? await m.web() : {})));
  const env: RouteEnvironment = { secureCookies, oidc: options.oidc, modules: MODULES, web };
  for (const part of web) part.routes?.(app, ctx, env);
  app.get('/api/openapi.json', { config: readable, schema: { hide: true } }, async () => app.swagger());
  // Swagger UI's package is large: loaded with the server, never by a command that needs none.
  const { registerApiDocs } = await import('./platform/http/api-docs.js');
  await registerApiDocs(app, readable);
  return app;
}

export const tasks: PeriodicTask[] = MODULES.flatMap((m) => m.tasks ?? []);

/**
 * This instance's worker for the event stream's subscribers (mail and the rest), the modules' timed
 * tasks and their background workers (the webhooks' sender).
 */
export function startSubscribers(ctx: ServiceContext, options: { intervalMs?: number; onError?: (error: unknown) => void } = {}): Dispatcher {
  const dispatcher = startDispatcher({ db: ctx.db, clock: ctx.clock, subscribers, context: ctx }, options);
  const workers = MODULES.flatMap((m) => m.workers ?? []).map((w) => w.start(ctx, { onError: options.onError }));
  const timed = tasks.map((task) => startPoller(() => task.run(ctx), { intervalMs: task.everySeconds * 1000, startNow: false, onError: options.onError }));
  return {
    kick() {
      dispatcher.kick();
      for (const w of workers) w.kick();
    },
    async stop() {
      await Promise.all([dispatcher, ...workers, ...timed].map((w) => w.stop()));
    },
  };
}

export async function contextFromConfig(config: Config, options: OpenContextOptions = {}): Promise<ServiceContext> {
  return openContext(config.database, {
    publicBaseUrl: config.publicBaseUrl, mail: { smtpUrl: config.smtpUrl, from: config.mailFrom }, maxUploadBytes: config.maxUploadBytes,
    ...(config.digestHour !== undefined ? { digestHour: config.digestHour } : {}),
    ...(config.secretKey ? { secretKey: config.secretKey } : {}), webhookSecretGraceHours: config.webhookSecretGraceHours, ...options,
  });
}
