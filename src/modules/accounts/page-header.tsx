// The parts of every page's header that depend on who is looking: the main navigation (only the
// entries the viewer's role may use, so no menu link leads to a refusal) and the "signed in as"
// corner. Filled in as each page is sent; the layout in platform/ knows no accounts.
import type { FastifyRequest } from 'fastify';
import { renderToString } from 'preact-render-to-string';
import { CODE_NAME_SLOT, NAV_SLOT_PATTERN, VIEWER_SLOT, renderNavigation } from '../../platform/http/layout.js';
import type { HttpServer } from '../../platform/http/server.js';
import type { ServiceContext } from '../context.js';
import type { NavigationEntry } from '../manifest.js';
import { PUBLIC, ROLE_LABELS } from './accounts.js';
import { can } from './permissions.js';

export function registerPageHeader(app: HttpServer, ctx: ServiceContext, navigation: readonly NavigationEntry[]): void {
  const entries = [...navigation].sort((a, b) => a.order - b.order);
  const labels = ctx.profile.words.navigation;
  app.addHook('onSend', async (request: FastifyRequest, reply, payload) => {
    if (typeof payload !== 'string' || !payload.includes(VIEWER_SLOT)) return payload;
    const actor = request.actor ?? PUBLIC;
    const section = NAV_SLOT_PATTERN.exec(payload)?.[1] ?? '';
    const nav = renderNavigation(entries.filter((e) => can(actor, e.permission)).map((e) => ({
      href: e.href, label: labels[e.id] ?? e.id, current: section !== '' && (e.sections ?? [e.id]).includes(section),
    })));
    const widget = actor.role !== 'public'
      ? renderToString(
        <form method="post" action="/logout" class="viewer">
          <span>{`${actor.name} (${ROLE_LABELS[actor.role]})`}</span>
          <a href="/account">Account</a>
          {can(actor, 'users.manage') && <a href="/admin/users">Admin</a>}
          <input type="hidden" name="_csrf" value={reply.generateCsrf()} />
          <button type="submit" class="link-button">Sign out</button>
        </form>)
      : renderToString(<a class="viewer" href={`/login?next=${encodeURIComponent(request.url)}`}>Sign in</a>);
    // Functions, so a "$&" or "$'" in a user's name is not read as a replacement pattern.
    return payload.replace(NAV_SLOT_PATTERN, () => nav).replace(VIEWER_SLOT, () => widget).replace(CODE_NAME_SLOT, () => ctx.profile.name);
  });
}
