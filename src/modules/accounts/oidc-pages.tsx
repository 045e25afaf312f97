// Single sign-on routes, registered only when OIDC_* is configured: /login/oidc sends the browser to
// the provider, /login/oidc/callback takes its answer and signs the account in (or says why not).
import type { FastifyReply } from 'fastify';
import type { OidcConfig } from '../../config.js';
import type { HttpServer } from '../../platform/http/server.js';
import { FormBody } from '../../platform/http/form.js';
import { renderPage } from '../../platform/http/layout.js';
import { STATUS_BY_CODE } from '../../platform/http/errors.js';
import { DomainError } from '../../platform/errors.js';
import type { ServiceContext } from '../context.js';
import { safeNext } from './http.js';
import { OIDC_CALLBACK_PATH, OIDC_POLICY, createOidcClient, finishOidcLogin, startOidcLogin } from './oidc.js';
import { setSessionCookie } from './pages.js';

/** Ties a flow to the browser that started it: holds its state until the provider answers. */
export const OIDC_STATE_COOKIE = 'sec_oidc';
// Like the session cookie, on the whole site: it then also reaches the callback behind a proxy that adds a path prefix.
const COOKIE_PATH = '/';

function Refusal({ title, message }: { title: string; message: string }) {
  return (
    <section class="error-page">
      <h1>{title}</h1>
      <p>{message}</p>
      <p><a href="/login">Back to sign in</a></p>
    </section>
  );
}

export function registerOidcPages(app: HttpServer, ctx: ServiceContext, options: { settings: OidcConfig; secureCookies: boolean }): void {
  const oidc = createOidcClient(options.settings);
  // Read at each request: the public base URL may be settled after the routes are registered.
  const redirectUri = () => `${ctx.publicBaseUrl}${OIDC_CALLBACK_PATH}`;
  const refusal = (reply: FastifyReply, status: number, title: string, message: string) =>
    reply.code(status).type('text/html; charset=utf-8').send(renderPage({ title, children: <Refusal title={title} message={message} /> }));

  app.get('/login/oidc', { config: { permission: 'session.manage' }, schema: { querystring: FormBody } }, async (request, reply) => {
    const next = safeNext(request.query.next);
    let started: { url: string; state: string };
    try {
      started = await startOidcLogin(ctx, oidc, { next, redirectUri: redirectUri() });
    } catch (error) {
      if (error instanceof DomainError) throw error;
      request.log.warn({ err: error }, 'single sign-on provider unreachable');
      return refusal(reply, 502, 'Single sign-on unavailable',
        `${options.settings.displayName} cannot be reached just now. Try again later, or sign in with your email and password.`);
    }
    reply.setCookie(OIDC_STATE_COOKIE, started.state, {
      path: COOKIE_PATH, httpOnly: true, sameSite: 'lax', secure: options.secureCookies, maxAge: OIDC_POLICY.flowMinutes * 60,
    });
    return reply.redirect(started.url, 303);
  });

  // No HEAD twin: a HEAD request must not use up a sign-in's single-use state.
  app.get(OIDC_CALLBACK_PATH, { exposeHeadRoute: false, config: { permission: 'session.manage' } }, async (request, reply) => {
    const query = request.url.indexOf('?');
    const params = new URLSearchParams(query === -1 ? '' : request.url.slice(query + 1));
    try {
      const session = await finishOidcLogin(ctx, oidc, {
        params, redirectUri: redirectUri(), browserState: request.cookies[OIDC_STATE_COOKIE], ip: request.ip,
      });
      reply.clearCookie(OIDC_STATE_COOKIE, { path: COOKIE_PATH });
      setSessionCookie(reply, session.sessionToken, options.secureCookies);
      return reply.redirect(safeNext(session.next), 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.details.flowEnded) reply.clearCookie(OIDC_STATE_COOKIE, { path: COOKIE_PATH });
      return refusal(reply, STATUS_BY_CODE[error.code], 'Not signed in', error.message);
    }
  });
}
