// The page frame every HTML route renders into. Preact escapes all text by default; the only raw
// HTML we ever insert is markdown-it output with HTML disabled (see markdown.ts).
import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

export interface PageOptions {
  title: string;
  children: ComponentChildren;
  /** Breadcrumb trail before the title. */
  crumbs?: { href: string; label: string }[];
  /** The main navigation entry this page belongs to, marked as the current page. */
  section?: 'register' | 'raise' | 'committees' | 'papers' | 'submissions';
}

/** Replaced, as each page is sent, by who is signed in (accounts fills it; the layout knows no accounts). */
export const VIEWER_SLOT = '<!--viewer-->';

const MAIN_NAV: { href: string; label: string; section?: PageOptions['section'] }[] = [
  { href: '/modifications/', label: 'Register', section: 'register' },
  { href: '/modifications/new', label: 'Raise a Draft Proposal', section: 'raise' },
  { href: '/committees/', label: 'Committees', section: 'committees' },
  { href: '/papers/', label: 'Papers', section: 'papers' },
  { href: '/submissions/', label: 'Submissions', section: 'submissions' },
  { href: '/api/openapi.json', label: 'API' },
];

function Frame({ title, children, crumbs, section }: PageOptions): VNode {
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · Secretariat`}</title>
        <link rel="stylesheet" href="/assets/styles.css" />
      </head>
      <body>
        <a class="skip-link" href="#main">Skip to main content</a>
        <header class="site-header">
          <a class="brand" href="/">Secretariat</a>
          <nav aria-label="Main">
            <ul>
              {MAIN_NAV.map((item) => (
                <li><a href={item.href} aria-current={section && item.section === section ? 'page' : undefined}>{item.label}</a></li>
              ))}
            </ul>
          </nav>
          <div class="viewer-slot" dangerouslySetInnerHTML={{ __html: VIEWER_SLOT }} />
        </header>
        <main id="main">
          {crumbs && crumbs.length > 0 && (
            <nav aria-label="Breadcrumb" class="crumbs">
              <ol>{crumbs.map((c) => <li><a href={c.href}>{c.label}</a></li>)}</ol>
            </nav>
          )}
          {children}
        </main>
        <footer class="site-footer">
          <p>Secretariat: the change register of the Smart Energy Code. Dates are business dates (Europe/London).</p>
        </footer>
      </body>
    </html>
  );
}

export function renderPage(options: PageOptions): string {
  return `<!doctype html>${renderToString(<Frame {...options} />)}`;
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
