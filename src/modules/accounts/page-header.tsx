// The parts of every page's header that depend on who is looking: the main navigation (only the
// entries the viewer's role may use, so no menu link leads to a refusal) and the "signed in as"
// corner. Filled in as each page is sent; the layout in platform/ knows no accounts.
import type { FastifyRequest } from 'fastify';
import { renderToString } from 'preact-render-to-string';
import { CODE_NAME_SLOT, NAV_SLOT_PATTERN, VIEWER_SLOT, renderNavigation } from '../../platform/http/layout.js';
import { fillFlash } from '../../platform/http/flash.js';
import type { HttpServer } from '../../platform/http/server.js';
import type { ServiceContext } from '../context.js';
import type { NavigationEntry } from '../manifest.js';
import { PUBLIC, ROLE_LABELS, type Actor } from './accounts.js';
import { can } from './permissions.js';

/** Fills a page's header slots for a reader; `csrf` is asked only when the page gets a form (sign-out). */
export type HeaderFiller = (page: string, actor: Actor, url: string, csrf: () => string) => string;

declare module 'fastify' {
  interface FastifyInstance {
    /** The same filling the hook does, for a page kept already filled (a kept body passes the hook by). */
    fillPageHeader: HeaderFiller;
  }
}

export function registerPageHeader(app: HttpServer, ctx: ServiceContext, navigation: readonly NavigationEntry[]): void {
  const entries = [...navigation].sort((a, b) => a.order - b.order);
  const labels = ctx.profile.words.navigation;
  const fill: HeaderFiller = (page, actor, url, csrf) => {
    if (!page.includes(VIEWER_SLOT)) return page;
    const section = NAV_SLOT_PATTERN.exec(page)?.[1] ?? '';
    const nav = renderNavigation(entries.filter((e) => can(actor, e.permission)).map((e) => ({
      href: e.href, label: labels[e.id] ?? e.id, current: section !== '' && (e.sections ?? [e.id]).includes(section),
    })));
    const widget = actor.role !== 'public'
      ? renderToString(
        <form method="post" action="/logout" class="viewer">
          <span>{`${actor.name} (${ROLE_LABELS[actor.role]})`}</span>
          <a href="/account">Account</a>
          {can(actor, 'users.manage') && <a href="/admin/users">Admin</a>}
          <input type="hidden" name="_csrf" value={csrf()} />
          <button type="submit" class="link-button">Sign out</button>
        </form>)
      : renderToString(<a class="viewer" href={`/login?next=${encodeURIComponent(url)}`}>Sign in</a>);
    // Functions, so a "$&" or "$'" in a user's name is not read as a replacement pattern.
    const filled = page.replace(NAV_SLOT_PATTERN, () => nav).replace(VIEWER_SLOT, () => widget).replace(CODE_NAME_SLOT, () => ctx.profile.name);
    // What the last write from a form did, from the fixed table of `?done=` codes.
    return fillFlash(filled, url);
  };
  app.decorate('fillPageHeader', fill);
  app.addHook('onSend', async (request: FastifyRequest, reply, payload) => {
    if (typeof payload !== 'string') return payload;
    return fill(payload, request.actor ?? PUBLIC, request.url, () => reply.generateCsrf());
  });
}
