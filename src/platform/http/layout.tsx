// The page frame every HTML route renders into. Preact escapes all text by default; the only raw
// HTML we ever insert is markdown-it output with HTML disabled (see markdown.ts).
import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { FLASH_SLOT } from './flash.js';
import { labelTableCells } from './table-labels.js';

export interface PageOptions {
  title: string;
  children: ComponentChildren;
  /** Breadcrumb trail before the title. */
  crumbs?: { href: string; label: string }[];
  /** The main navigation entry this page belongs to (its id), marked as the current page. */
  section?: string;
  /** Feeds of what the page shows (Atom, iCalendar), announced in its head for readers and browsers to find. */
  alternates?: Alternate[];
}

export interface Alternate {
  href: string;
  title: string;
  type: 'application/atom+xml' | 'text/calendar';
}

/** Replaced, as each page is sent, by who is signed in (accounts fills it; the layout knows no accounts). */
export const VIEWER_SLOT = '<!--viewer-->';

/** Replaced, as each page is sent, by the name of the code the process profile runs ("Smart Energy Code"). */
export const CODE_NAME_SLOT = '<!--code-name-->';

/**
 * Replaced, as each page is sent, by the main navigation the viewer may use (the entries come from
 * the modules; which to show depends on who is looking). It carries the page's section.
 */
export const navSlot = (section: string | undefined) => `<!--nav:${section ?? ''}-->`;
export const NAV_SLOT_PATTERN = /<!--nav:([a-z-]*)-->/;

export interface NavLink {
  href: string;
  label: string;
  current: boolean;
}

/** The main navigation as HTML, for the slot. */
export function renderNavigation(links: NavLink[]): string {
  return renderToString(
    <ul>{links.map((l) => <li><a href={l.href} aria-current={l.current ? 'page' : undefined}>{l.label}</a></li>)}</ul>,
  );
}

function Frame({ title, children, crumbs, section, alternates }: PageOptions): VNode {
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · Secretariat`}</title>
        <link rel="stylesheet" href="/assets/styles.css" />
        {alternates?.map((a) => <link rel="alternate" type={a.type} title={a.title} href={a.href} />)}
      </head>
      <body>
        <a class="skip-link" href="#main">Skip to main content</a>
        <header class="site-header">
          <a class="brand" href="/">Secretariat</a>
          <nav aria-label="Main" dangerouslySetInnerHTML={{ __html: navSlot(section) }} />
          <div class="viewer-slot" dangerouslySetInnerHTML={{ __html: VIEWER_SLOT }} />
        </header>
        <main id="main">
          {crumbs && crumbs.length > 0 && (
            <nav aria-label="Breadcrumb" class="crumbs">
              <ol>{crumbs.map((c) => <li><a href={c.href}>{c.label}</a></li>)}</ol>
            </nav>
          )}
          <div class="flash-slot" dangerouslySetInnerHTML={{ __html: FLASH_SLOT }} />
          {children}
        </main>
        <footer class="site-footer">
          {alternates && alternates.length > 0 && (
            <p class="follow">Follow: {alternates.map((a, i) => <>{i > 0 && ' · '}<a href={a.href} type={a.type}>{a.title}</a></>)}</p>
          )}
          <p>Secretariat: the change register of the <span dangerouslySetInnerHTML={{ __html: CODE_NAME_SLOT }} />. Dates are business dates (Europe/London).</p>
        </footer>
      </body>
    </html>
  );
}

export function renderPage(options: PageOptions): string {
  return `<!doctype html>${labelTableCells(renderToString(<Frame {...options} />))}`;
}

export function renderErrorPage(status: number, title: string, message: string): string {
  return renderPage({
    title,
    children: (
      <section class="error-page">
        <h1>{title}</h1>
        <p>{message}</p>
        <p class="muted">HTTP {status}</p>
        <p><a href="/modifications/">Back to the register</a></p>
      </section>
    ),
  });
}
