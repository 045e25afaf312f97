// "Forgot your password?" and the page an emailed link opens to choose a new password (also the
// page an invitation opens). Every form carries a CSRF token; the answer to a reset request is the
// same whether or not the account exists.
import type { FastifyReply } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { HttpServer } from '../../platform/http/server.js';
import { FormBody, one, type Form } from '../../platform/http/form.js';
import { renderPage } from '../../platform/http/layout.js';
import { CsrfField, ErrorSummary, TextInput, errorsByField, type FormErrors } from '../../platform/http/forms.js';
import { STATUS_BY_CODE } from '../../platform/http/errors.js';
import { DomainError } from '../../platform/errors.js';
import type { ServiceContext } from '../context.js';
import { MIN_PASSWORD_LENGTH } from './service.js';
import { LinkError, RESET_POLICY, checkLink, completePasswordReset, requestPasswordReset, type LinkPurpose } from './password-reset.js';


function send(reply: FastifyReply, status: number, title: string, children: ComponentChildren) {
  // Pages that carry a link's token are never cached.
  return reply.code(status).header('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(renderPage({ title, children }));
}

function ForgotForm({ csrf, email, errors, message }: { csrf: string; email: string; errors: FormErrors; message?: string }) {
  return (
    <>
      <h1>Reset your password</h1>
      <ErrorSummary message={message} errors={errors} labels={{ email: 'Email' }} />
      <p>Enter the email address you sign in with. We will send a link to choose a new password; it works once, for {RESET_POLICY.resetMinutes} minutes.</p>
      <form method="post" action="/password/forgot" novalidate class="narrow">
        <CsrfField token={csrf} />
        <TextInput name="email" label="Email" type="email" value={email} errors={errors} required />
        <button type="submit">Send the link</button>
      </form>
      <p><a href="/login">Back to sign in</a></p>
    </>
  );
}

function ResetForm({ csrf, token, purpose, email, errors, message }: {
  csrf: string; token: string; purpose: LinkPurpose; email: string; errors: FormErrors; message?: string;
}) {
  return (
    <>
      <h1>{purpose === 'invite' ? 'Choose your password' : 'Choose a new password'}</h1>
      <ErrorSummary message={message} errors={errors} labels={{ password: 'New password', confirm: 'New password again' }} />
      <p>{`For the account ${email}.`}{purpose === 'reset' ? ' Once it is changed, every session of the account is signed out.' : ''}</p>
      <form method="post" action="/password/reset" novalidate class="narrow">
        <CsrfField token={csrf} />
        <input type="hidden" name="token" value={token} />
        <TextInput name="password" label="New password" type="password" value="" errors={errors} required
          hint={`At least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words make a strong one.`} />
        <TextInput name="confirm" label="New password again" type="password" value="" errors={errors} required />
        <button type="submit">{purpose === 'invite' ? 'Set my password' : 'Change my password'}</button>
      </form>
    </>
  );
}

function linkProblemPage(reply: FastifyReply, error: LinkError) {
  return send(reply, error.problem === 'unknown' ? 404 : 410, 'This link cannot be used', (
    <section class="error-page">
      <h1>This link cannot be used</h1>
      <p>{error.message}</p>
      <p>Nothing has been changed.</p>
      <p><a href="/password/forgot">Ask for a new link</a></p>
    </section>
  ));
}

export function registerPasswordPages(app: HttpServer, ctx: ServiceContext): void {
  const forgot = (reply: FastifyReply, status: number, props: Omit<Parameters<typeof ForgotForm>[0], 'csrf'>) =>
    send(reply, status, 'Reset your password', <ForgotForm csrf={reply.generateCsrf()} {...props} />);

  app.get('/password/forgot', { config: { permission: 'session.manage' } }, async (_request, reply) => forgot(reply, 200, { email: '', errors: {} }));

  app.post('/password/forgot', { config: { permission: 'session.manage' }, preValidation: app.csrfProtection, schema: { body: FormBody } }, async (request, reply) => {
    const form: Form = request.body;
    const email = one(form.email);
    try {
      await requestPasswordReset(ctx, { email, ip: request.ip });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const retry = error.details.retryAfterSeconds;
      if (typeof retry === 'number') reply.header('Retry-After', String(retry));
      const fields = errorsByField(error.details.fields);
      return forgot(reply, STATUS_BY_CODE[error.code], { email, errors: fields, message: Object.keys(fields).length ? undefined : error.message });
    }
    // The same answer whether or not an account has this email.
    return send(reply, 200, 'Check your email', (
      <>
        <h1>Check your email</h1>
        <p>{`If an account exists for ${email.trim()}, we have sent a link to choose a new password. It works once, for ${RESET_POLICY.resetMinutes} minutes.`}</p>
        <p>No mail after a few minutes? Check your spam folder, or check the address and ask again.</p>
        <p><a href="/login">Back to sign in</a></p>
      </>
    ));
  });

  app.get('/password/reset', { config: { permission: 'session.manage' }, schema: { querystring: FormBody } }, async (request, reply) => {
    const token = one(request.query.token);
    try {
      const link = await checkLink(ctx, token);
      return send(reply, 200, 'Choose a new password',
        <ResetForm csrf={reply.generateCsrf()} token={token} purpose={link.purpose} email={link.email} errors={{}} />);
    } catch (error) {
      if (error instanceof LinkError) return linkProblemPage(reply, error);
      throw error;
    }
  });

  app.post('/password/reset', { config: { permission: 'session.manage' }, preValidation: app.csrfProtection, schema: { body: FormBody } }, async (request, reply) => {
    const form: Form = request.body;
    const token = one(form.token);
    try {
      const done = await completePasswordReset(ctx, { token, password: one(form.password), confirm: one(form.confirm), ip: request.ip });
      return send(reply, 200, 'Password changed', (
        <>
          <h1>{done.purpose === 'invite' ? 'Your password is set' : 'Your password has been changed'}</h1>
          <p>{`You can now sign in as ${done.email} with your new password.`}{done.sessionsEnded ? ' Every earlier session of the account has been signed out.' : ''}</p>
          <p><a href="/login">Sign in</a></p>
        </>
      ));
    } catch (error) {
      if (error instanceof LinkError) return linkProblemPage(reply, error);
      if (!(error instanceof DomainError)) throw error;
      const link = await checkLink(ctx, token).catch(() => undefined);
      if (!link) throw error;
      return send(reply, STATUS_BY_CODE[error.code], 'Choose a new password', (
        <ResetForm csrf={reply.generateCsrf()} token={token} purpose={link.purpose} email={link.email} errors={errorsByField(error.details.fields)} />
      ));
    }
  });
}
