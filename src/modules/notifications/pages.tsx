// Pages of notifications: the change page's "Watch" section, the account page's list of watches
// (delivery and unwatch), the page that confirms watching a committee or a search (linked from
// their pages, which sit below this module), and the one-click unsubscribe page of RFC 8058.
import type { ComponentChildren } from 'preact';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { DomainError } from '../../platform/errors.js';
import { FormBody, formRefusal, html, one, type Form } from '../../platform/http/form.js';
import { CsrfField, ErrorSummary, Select, type FormErrors } from '../../platform/http/forms.js';
import { renderPage } from '../../platform/http/layout.js';
import type { HttpServer } from '../../platform/http/server.js';
import type { Actor } from '../accounts/accounts.js';
import { actorOf, safeNext } from '../accounts/http.js';
import { can } from '../accounts/permissions.js';
import type { ServiceContext } from '../context.js';
import type { ChangePageContext } from '../manifest.js';
import type { ProposalDetail } from '../proposals/service.js';
import { publicPath } from '../proposals/views.js';
import { WATCH_NEW_PATH } from '../watch-paths.js';
import { SEARCH_KEYS } from './notifications.js';
import * as service from './service.js';

const DELIVERY_OPTIONS = [
  { value: 'immediate', label: 'A mail for each event, at once' },
  { value: 'digest', label: 'One mail a day (daily digest)' },
];
const DELIVERY_LABELS: Record<string, string> = { immediate: 'At once', digest: 'Daily digest' };
const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
const TokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) });
const SEARCH_FIELDS = SEARCH_KEYS;

/** The change page's section: watch or stop watching this change; the public is asked to sign in. */
export async function watchSection(ctx: ServiceContext, detail: ProposalDetail, viewer: Actor, page: ChangePageContext): Promise<ComponentChildren> {
  const p = detail.proposal;
  const here = publicPath(p);
  if (!can(viewer, 'watches.own')) {
    return (
      <section aria-labelledby="h-watch" class="watch">
        <h2 id="h-watch">Follow this change</h2>
        <p><a href={`/login?next=${encodeURIComponent(here)}`}>Sign in to watch {p.reference}</a> and be mailed when its stage changes or a document is added.</p>
      </section>
    );
  }
  const watching = await service.watchOfChange(ctx, viewer, p.id);
  return (
    <section aria-labelledby="h-watch" class="watch">
      <h2 id="h-watch">Follow this change</h2>
      {watching ? (
        <>
          <p>{`You watch ${p.reference} (${DELIVERY_LABELS[watching.delivery].toLowerCase()}). Change how on `}<a href="/account#h-watches">your account</a>.</p>
          <form method="post" action={`/watches/${watching.id}/delete`}>
            <CsrfField token={page.csrf} />
            <input type="hidden" name="back" value={here} />
            <button type="submit">Stop watching {p.reference}</button>
          </form>
        </>
      ) : (
        <form method="post" action="/watches">
          <CsrfField token={page.csrf} />
          <input type="hidden" name="change" value={p.reference} />
          <input type="hidden" name="back" value={here} />
          <p>Be mailed when its stage changes, a document or paper is added, or a consultation or vote opens or closes.</p>
          <button type="submit">Watch {p.reference}</button>
        </form>
      )}
    </section>
  );
}

function WatchTable({ watches, csrf }: { watches: service.WatchView[]; csrf: string }) {
  return (
    <table>
      <caption class="visually-hidden">What you watch</caption>
      <thead><tr><th scope="col">You watch</th><th scope="col">Mail</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
      <tbody>{watches.map((w) => (
        <tr>
          <td><a href={w.path}>{w.kind === 'change' ? w.label : w.kind === 'committee' ? `The ${w.label} committee` : `Search: ${w.label}`}</a></td>
          <td>
            <form method="post" action={`/watches/${w.id}/delivery`} class="inline-form">
              <CsrfField token={csrf} />
              <Select name="delivery" label={`Mail for ${w.label}`} value={w.delivery} errors={{}} options={DELIVERY_OPTIONS} />
              <button type="submit">Save<span class="visually-hidden">{` the mail for ${w.label}`}</span></button>
            </form>
          </td>
          <td>
            <form method="post" action={`/watches/${w.id}/delete`}>
              <CsrfField token={csrf} />
              <button type="submit">Stop watching<span class="visually-hidden">{` ${w.label}`}</span></button>
            </form>
          </td>
        </tr>
      ))}</tbody>
    </table>
  );
}

/** The account page's section: what the user watches, each with its delivery and an unwatch button. */
export async function watchesSection(ctx: ServiceContext, viewer: Actor, csrf: string): Promise<ComponentChildren> {
  if (!can(viewer, 'watches.own')) return null;
  const watches = await service.listWatches(ctx, viewer);
  return (
    <section aria-labelledby="h-watches">
      <h2 id="h-watches">What you watch</h2>
      <p>{`Messages go to your email address at once, or in one mail a day from ${String(ctx.digestHour ?? 7).padStart(2, '0')}:00 (London time). Every message has a link that stops it.`}</p>
      {watches.length === 0
        ? <p>You watch nothing yet. Watch a change from its page, a committee from its page, or a search from the register.</p>
        : <WatchTable watches={watches} csrf={csrf} />}
    </section>
  );
}

interface Proposed {
  fields: Record<string, string>;
  what: string;
}

/** What a /watches/new address proposes to watch, with the fields its form sends. */
function proposed(query: Form): Proposed | null {
  const change = one(query.change).trim();
  if (change) return { fields: { change }, what: change };
  const committee = one(query.committee).trim();
  if (committee) return { fields: { committee }, what: `the ${committee} committee` };
  if (one(query.search)) {
    const fields = Object.fromEntries(SEARCH_FIELDS.map((k) => [`search.${k}`, one(query[k]).trim()]).filter(([, v]) => v));
    return { fields, what: 'this search of the register' };
  }
  return null;
}

function ConfirmPage({ proposal, csrf, errors, message }: { proposal: Proposed; csrf: string; errors?: FormErrors; message?: string }) {
  return (
    <>
      <h1>Watch {proposal.what}</h1>
      <ErrorSummary message={message} errors={errors ?? {}} />
      <form method="post" action="/watches" novalidate>
        <CsrfField token={csrf} />
        {Object.entries(proposal.fields).map(([name, value]) => <input type="hidden" name={name} value={value} />)}
        {Object.entries(proposal.fields).filter(([n]) => n.startsWith('search.')).length > 0 && (
          <ul>{Object.entries(proposal.fields).map(([n, v]) => <li>{`${n.slice('search.'.length)}: ${v}`}</li>)}</ul>
        )}
        <Select name="delivery" label="How to mail you" value="immediate" errors={errors ?? {}} options={DELIVERY_OPTIONS} />
        <button type="submit">Watch</button>
      </form>
    </>
  );
}

function inputOf(form: Form): service.WatchInput {
  const search = Object.fromEntries(SEARCH_FIELDS.map((k) => [k, one(form[`search.${k}`])]).filter(([, v]) => v));
  const isSearch = Object.keys(form).some((k) => k.startsWith('search.'));
  return {
    change: one(form.change) || undefined,
    committee: one(form.committee) || undefined,
    search: isSearch ? search : undefined,
    delivery: one(form.delivery) || undefined,
  };
}

export function registerNotificationPages(app: HttpServer, ctx: ServiceContext): void {
  const csrfCheck = { preValidation: app.csrfProtection };

  const confirmPage = (reply: FastifyReply, status: number, proposal: Proposed, failed?: { errors: FormErrors; message: string }) =>
    html(reply, status, renderPage({ title: `Watch ${proposal.what}`, children: <ConfirmPage proposal={proposal} csrf={reply.generateCsrf()} {...failed} /> }));

  app.get(WATCH_NEW_PATH, { config: { permission: 'watches.own' }, schema: { querystring: FormBody } }, async (request, reply) => {
    const proposal = proposed(request.query);
    if (!proposal) return reply.redirect('/account#h-watches', 303);
    return confirmPage(reply, 200, proposal);
  });

  app.post('/watches', { ...csrfCheck, config: { permission: 'watches.own' }, schema: { body: FormBody } }, async (request, reply) => {
    const form: Form = request.body;
    try {
      await service.watch(ctx, actorOf(request), inputOf(form));
    } catch (error) {
      const refused = formRefusal(error, { notFoundInForm: true });
      const fields = Object.fromEntries(Object.entries(form).filter(([k]) => k !== '_csrf' && k !== 'delivery' && k !== 'back').map(([k, v]) => [k, one(v)]));
      return confirmPage(reply, refused.status, { fields, what: one(form.change) || (one(form.committee) ? `the ${one(form.committee)} committee` : 'this search') },
        { errors: refused.errors, message: refused.message });
    }
    return reply.redirect(safeNext(one(form.back) || '/account#h-watches'), 303);
  });

  app.post('/watches/:id/delete', { ...csrfCheck, config: { permission: 'watches.own' }, schema: { params: IdParams, body: FormBody } }, async (request, reply) => {
    await service.unwatch(ctx, actorOf(request), request.params.id);
    return reply.redirect(safeNext(one(request.body.back) || '/account#h-watches'), 303);
  });

  app.post('/watches/:id/delivery', { ...csrfCheck, config: { permission: 'watches.own' }, schema: { params: IdParams, body: FormBody } }, async (request, reply) => {
    await service.setDelivery(ctx, actorOf(request), request.params.id, one(request.body.delivery));
    return reply.redirect('/account#h-watches', 303);
  });

  const gone = (reply: FastifyReply) => html(reply, 404, renderPage({ title: 'Link no longer valid', children: (
    <>
      <h1>This link no longer stops anything</h1>
      <p>What it named is no longer watched (or the link was mistyped). See what you watch on <a href="/account#h-watches">your account</a>.</p>
    </>
  ) }));

  // RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" with no cookie and no CSRF token;
  // the random token in the address is the only credential. GET only asks, so a link scanner that
  // follows it ends nothing.
  app.get('/unsubscribe/:token', { config: { permission: 'session.manage' }, schema: { params: TokenParams } }, async (request, reply) => {
    const target = await service.unsubscribeTarget(ctx, request.params.token);
    if (!target) return gone(reply);
    reply.header('Cache-Control', 'no-store');
    return html(reply, 200, renderPage({ title: 'Stop these messages', children: (
      <>
        <h1>Stop these messages</h1>
        <ul>{target.reasons.map((r) => <li>{`${r}.`}</li>)}</ul>
        <form method="post" action={`/unsubscribe/${encodeURIComponent(request.params.token)}`}>
          <input type="hidden" name="List-Unsubscribe" value="One-Click" />
          <button type="submit">Stop watching</button>
        </form>
      </>
    ) }));
  });

  app.post('/unsubscribe/:token', { config: { permission: 'session.manage' }, schema: { params: TokenParams } }, async (request, reply) => {
    let ended: string[] | null;
    try {
      ended = await service.unsubscribe(ctx, request.params.token);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'NOT_FOUND') ended = null;
      else throw error;
    }
    if (!ended) return gone(reply);
    reply.header('Cache-Control', 'no-store');
    return html(reply, 200, renderPage({ title: 'Messages stopped', children: (
      <>
        <h1>Messages stopped</h1>
        {ended.length ? <ul>{ended.map((r) => <li>{`${r.replace(/^You watch/, 'You no longer watch')}.`}</li>)}</ul> : <p>Nothing was left to stop.</p>}
      </>
    ) }));
  });
}
