// Administration pages (administrators only, 'users.manage'): users with their role, organisation
// and committees, adding, changing, disabling and enabling them; organisations with their party
// category; and the audit log. Every form carries a CSRF token and comes back with field-level
// messages and the values typed.
import { formatDateTime } from '../../process/dates.js';
import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { renderPage } from '../../platform/http/layout.js';
import { CsrfField, ErrorSummary, Select, TextInput, fieldMessage, type FormErrors } from '../../platform/http/forms.js';
import { FormBody, formRefusal, html, many, one, type Form } from '../../platform/http/form.js';
import { DomainError } from '../../platform/errors.js';
import type { Organisation } from '../directory/repository.js';
import type { ServiceContext } from '../context.js';
import { ROLES, ROLE_LABELS, type Role } from './accounts.js';
import * as admin from './admin-service.js';
import { formActor } from './http.js';
import { RESET_POLICY, inviteUser } from './password-reset.js';
import { addUser } from './service.js';
import { executor } from '../context.js';
import { listOutbox, type OutboxListing } from '../mail/outbox.js';

const refusal = (error: unknown) => formRefusal(error);
const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

/** An instant as "1 June 2026, 10:00" (Europe/London). */
export function Instant({ at, none = 'Never' }: { at: string | null; none?: string }) {
  return at ? <time dateTime={at}>{formatDateTime(at)}</time> : <>{none}</>;
}

const ADMIN_SECTIONS = [
  { href: '/admin/users', label: 'Users', id: 'users' },
  { href: '/admin/organisations', label: 'Organisations', id: 'organisations' },
  { href: '/admin/audit', label: 'Audit log', id: 'audit' },
  { href: '/admin/outbox', label: 'Outbox', id: 'outbox' },
  { href: '/admin/subscribers', label: 'Subscribers', id: 'subscribers' },
  { href: '/admin/webhooks', label: 'Webhooks', id: 'webhooks' },
] as const;

export function AdminNav({ current }: { current: (typeof ADMIN_SECTIONS)[number]['id'] }) {
  return (
    <nav aria-label="Administration" class="pagination">
      {ADMIN_SECTIONS.map((s) => <a href={s.href} aria-current={s.id === current ? 'page' : undefined}>{s.label}</a>)}
    </nav>
  );
}

const STATUS_LABELS: Record<string, string> = { active: 'Active', disabled: 'Disabled' };

const USER_LABELS: Record<string, string> = {
  email: 'Email', name: 'Name', role: 'Role', organisation: 'Organisation', committee: 'Committees',
  access: 'How they get a password', password: 'Initial password (optional)', status: 'Status',
};

const ACCESS = [
  { value: 'invite', label: `Email them an invitation to choose their own password (the link works for ${RESET_POLICY.inviteDays} days)` },
  { value: 'password', label: 'Set an initial password now, and pass it to them yourself' },
] as const;

function AccessChoice({ value, errors }: { value: string; errors: FormErrors }) {
  const error = errors.access;
  const boxId = (i: number, v: string) => (i === 0 ? 'f-access' : `f-access-${v}`);
  return (
    <fieldset class={error ? 'field field-error' : 'field'} aria-describedby={error ? 'f-access-error' : undefined}>
      <legend>{USER_LABELS.access}</legend>
      {error && <p class="error-message" id="f-access-error"><span class="visually-hidden">Error: </span>{fieldMessage(USER_LABELS.access, error)}</p>}
      {ACCESS.map((a, i) => (
        <div class="check">
          <input type="radio" id={boxId(i, a.value)} name="access" value={a.value} checked={(value || 'invite') === a.value} />
          <label for={boxId(i, a.value)}>{a.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

// Users -----------------------------------------------------------------------------------------

function UsersPage({ users }: { users: admin.UserSummary[] }) {
  return (
    <>
      <AdminNav current="users" />
      <h1>Users</h1>
      <p><a class="button" href="/admin/users/new">Add a user</a></p>
      <table>
        <caption class="visually-hidden">Users, their roles and when they last signed in</caption>
        <thead><tr>
          <th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Organisation</th>
          <th scope="col">Committees</th><th scope="col">Status</th><th scope="col">Last sign-in</th>
        </tr></thead>
        <tbody>{users.map((u) => (
          <tr>
            <td><a href={`/admin/users/${u.id}`}>{u.name}</a></td>
            <td>{u.email ?? ''}</td>
            <td>{ROLE_LABELS[u.role] ?? u.role}</td>
            <td>{u.organisation ?? '—'}</td>
            <td>{u.committees.length ? u.committees.join(', ') : '—'}</td>
            <td>{STATUS_LABELS[u.status] ?? u.status}</td>
            <td><Instant at={u.lastSignInAt} /></td>
          </tr>
        ))}</tbody>
      </table>
    </>
  );
}

function CommitteeBoxes({ ctx, chosen, errors }: { ctx: ServiceContext; chosen: string[]; errors: FormErrors }) {
  const error = errors.committee;
  // The first box carries the field's id, so the error summary's link lands on it.
  const boxId = (i: number, code: string) => (i === 0 ? 'f-committee' : `f-committee-${code}`);
  return (
    <fieldset class={error ? 'field field-error' : 'field'} aria-describedby={error ? 'f-committee-error' : 'f-committee-hint'}>
      <legend>{USER_LABELS.committee}</legend>
      <p class="hint" id="f-committee-hint">A committee member needs at least one.</p>
      {error && <p class="error-message" id="f-committee-error"><span class="visually-hidden">Error: </span>{fieldMessage('Committees', error)}</p>}
      {ctx.profile.committees.map((c, i) => (
        <div class="check">
          <input type="checkbox" id={boxId(i, c.code)} name="committee" value={c.code} checked={chosen.includes(c.code)} />
          <label for={boxId(i, c.code)}>{`${c.name} (${c.shortName})`}</label>
        </div>
      ))}
    </fieldset>
  );
}

function RoleFields({ ctx, organisations, values, errors }: { ctx: ServiceContext; organisations: Organisation[]; values: Form; errors: FormErrors }) {
  return (
    <>
      <Select name="role" label={USER_LABELS.role} value={one(values.role)} errors={errors}
        options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
      <Select name="organisation" label={USER_LABELS.organisation} value={one(values.organisation)} errors={errors}
        hint="A Party user acts for their organisation." blank="None" options={organisations.map((o) => ({ value: o.id, label: o.name }))} />
      <CommitteeBoxes ctx={ctx} chosen={many(values.committee)} errors={errors} />
    </>
  );
}

function AddUserPage({ ctx, organisations, csrf, values, errors, message }: {
  ctx: ServiceContext; organisations: Organisation[]; csrf: string; values: Form; errors: FormErrors; message?: string;
}) {
  return (
    <>
      <AdminNav current="users" />
      <h1>Add a user</h1>
      <ErrorSummary message={message} errors={errors} labels={USER_LABELS} />
      <form method="post" action="/admin/users" novalidate class="narrow">
        <CsrfField token={csrf} />
        <TextInput name="email" label={USER_LABELS.email} type="email" value={one(values.email)} errors={errors} required />
        <TextInput name="name" label={USER_LABELS.name} value={one(values.name)} errors={errors} required />
        <RoleFields ctx={ctx} organisations={organisations} values={values} errors={errors} />
        <AccessChoice value={one(values.access)} errors={errors} />
        <TextInput name="password" label={USER_LABELS.password} type="password" value="" errors={errors}
          hint="Only when setting a password now. At least 12 characters; leave it empty to have one generated: it is shown once, on the next page." />
        <button type="submit">Add user</button>
      </form>
    </>
  );
}

function UserAddedPage({ user, password }: { user: { id: string; email: string; role: Role }; password: string }) {
  return (
    <>
      <AdminNav current="users" />
      <h1>User added</h1>
      <p role="status">{`${user.email} can now sign in as ${ROLE_LABELS[user.role]}.`}</p>
      <h2>Their initial password</h2>
      <p>It is shown only this once: pass it to them safely.</p>
      <p><code id="initial-password">{password}</code></p>
      <p><a href={`/admin/users/${user.id}`}>See the user</a> · <a href="/admin/users">Back to users</a></p>
    </>
  );
}

function UserPage({ ctx, user, organisations, csrf, form, saved }: {
  ctx: ServiceContext; user: admin.UserSummary; organisations: Organisation[]; csrf: string; saved?: string;
  form?: { name: 'change' | 'status'; values: Form; errors: FormErrors; message: string };
}) {
  const values: Form = form?.name === 'change' ? form.values
    : { role: user.role, organisation: user.organisationId ?? '', committee: user.committees };
  const errors = form?.name === 'change' ? form.errors : {};
  return (
    <>
      <AdminNav current="users" />
      <h1>{user.name}</h1>
      {saved && <p role="status"><strong>{saved === 'status' ? `The account is now ${STATUS_LABELS[user.status].toLowerCase()}.`
        : saved === 'added' ? 'User added.'
          : saved === 'invited' ? `User added and invited: an email with a link to choose a password is on its way to ${user.email ?? ''}.`
            : 'Changes saved.'}</strong></p>}
      <dl class="summary-list">
        <div class="row"><dt>Email</dt><dd>{user.email ?? ''}</dd></div>
        <div class="row"><dt>Role</dt><dd>{ROLE_LABELS[user.role] ?? user.role}</dd></div>
        <div class="row"><dt>Organisation</dt><dd>{user.organisation ?? '—'}</dd></div>
        <div class="row"><dt>Committees</dt><dd>{user.committees.length ? user.committees.join(', ') : '—'}</dd></div>
        <div class="row"><dt>Status</dt><dd>{STATUS_LABELS[user.status] ?? user.status}</dd></div>
        <div class="row"><dt>Password</dt><dd>{user.hasPassword ? 'Set' : 'Not set yet (invited, or signs in another way)'}</dd></div>
        <div class="row"><dt>Added</dt><dd><Instant at={user.createdAt} /></dd></div>
        <div class="row"><dt>Last sign-in</dt><dd><Instant at={user.lastSignInAt} /></dd></div>
      </dl>
      <section aria-labelledby="h-change">
        <h2 id="h-change">Change role, organisation and committees</h2>
        <ErrorSummary message={form?.name === 'change' ? form.message : undefined} errors={errors} labels={USER_LABELS} />
        <form method="post" action={`/admin/users/${user.id}`} novalidate>
          <CsrfField token={csrf} />
          <RoleFields ctx={ctx} organisations={organisations} values={values} errors={errors} />
          <button type="submit">Save changes</button>
        </form>
      </section>
      <section aria-labelledby="h-status">
        <h2 id="h-status">{user.status === 'active' ? 'Disable the account' : 'Enable the account'}</h2>
        <ErrorSummary message={form?.name === 'status' ? form.message : undefined} errors={{}} />
        <p class="hint">{user.status === 'active'
          ? 'Disabling ends their sessions at once; they cannot sign in and their API tokens stop working until the account is enabled again.'
          : 'Enabling lets them sign in again; their API tokens that were not revoked work again.'}</p>
        <form method="post" action={`/admin/users/${user.id}/status`}>
          <CsrfField token={csrf} />
          <input type="hidden" name="status" value={user.status === 'active' ? 'disabled' : 'active'} />
          <button type="submit">{user.status === 'active' ? 'Disable account' : 'Enable account'}</button>
        </form>
      </section>
    </>
  );
}

// Organisations ---------------------------------------------------------------------------------

const ORG_LABELS: Record<string, string> = { name: 'Name', partyCategory: 'Party category' };

function OrganisationFields({ ctx, values, errors }: { ctx: ServiceContext; values: Form; errors: FormErrors }) {
  return (
    <>
      <TextInput name="name" label={ORG_LABELS.name} value={one(values.name)} errors={errors} required />
      <Select name="partyCategory" label={ORG_LABELS.partyCategory} value={one(values.partyCategory)} errors={errors}
        blank="None (not an SEC Party)" options={ctx.profile.partyCategories.map((c) => ({ value: c.id, label: c.label }))} />
    </>
  );
}

const categoryLabel = (ctx: ServiceContext, id: string | null) => (id ? ctx.profile.partyCategories.find((c) => c.id === id)?.label ?? id : '—');

function OrganisationsPage({ ctx, organisations, csrf, form }: {
  ctx: ServiceContext; organisations: Organisation[]; csrf: string; form?: { values: Form; errors: FormErrors; message: string };
}) {
  return (
    <>
      <AdminNav current="organisations" />
      <h1>Organisations</h1>
      {organisations.length === 0 ? <p>No organisations yet.</p> : (
        <table>
          <caption class="visually-hidden">Organisations and their party category</caption>
          <thead><tr><th scope="col">Name</th><th scope="col">Party category</th></tr></thead>
          <tbody>{organisations.map((o) => (
            <tr><td><a href={`/admin/organisations/${o.id}`}>{o.name}</a></td><td>{categoryLabel(ctx, o.partyCategory)}</td></tr>
          ))}</tbody>
        </table>
      )}
      <section aria-labelledby="h-add-organisation">
        <h2 id="h-add-organisation">Add an organisation</h2>
        <ErrorSummary message={form?.message} errors={form?.errors ?? {}} labels={ORG_LABELS} />
        <form method="post" action="/admin/organisations" novalidate>
          <CsrfField token={csrf} />
          <OrganisationFields ctx={ctx} values={form?.values ?? {}} errors={form?.errors ?? {}} />
          <button type="submit">Add organisation</button>
        </form>
      </section>
    </>
  );
}

function OrganisationPage({ ctx, organisation, csrf, form }: {
  ctx: ServiceContext; organisation: Organisation; csrf: string; form?: { values: Form; errors: FormErrors; message: string };
}) {
  const values: Form = form?.values ?? { name: organisation.name, partyCategory: organisation.partyCategory ?? '' };
  return (
    <>
      <AdminNav current="organisations" />
      <h1>{organisation.name}</h1>
      <ErrorSummary message={form?.message} errors={form?.errors ?? {}} labels={ORG_LABELS} />
      <form method="post" action={`/admin/organisations/${organisation.id}`} novalidate>
        <CsrfField token={csrf} />
        <OrganisationFields ctx={ctx} values={values} errors={form?.errors ?? {}} />
        <button type="submit">Save changes</button>
      </form>
      <p><a href="/admin/organisations">Back to organisations</a></p>
    </>
  );
}

// The audit log ---------------------------------------------------------------------------------

const who = (p: { name: string; email: string | null } | null) => (p ? (p.email ? `${p.name} <${p.email}>` : p.name) : '—');

function auditHref(q: { kind: string; email: string }, offset: number): string {
  const params = new URLSearchParams();
  if (q.kind) params.set('kind', q.kind);
  if (q.email) params.set('email', q.email);
  if (offset > 0) params.set('offset', String(offset));
  const s = params.toString();
  return s ? `/admin/audit?${s}` : '/admin/audit';
}

function AuditPage({ data, query, errors, message }: {
  data: admin.AuditPage | null; query: { kind: string; email: string }; errors: FormErrors; message?: string;
}) {
  const kinds = [...new Set([...(data?.kinds ?? []), ...(query.kind ? [query.kind] : [])])].sort();
  const first = data ? data.offset + 1 : 0;
  const last = data ? data.offset + data.items.length : 0;
  return (
    <>
      <AdminNav current="audit" />
      <h1>Audit log</h1>
      <ErrorSummary message={message} errors={errors} labels={{ kind: 'Kind', email: 'User email', offset: 'Page' }} />
      <form method="get" action="/admin/audit" class="filters" role="search" aria-label="Filter the audit log">
        <div class="filter-grid">
          <Select name="kind" label="Kind" value={query.kind} errors={errors} blank="Any kind" options={kinds.map((k) => ({ value: k, label: k }))} />
          <TextInput name="email" label="User email" type="email" value={query.email} errors={errors} hint="Entries about this user or done by them." />
        </div>
        <button type="submit">Filter</button>
      </form>
      {data && (
        <>
          <p class="count" role="status">{data.total === 0 ? 'No entries match.' : `Showing ${first}–${last} of ${data.total} entries, newest first`}</p>
          {data.items.length > 0 && (
            <table>
              <caption class="visually-hidden">Audit log entries, newest first</caption>
              <thead><tr><th scope="col">When</th><th scope="col">Kind</th><th scope="col">Account</th><th scope="col">By</th>
                <th scope="col">Detail</th><th scope="col">Address</th></tr></thead>
              <tbody>{data.items.map((e) => (
                <tr><td><Instant at={e.at} /></td><td>{e.kind}</td><td>{who(e.account)}</td><td>{who(e.actor)}</td><td>{e.detail}</td><td>{e.ip}</td></tr>
              ))}</tbody>
            </table>
          )}
          <nav class="pagination" aria-label="Pages">
            {data.offset > 0 && <a rel="prev" href={auditHref(query, Math.max(0, data.offset - data.limit))}>Newer entries</a>}
            {last < data.total && <a rel="next" href={auditHref(query, data.offset + data.limit)}>Older entries</a>}
          </nav>
        </>
      )}
    </>
  );
}

// Routes ----------------------------------------------------------------------------------------

export function registerAdminPages(app: HttpServer, ctx: ServiceContext): void {
  const csrfCheck = { preValidation: app.csrfProtection };
  const usersCrumbs = [{ href: '/admin/users', label: 'Users' }];
  const orgCrumbs = [{ href: '/admin/organisations', label: 'Organisations' }];

  app.get('/admin/users', { config: { permission: 'users.manage' } }, async (_request, reply) => {
    const users = await admin.listUsers(ctx);
    return html(reply, 200, renderPage({ title: 'Users', children: <UsersPage users={users} /> }));
  });

  async function addUserPage(reply: FastifyReply, status: number, values: Form, errors: FormErrors = {}, message?: string) {
    const organisations = await admin.listAllOrganisations(ctx);
    return html(reply, status, renderPage({ title: 'Add a user', crumbs: usersCrumbs,
      children: <AddUserPage ctx={ctx} organisations={organisations} csrf={reply.generateCsrf()} values={values} errors={errors} message={message} /> }));
  }

  app.get('/admin/users/new', { config: { permission: 'users.manage' } }, async (_request, reply) => addUserPage(reply, 200, { role: 'analyst', access: 'invite' }));

  app.post('/admin/users', { ...csrfCheck, config: { permission: 'users.manage' }, schema: { body: FormBody } }, async (request, reply) => {
    const form: Form = request.body;
    const access = one(form.access) || 'invite';
    const typed = one(form.password);
    const password = typed || randomBytes(12).toString('base64url');
    const input = {
      email: one(form.email), name: one(form.name), role: one(form.role), organisation: one(form.organisation), committee: many(form.committee),
    };
    try {
      if (!ACCESS.some((a) => a.value === access)) {
        throw new DomainError('VALIDATION_FAILED', 'access: must be invite or password.', { fields: [{ field: 'access', message: 'must be invite or password.' }] });
      }
      if (access === 'invite') {
        const invited = await inviteUser(ctx, formActor(request), input);
        return reply.redirect(`/admin/users/${invited.id}?saved=invited`, 303);
      }
      const added = await addUser(ctx, formActor(request), { ...input, password });
      if (typed) return reply.redirect(`/admin/users/${added.id}?saved=added`, 303);
      reply.header('Cache-Control', 'no-store');
      return html(reply, 200, renderPage({ title: 'User added', crumbs: usersCrumbs, children: <UserAddedPage user={added} password={password} /> }));
    } catch (error) {
      const r = refusal(error);
      // A password typed is never sent back.
      return addUserPage(reply, r.status, { ...form, password: undefined }, r.errors, r.message);
    }
  });

  async function userPage(reply: FastifyReply, id: string, status = 200, form?: Parameters<typeof UserPage>[0]['form'], saved?: string) {
    const user = await admin.getUser(ctx, id);
    const organisations = await admin.listAllOrganisations(ctx);
    return html(reply, status, renderPage({ title: user.name, crumbs: usersCrumbs,
      children: <UserPage ctx={ctx} user={user} organisations={organisations} csrf={reply.generateCsrf()} form={form} saved={saved} /> }));
  }

  app.get('/admin/users/:id', { config: { permission: 'users.manage' }, schema: { params: IdParams, querystring: FormBody } }, async (request, reply) => {
    const saved = one(request.query.saved);
    return userPage(reply, request.params.id, 200, undefined, ['added', 'invited', 'changes', 'status'].includes(saved) ? saved : undefined);
  });

  app.post('/admin/users/:id', { ...csrfCheck, config: { permission: 'users.manage' }, schema: { params: IdParams, body: FormBody } }, async (request, reply) => {
    const id = request.params.id;
    const form: Form = request.body;
    try {
      await admin.changeUser(ctx, formActor(request), id, { role: one(form.role), organisation: one(form.organisation), committee: many(form.committee) });
      return reply.redirect(`/admin/users/${id}?saved=changes`, 303);
    } catch (error) {
      const r = refusal(error);
      return userPage(reply, id, r.status, { name: 'change', values: form, errors: r.errors, message: r.message });
    }
  });

  app.post('/admin/users/:id/status', { ...csrfCheck, config: { permission: 'users.manage' }, schema: { params: IdParams, body: FormBody } }, async (request, reply) => {
    const id = request.params.id;
    const form: Form = request.body;
    try {
      await admin.setUserStatus(ctx, formActor(request), id, one(form.status));
      return reply.redirect(`/admin/users/${id}?saved=status`, 303);
    } catch (error) {
      const r = refusal(error);
      const fields = Object.values(r.errors);
      return userPage(reply, id, r.status, { name: 'status', values: form, errors: {}, message: fields.length ? `${r.message} ${fields.join(' ')}` : r.message });
    }
  });

  async function organisationsPage(reply: FastifyReply, status = 200, form?: { values: Form; errors: FormErrors; message: string }) {
    const organisations = await admin.listAllOrganisations(ctx);
    return html(reply, status, renderPage({ title: 'Organisations',
      children: <OrganisationsPage ctx={ctx} organisations={organisations} csrf={reply.generateCsrf()} form={form} /> }));
  }

  app.get('/admin/organisations', { config: { permission: 'users.manage' } }, async (_request, reply) => organisationsPage(reply));

  app.post('/admin/organisations', { ...csrfCheck, config: { permission: 'users.manage' }, schema: { body: FormBody } }, async (request, reply) => {
    const form: Form = request.body;
    try {
      await admin.addOrganisation(ctx, formActor(request), { name: one(form.name), partyCategory: one(form.partyCategory) });
      return reply.redirect('/admin/organisations', 303);
    } catch (error) {
      const r = refusal(error);
      return organisationsPage(reply, r.status, { values: form, errors: r.errors, message: r.message });
    }
  });

  async function organisationPage(reply: FastifyReply, id: string, status = 200, form?: { values: Form; errors: FormErrors; message: string }) {
    const organisation = await admin.getOrganisationById(ctx, id);
    return html(reply, status, renderPage({ title: organisation.name, crumbs: orgCrumbs,
      children: <OrganisationPage ctx={ctx} organisation={organisation} csrf={reply.generateCsrf()} form={form} /> }));
  }

  app.get('/admin/organisations/:id', { config: { permission: 'users.manage' }, schema: { params: IdParams, querystring: FormBody } }, async (request, reply) => organisationPage(reply, request.params.id));

  app.post('/admin/organisations/:id', { ...csrfCheck, config: { permission: 'users.manage' }, schema: { params: IdParams, body: FormBody } }, async (request, reply) => {
    const id = request.params.id;
    const form: Form = request.body;
    try {
      await admin.changeOrganisation(ctx, formActor(request), id, { name: one(form.name), partyCategory: one(form.partyCategory) });
      return reply.redirect('/admin/organisations', 303);
    } catch (error) {
      const r = refusal(error);
      return organisationPage(reply, id, r.status, { values: form, errors: r.errors, message: r.message });
    }
  });

  app.get('/admin/audit', { config: { permission: 'users.manage' }, schema: { querystring: FormBody } }, async (request, reply) => {
    const q: Form = request.query;
    const query = { kind: one(q.kind).trim(), email: one(q.email).trim() };
    try {
      const data = await admin.listAudit(ctx, { kind: query.kind, email: query.email, offset: one(q.offset) });
      return html(reply, 200, renderPage({ title: 'Audit log', children: <AuditPage data={data} query={query} errors={{}} /> }));
    } catch (error) {
      const r = refusal(error);
      return html(reply, r.status, renderPage({ title: 'Audit log', children: <AuditPage data={null} query={query} errors={r.errors} message={r.message} /> }));
    }
  });

  // Mail that could not be sent, or that no mail server was configured for, is read here.
  app.get('/admin/outbox', { config: { permission: 'users.manage' } }, async (_request, reply) => {
    const messages = await listOutbox(executor(ctx), { limit: 200 });
    return html(reply, 200, renderPage({ title: 'Outbox', children: <OutboxPage messages={messages} /> }));
  });
}

function OutboxPage({ messages }: { messages: OutboxListing[] }) {
  const mail = (m: OutboxListing) => (m.payload ?? {}) as { to?: string; subject?: string; text?: string };
  return (
    <>
      <h1>Outbox</h1>
      <AdminNav current="outbox" />
      <p class="lead">Mail the application has written, newest first. Kept messages were not sent because no mail server is configured: pass their links on by hand.</p>
      {messages.length === 0 ? <p>The outbox is empty.</p> : (
        <table>
          <caption class="visually-hidden">Outbox messages</caption>
          <thead><tr><th scope="col">Written</th><th scope="col">To</th><th scope="col">Subject</th><th scope="col">Status</th><th scope="col">Text</th></tr></thead>
          <tbody>{messages.map((m) => (
            <tr>
              <td><Instant at={m.createdAt} /></td>
              <td>{mail(m).to ?? ''}</td>
              <td>{mail(m).subject ?? m.kind}</td>
              <td>{`${m.status}${m.attempts ? ` after ${m.attempts} attempt(s)` : ''}${m.lastError ? `: ${m.lastError}` : ''}`}</td>
              <td>{mail(m).text ? <details><summary>Show</summary><pre class="mail-text">{mail(m).text}</pre></details> : '—'}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </>
  );
}
