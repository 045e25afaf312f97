// What a module hands the composition root, in one object: its tables (as a type), migrations,
// event types, routes (each declaring its permission where it is defined), sections of a change's
// page, navigation entries, the tables it exports and those it deliberately keeps out of exports,
// subscribers of the event stream, facts for the process's guards, the register fields it keeps and
// the deadlines it knows.
// `modules/index.ts` lists the modules; app.ts, the Database type, exports and the header's
// navigation all read that list.
import type { ComponentChildren } from 'preact';
import type { ModuleMigration } from '../platform/db/migrate.js';
import type { EventDefinitions } from '../platform/events/catalog.js';
import type { Subscriber } from '../platform/events/dispatch.js';
import type { HttpServer } from '../platform/http/server.js';
import type { OidcConfig } from '../config.js';
import type { CommitteeDef } from '../process/profile.js';
import type { Actor } from './accounts/accounts.js';
import type { Permission } from './accounts/permissions.js';
import type { ServiceContext } from './context.js';
import type { DeadlineSource } from './deadline-sources.js';
import type { FactProvider } from './facts.js';
import type { ReferenceProvider } from './references.js';
import type { ProposalDetail } from './proposals/service.js';

/** What a section's forms need from the page they are on. */
export interface ChangePageContext {
  /**
   * The page's CSRF token, for the section's own forms. Made when first read, so a page without a
   * form gives its reader no CSRF cookie (and can be kept and served again to the public).
   */
  readonly csrf: string;
}

/**
 * A section a module adds to each change's page (documents, committee views; later consultations
 * and votes). It receives the viewer, so it can show a Party its own form and hide what others may
 * not read, and the page's CSRF token for its forms.
 */
export type ChangePageSection = (ctx: ServiceContext, detail: ProposalDetail, viewer: Actor, page: ChangePageContext) => Promise<ComponentChildren>;

/**
 * A section a module adds to the signed-in user's own page (/account): what they watch. It gets the
 * page's CSRF token for its forms.
 */
export type AccountPageSection = (ctx: ServiceContext, viewer: Actor, csrf: string) => Promise<ComponentChildren>;

/**
 * Work an instance does on a timer, beside the subscribers (the daily digest, closing consultations
 * whose closing day has passed). Every instance runs it, so each run must be idempotent and safe when
 * several run at once (claim what it does in the database).
 */
export interface PeriodicTask {
  name: string;
  description?: string;
  everySeconds: number;
  run: (ctx: ServiceContext) => Promise<unknown>;
}

/** What a meeting page's sections are told of the meeting. */
export interface MeetingOnPage {
  id: string;
  committeeCode: string;
  date: string;
}

/** A section a module above committees adds to each committee's page (papers: those issued to it). */
export type CommitteePageSection = (ctx: ServiceContext, committee: CommitteeDef, viewer: Actor) => Promise<ComponentChildren>;

/** A section a module above committees adds to each meeting's page (papers: those issued for it). */
export type MeetingPageSection = (ctx: ServiceContext, meeting: MeetingOnPage, viewer: Actor) => Promise<ComponentChildren>;

export interface NavigationEntry {
  /** Its label is the profile's words.navigation[id]. */
  id: string;
  href: string;
  /** Shown only to viewers who hold it, so no menu link leads to a refusal. */
  permission: Permission;
  /** Where it sits in the menu: lower first. */
  order: number;
  /** The page sections it is the current entry for (default: its id). */
  sections?: string[];
}

export interface ExportTable {
  name: string;
  /** Columns that put its rows in a fixed order, so exports are byte-for-byte repeatable. */
  orderBy: string[];
  /** How to recognise a row already present on import, for tables without an id column. */
  key?: (row: Record<string, unknown>) => string;
  /** Columns never exported (secrets). */
  omit?: string[];
  /**
   * Rows that stand for files of the file store (ctx.files): the export carries each file's bytes,
   * base64, in `contentColumn`, read by the SHA-256 in `hashColumn`; an import puts them back into
   * its own store (checking the hash) and inserts the row without them.
   */
  files?: { hashColumn: string; contentColumn: string };
  /** Makes a row of an older export current (`version`: the export's format version). */
  upgrade?: (row: Record<string, unknown>, version: number) => Record<string, unknown>;
}

/** What routes may need beyond the services: settings of the server, and the other modules. */
export interface RouteEnvironment {
  secureCookies: boolean;
  /** Single sign-on, when configured. */
  oidc?: OidcConfig;
  /** Every module, for what one module reads of others (their deadlines, their subscribers). */
  modules: readonly ModuleManifest<any>[];
  /** Every module's web part, for what one module shows of others (the change page's sections). */
  web: readonly ModuleWeb[];
}

/**
 * What a module adds to the web site and API: its routes and the sections it adds to other modules'
 * pages. It sits in the module's `web.ts` and is loaded only when a server is built, so a command
 * that reads the register never loads pages, API schemas or the libraries behind them.
 */
export interface ModuleWeb {
  routes?: (app: HttpServer, ctx: ServiceContext, env: RouteEnvironment) => void;
  changePageSections?: ChangePageSection[];
  /** Sections of the signed-in user's /account page. */
  accountPageSections?: AccountPageSection[];
  /** Sections of committee pages and meeting pages, shown by committees without importing the module. */
  committeePageSections?: CommitteePageSection[];
  meetingPageSections?: MeetingPageSection[];
}

/**
 * Work a module does in the background of every instance, beside the event stream's subscribers
 * (the webhooks' sender): started with them by the composition root and stopped with them.
 */
export interface ModuleWorker {
  name: string;
  start: (ctx: ServiceContext, options: { onError?: (error: unknown) => void }) => { kick: () => void; stop: () => Promise<void> };
}

export interface ModuleManifest<Tables extends object = object> {
  name: string;
  /** Never set: carries the module's table types into the Database type. */
  readonly tables?: Tables;
  migrations?: ModuleMigration[];
  events?: EventDefinitions;
  /** Its web part (see ModuleWeb), loaded when a server is built. */
  web?: () => Promise<ModuleWeb>;
  navigation?: NavigationEntry[];
  /** In the order they must be imported (a table after those it references). */
  exportTables?: ExportTable[];
  /** Tables kept out of the register's export, each with the reason. */
  privateTables?: Record<string, string>;
  subscribers?: Subscriber<ServiceContext>[];
  /** Work on a timer (each run safe on several instances at once). */
  tasks?: PeriodicTask[];
  /** Background work started with the subscribers (see ModuleWorker). */
  workers?: ModuleWorker[];
  facts?: FactProvider[];
  /** Register fields this module keeps (the releases module: a change's target release). */
  references?: ReferenceProvider[];
  /** What this module knows is due, for /work and GET /api/v1/deadlines (see deadline-sources.ts). */
  deadlines?: DeadlineSource[];
}

/** Declares a module with its tables' type. */
export function defineModule<Tables extends object>(manifest: ModuleManifest<Tables>): ModuleManifest<Tables> {
  return manifest;
}

type TablesOfModule<M> = M extends ModuleManifest<infer T> ? T : never;
type Intersect<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** The intersection of every module's tables. */
export type TablesOf<Modules extends readonly ModuleManifest<any>[]> = Intersect<TablesOfModule<Modules[number]>>;
