// Debian's Chromium, headless, through playwright-core (never a downloaded browser). With CI=true
// a missing Chromium fails the run instead of skipping the browser tests.
//
// Every browser test file (test/e2e/) uses `useDemoBrowser()`: one server and one Chromium per file,
// started together, and signed-in contexts per demo account, the sign-in form filled once per
// account per file (later contexts start from its storage state).
//
// Axe: each distinct page state is checked once across the files (a check costs 1.5–3 s). Which
// page is checked where, so a new check goes where its page is not yet covered:
//   accounts        public change page (signed out); sign-in page refused
//   admin           users list; add-user form refused; user page (added); audit log (filtered);
//                   organisations; organisation page; account page with a new API token
//   consultations   consultation page: a Party's refused response; the analyst's view (who responded);
//                   closed, as the public sees it
//   documents       change page: document added (documents table); document form refused
//   first-hour      home page (public); papers page (public, an issued paper); change page as a
//                   committee member, after recording a view
//   journey         vote page open (the live tally) and closed; change page With Authority with the
//                   decision form open
//   papers          papers page (analyst); no meeting that day (404); paper page refused impacts and
//                   issued; committees list; committee page; OPSG meeting page with a refused view;
//                   Panel meeting page (decision form)
//   password-reset  forgotten password; check your email; new password refused; password changed;
//                   used link
//   register        register list sorted and filtered, paged, refused query (400); change page with
//                   every form open (MP092); raise form refused; change page with a refused action
//                   (409) and a refused action input (400); problem statement refused and with
//                   versions; edit page refused as stale (409)
//   releases        releases list; release page refused schedule and implemented; /work due soon
//   search          results; refused query (400)
//   submissions     add-submission form refused; a Party's submitted submission; submissions list
//                   (analyst, awaiting a reply; Party, with an outcome); the analyst's submission page
//   watch           account page with a watched change
//   (api-docs: Swagger UI's own page; phones: every page's width, no axe)
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page, type Response } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, expect } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { startServer, type RunningServer } from './server.js';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** A step's own timeout: generous, so a busy machine fails no step, yet short of the test's timeout. */
export const STEP_TIMEOUT = 20_000;

export function chromiumAvailable(): boolean {
  const present = fs.existsSync(CHROMIUM);
  if (!present && process.env.CI === 'true') throw new Error(`CI=true but Chromium is not installed at ${CHROMIUM} (apt-get install chromium).`);
  return present;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** Runs axe on the page and fails with a readable list of violations. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  // Only violations are read: axe skips writing out every passing node (a quarter of its time on a change page).
  // Legacy mode runs axe.run in the page itself (same-origin frames included) instead of axe.runPartial
  // per frame and axe.finishRun in a new blank page: the same rules and results for our pages, which
  // embed no cross-origin frame, in well under half the time (6 s against 15 s on a busy machine).
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .options({ resultTypes: ['violations'] }).setLegacyMode(true).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`);
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/** Signs a browser context in through the real sign-in form (works with JavaScript off too). */
export async function signIn(context: BrowserContext, base: string, email = 'bradley.baker@secas.example', password = DEMO_PASSWORD): Promise<void> {
  const page = await context.newPage();
  try {
    await page.goto(`${base}/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  } finally {
    await page.close();
  }
}

/** Clicks something that submits a form or follows a link and waits for the page it leads to. */
export async function navigateBy(page: Page, target: Locator): Promise<Response> {
  const [response] = await Promise.all([page.waitForNavigation(), target.click()]);
  if (!response) throw new Error('The click did not load a page.');
  return response;
}

export const ANALYST = 'bradley.baker@secas.example';
export const ADMIN = 'admin@secretariat.example';
export const PARTY = 'andy.knowles@utilita.example';
export const MEMBER = 'hannah.pryce@utilita.example';

export interface DemoBrowser {
  /** The server's address, e.g. http://127.0.0.1:41234 (no trailing slash). */
  readonly url: string;
  readonly server: RunningServer;
  readonly browser: Browser;
  /**
   * A new context, signed in as `email` (signed out without one). The first context of an account
   * signs in through the form; later ones start from its cookies. Closed with the browser.
   */
  context(email?: string, options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A new page in a new context, as `context` gives it. */
  page(email?: string, options?: BrowserContextOptions): Promise<Page>;
  /** Drops the kept sign-ins (after moving the server's clock past the sessions' life, say). */
  forgetSessions(): void;
}

/**
 * Inside a describe: a server (on the demo register unless `demo: false`) and Chromium for the
 * file's tests, started in a beforeAll and stopped in an afterAll. `setup` runs on the server
 * (its clock, services) while Chromium starts. `contextOptions` apply to every context.
 */
export function useDemoBrowser(options: {
  demo?: boolean;
  setup?: (server: RunningServer) => Promise<void> | void;
  contextOptions?: BrowserContextOptions;
} = {}): DemoBrowser {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let sessions = new Map<string, Promise<BrowserContextOptions['storageState']>>();
  const started = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`useDemoBrowser: the ${name} is used before the file's beforeAll started it.`);
    return value;
  };

  beforeAll(async () => {
    const launching = launchBrowser();
    try {
      server = await startServer({ demo: options.demo ?? true });
      await options.setup?.(server);
    } finally {
      browser = await launching;
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const fixture: DemoBrowser = {
    get url() { return started(server, 'server').url; },
    get server() { return started(server, 'server'); },
    get browser() { return started(browser, 'browser'); },
    async context(email, contextOptions = {}) {
      const all = { ...options.contextOptions, ...contextOptions };
      const b = started(browser, 'browser');
      let context: BrowserContext;
      if (!email) {
        context = await b.newContext(all);
      } else {
        let kept = sessions.get(email);
        if (kept) {
          context = await b.newContext({ ...all, storageState: await kept });
        } else {
          context = await b.newContext(all);
          context.setDefaultTimeout(STEP_TIMEOUT);
          kept = signIn(context, fixture.url, email).then(() => context.storageState());
          sessions.set(email, kept);
          kept.catch(() => sessions.delete(email));
          await kept;
        }
      }
      context.setDefaultTimeout(STEP_TIMEOUT);
      return context;
    },
    async page(email, contextOptions) {
      return (await fixture.context(email, contextOptions)).newPage();
    },
    forgetSessions() {
      sessions = new Map();
    },
  };
  return fixture;
}
