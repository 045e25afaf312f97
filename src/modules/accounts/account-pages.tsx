// The signed-in user's own account ('tokens.own'): who they are, what other modules show there (what
// they watch), and their API tokens, with a form to create one (its secret is shown once, on the
// page that answers the form) and a button to revoke each.
import type { FastifyReply } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { AccountPageSection } from '../manifest.js';
import type { HttpServer } from '../../platform/http/server.js';
import { Type } from 'typebox';
import { FormBody, html, one, type Form } from '../../platform/http/form.js';
import { renderPage } from '../../platform/http/layout.js';
import { CsrfField, ErrorSummary, Select, TextInput, errorsByField, type FormErrors } from '../../platform/http/forms.js';
import { STATUS_BY_CODE } from '../../platform/http/errors.js';
import { DomainError } from '../../platform/errors.js';
import type { ServiceContext } from '../context.js';
import { ROLE_LABELS, type Actor } from './accounts.js';
import { getUser, listTokens, type TokenSummary, type UserSummary } from './admin-service.js';
import { Instant } from './admin-pages.js';
import { actorOf } from './http.js';
import { createToken, revokeToken, type CreatedToken } from './service.js';


const TOKEN_LABELS: Record<string, string> = { name: 'Token name', scope: 'Scope' };
const SCOPES = [
  { value: 'read', label: 'Read: read the register through the API' },
  { value: 'write', label: 'Write: also change what your role allows' },
];

interface AccountView {
  name: string;
  email: string | null;
  role: UserSummary['role'];
  organisation: string | null;
  committees: string[];
}

function AccountPage({ me, tokens, csrf, created, form, sections }: {
  me: AccountView; tokens: TokenSummary[]; csrf: string; created?: CreatedToken; sections: ComponentChildren[];
  form?: { values: Form; errors: FormErrors; message: string };
}) {
  const errors = form?.errors ?? {};
  return (
    <>
      <h1>Your account</h1>
      <dl class="summary-list">
        <div class="row"><dt>Name</dt><dd>{me.name}</dd></div>
        <div class="row"><dt>Email</dt><dd>{me.email ?? '—'}</dd></div>
        <div class="row"><dt>Role</dt><dd>{ROLE_LABELS[me.role] ?? me.role}</dd></div>
        <div class="row"><dt>Organisation</dt><dd>{me.organisation ?? '—'}</dd></div>
        <div class="row"><dt>Committees</dt><dd>{me.committees.length ? me.committees.join(', ') : '—'}</dd></div>
      </dl>
      {created && (
        <section aria-labelledby="h-new-token" class="filters" tabIndex={-1} autoFocus>
          <h2 id="h-new-token">{`Your new token "${created.name}" (${created.scope})`}</h2>
          <p>Copy it now: it is shown only this once and cannot be shown again. Send it as <code>Authorization: Bearer …</code>.</p>
          <p><code id="new-token">{created.token}</code></p>
        </section>
      )}
      {sections}
      <section aria-labelledby="h-tokens">
        <h2 id="h-tokens">Your API tokens</h2>
        {tokens.length === 0 ? <p>You have no API tokens.</p> : (
          <table>
            <caption class="visually-hidden">Your API tokens</caption>
            <thead><tr><th scope="col">Name</th><th scope="col">Scope</th><th scope="col">Created</th><th scope="col">Last used</th>
              <th scope="col">Revoked</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
            <tbody>{tokens.map((t) => (
              <tr>
                <td>{t.name}</td><td>{t.scope}</td><td><Instant at={t.createdAt} /></td><td><Instant at={t.lastUsedAt} /></td>
                <td><Instant at={t.revokedAt} none="—" /></td>
                <td>{!t.revokedAt && (
                  <form method="post" action={`/account/tokens/${t.id}/revoke`}>
                    <CsrfField token={csrf} />
                    <button type="submit">Revoke<span class="visually-hidden">{` the token ${t.name}`}</span></button>
                  </form>
                )}</td>
              </tr>
            ))}</tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="h-create-token">
        <h2 id="h-create-token">Create an API token</h2>
        <ErrorSummary message={form?.message} errors={errors} labels={TOKEN_LABELS} />
        <form method="post" action="/account/tokens" novalidate>
          <CsrfField token={csrf} />
          <TextInput name="name" label={TOKEN_LABELS.name} value={one(form?.values.name)} errors={errors} hint="What it is for, e.g. “reporting script”." required />
          <Select name="scope" label={TOKEN_LABELS.scope} value={one(form?.values.scope) || 'read'} errors={errors} options={SCOPES} />
          <button type="submit">Create token</button>
        </form>
      </section>
    </>
  );
}

async function whoIs(ctx: ServiceContext, actor: Actor): Promise<AccountView> {
  try {
    return await getUser(ctx, actor.id);
  } catch (error) {
    // The built-in administrator (a token made on the command line) has no account page of its own.
    if (!(error instanceof DomainError) || error.code !== 'NOT_FOUND' || actor.role === 'public') throw error;
    return { name: actor.name, email: null, role: actor.role, organisation: null, committees: actor.committees ?? [] };
  }
}

export function registerOwnAccountPages(app: HttpServer, ctx: ServiceContext, sections: readonly AccountPageSection[] = []): void {
  const csrfCheck = { preValidation: app.csrfProtection };

  async function accountPage(reply: FastifyReply, actor: Actor, status = 200, extra: { created?: CreatedToken; form?: { values: Form; errors: FormErrors; message: string } } = {}) {
    const me = await whoIs(ctx, actor);
    const tokens = await listTokens(ctx, actor.id);
    const csrf = reply.generateCsrf();
    const extraSections = await Promise.all(sections.map((section) => section(ctx, actor, csrf)));
    return html(reply, status, renderPage({ title: 'Your account', children: <AccountPage me={me} tokens={tokens} csrf={csrf} sections={extraSections} {...extra} /> }));
  }

  app.get('/account', { config: { permission: 'tokens.own' } }, async (request, reply) => accountPage(reply, actorOf(request)));

  app.post('/account/tokens', { ...csrfCheck, config: { permission: 'tokens.own' }, schema: { body: FormBody } }, async (request, reply) => {
    const actor = actorOf(request);
    const form: Form = request.body;
    try {
      const created = await createToken(ctx, { name: one(form.name), scope: one(form.scope) || 'read', accountId: actor.id });
      // The secret is on this answer only: nothing may keep a copy.
      reply.header('Cache-Control', 'no-store');
      return accountPage(reply, actor, 200, { created });
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'VALIDATION_FAILED') throw error;
      return accountPage(reply, actor, STATUS_BY_CODE[error.code], { form: { values: form, errors: errorsByField(error.details.fields), message: 'Check the fields marked below.' } });
    }
  });

  app.post('/account/tokens/:id/revoke', { ...csrfCheck, config: { permission: 'tokens.own' }, schema: { params: Type.Object({ id: Type.String({ maxLength: 100 }) }), body: FormBody } }, async (request, reply) => {
    await revokeToken(ctx, actorOf(request), request.params.id);
    return reply.redirect('/account', 303);
  });
}
