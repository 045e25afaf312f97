// Sign-in and sign-out pages (the header's "signed in as" corner is page-header.tsx).
import type { FastifyReply } from 'fastify';
import type { HttpServer } from '../../platform/http/server.js';
import { FormBody, one, type Form } from '../../platform/http/form.js';
import { renderPage } from '../../platform/http/layout.js';
import { CsrfField, ErrorSummary, TextInput, errorsByField } from '../../platform/http/forms.js';
import { STATUS_BY_CODE } from '../../platform/http/errors.js';
import { DomainError } from '../../platform/errors.js';
import type { ServiceContext } from '../context.js';
import { SESSION_COOKIE, safeNext } from './http.js';
import { SESSION_POLICY, signIn, signOut } from './sessions.js';


function LoginForm({ csrf, next, email, errors, message, sso }: { csrf: string; next: string; email: string; errors: Record<string, string>; message?: string; sso?: string }) {
  return (
    <>
      <h1>Sign in</h1>
      <ErrorSummary message={message} errors={errors} />
      <form method="post" action="/login" novalidate class="narrow">
        <CsrfField token={csrf} />
        <input type="hidden" name="next" value={next} />
        <TextInput name="email" label="Email" type="email" value={email} errors={errors} required />
        <TextInput name="password" label="Password" type="password" value="" errors={errors} required />
        <button type="submit">Sign in</button>
      </form>
      <p><a href="/password/forgot">Forgot your password?</a></p>
      {sso ? <p class="sso"><a href={`/login/oidc?next=${encodeURIComponent(next)}`}>{`Sign in with ${sso}`}</a></p> : null}
    </>
  );
}

/** Hands the browser a new session, the same way for every sign-in (password or single sign-on). */
export function setSessionCookie(reply: FastifyReply, sessionToken: string, secureCookies: boolean): void {
  reply.setCookie(SESSION_COOKIE, sessionToken, {
    path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookies, maxAge: SESSION_POLICY.absoluteHours * 3600,
  });
  // A fresh CSRF secret with the fresh session: nothing from before sign-in carries over.
  reply.clearCookie('_csrf_secret', { path: '/' });
}

export function registerAccountPages(app: HttpServer, ctx: ServiceContext, options: { secureCookies: boolean; sso?: { displayName: string } }): void {
  const page = (reply: FastifyReply, status: number, props: Omit<Parameters<typeof LoginForm>[0], 'csrf' | 'sso'>) =>
    reply.code(status).type('text/html; charset=utf-8')
      .send(renderPage({ title: 'Sign in', children: <LoginForm csrf={reply.generateCsrf()} sso={options.sso?.displayName} {...props} /> }));

  app.get('/login', { config: { permission: 'session.manage' }, schema: { querystring: FormBody } }, async (request, reply) => page(reply, 200, { next: safeNext(request.query.next), email: '', errors: {} }));

  app.post('/login', { config: { permission: 'session.manage' }, preValidation: app.csrfProtection, schema: { body: FormBody } }, async (request, reply) => {
    const form: Form = request.body;
    const next = safeNext(one(form.next));
    try {
      const session = await signIn(ctx, { email: one(form.email), password: one(form.password), ip: request.ip });
      setSessionCookie(reply, session.sessionToken, options.secureCookies);
      return reply.redirect(next, 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const retry = error.details.retryAfterSeconds;
      if (typeof retry === 'number') reply.header('Retry-After', String(retry));
      return page(reply, STATUS_BY_CODE[error.code], { next, email: one(form.email), errors: errorsByField(error.details.fields), message: error.message });
    }
  });

  app.post('/logout', { config: { permission: 'session.manage' }, preValidation: app.csrfProtection }, async (request, reply) => {
    await signOut(ctx, request.cookies[SESSION_COOKIE] ?? '', request.ip);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/', 303);
  });
}
