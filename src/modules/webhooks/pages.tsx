// Administrators' pages of webhooks: the endpoints with the form to register one, the page that
// shows a new signing secret (once), and each endpoint's page with its settings, its latest
// deliveries and every attempt (the answer's first kilobyte, as text), and the buttons to rotate
// the secret, disable or enable it, delete it and send a delivery again.
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { FormBody, formRefusal, html, many, one, type Form } from '../../platform/http/form.js';
import { CsrfField, ErrorSummary, TextInput, fieldMessage, type FormErrors } from '../../platform/http/forms.js';
import { renderPage } from '../../platform/http/layout.js';
import type { HttpServer } from '../../platform/http/server.js';
import { AdminNav, Instant } from '../accounts/admin-pages.js';
import { formActor } from '../accounts/http.js';
import type { ServiceContext } from '../context.js';
import * as service from './service.js';
import { ALL_EVENTS, publicEventTypes } from './webhooks.js';

const LIST = '/admin/webhooks';
const config = { permission: 'webhooks.manage' } as const;
const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
const pathOf = (id: string) => `${LIST}/${encodeURIComponent(id)}`;
const LABELS: Record<string, string> = { url: 'Address (URL)', description: 'Description (optional)', eventTypes: 'Event types' };
const STATUS: Record<string, string> = { active: 'Active', disabled: 'Disabled', pending: 'Pending', delivered: 'Delivered', failed: 'Failed' };

interface Failed {
  values: Form;
  errors: FormErrors;
  message: string;
}

function EventTypeBoxes({ ctx, chosen, errors }: { ctx: ServiceContext; chosen: string[]; errors: FormErrors }) {
  const error = errors.eventTypes;
  const boxId = (i: number) => (i === 0 ? 'f-eventTypes' : `f-eventTypes-${i}`);
  const options = [{ value: ALL_EVENTS, label: 'Every public event (*), including types added later' },
    ...publicEventTypes(ctx.catalog).map((t) => ({ value: t, label: `${t}: ${ctx.catalog.definition(t)!.description}` }))];
  return (
    <fieldset class={error ? 'field field-error' : 'field'} aria-describedby={error ? 'f-eventTypes-error f-eventTypes-hint' : 'f-eventTypes-hint'}>
      <legend>{LABELS.eventTypes}</legend>
      <p class="hint" id="f-eventTypes-hint">Only events the public may read are ever sent; a restricted document is never sent.</p>
      {error && <p class="error-message" id="f-eventTypes-error"><span class="visually-hidden">Error: </span>{fieldMessage(LABELS.eventTypes, error)}</p>}
      {options.map((o, i) => (
        <div class="check">
          <input type="checkbox" id={boxId(i)} name="eventTypes" value={o.value} checked={chosen.includes(o.value)} />
          <label for={boxId(i)}>{o.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

function EndpointFields({ ctx, values, errors }: { ctx: ServiceContext; values: { url: string; description: string; eventTypes: string[] }; errors: FormErrors }) {
  return (
    <>
      <TextInput name="url" label={LABELS.url} type="url" value={values.url} errors={errors} required
        hint="http:// or https://, on another service: never this server's own address." />
      <TextInput name="description" label={LABELS.description} value={values.description} errors={errors} />
      <EventTypeBoxes ctx={ctx} chosen={values.eventTypes} errors={errors} />
    </>
  );
}

function ListPage({ ctx, endpoints, csrf, failed }: { ctx: ServiceContext; endpoints: service.Endpoint[]; csrf: string; failed?: Failed }) {
  const errors = failed?.errors ?? {};
  return (
    <>
      <AdminNav current="webhooks" />
      <h1>Webhooks</h1>
      <p class="lead">Each event the public may read is posted to every active endpoint that wants its type, signed as the Standard Webhooks
        specification says (webhook-id, webhook-timestamp, webhook-signature), and tried again after 1 minute, 5 minutes, 30 minutes, 2 hours and 12 hours
        before it counts as failed.</p>
      {endpoints.length === 0 ? <p>No endpoints yet.</p> : (
        <table>
          <caption class="visually-hidden">Webhook endpoints</caption>
          <thead><tr><th scope="col">Address</th><th scope="col">Description</th><th scope="col">Event types</th><th scope="col">Status</th><th scope="col">Registered</th></tr></thead>
          <tbody>{endpoints.map((e) => (
            <tr>
              <td><a href={pathOf(e.id)}>{e.url}</a></td>
              <td>{e.description || '—'}</td>
              <td>{e.eventTypes.join(', ')}</td>
              <td>{STATUS[e.status]}{e.hasSecret ? '' : ' (no signing secret: rotate it)'}</td>
              <td><Instant at={e.createdAt} /></td>
            </tr>
          ))}</tbody>
        </table>
      )}
      <section aria-labelledby="h-add">
        <h2 id="h-add">Register an endpoint</h2>
        <ErrorSummary message={failed?.message} errors={errors} labels={LABELS} />
        <form method="post" action={LIST} novalidate>
          <CsrfField token={csrf} />
          <EndpointFields ctx={ctx} errors={errors}
            values={{ url: one(failed?.values.url), description: one(failed?.values.description), eventTypes: many(failed?.values.eventTypes) }} />
          <button type="submit">Register endpoint</button>
        </form>
      </section>
    </>
  );
}

function SecretPage({ endpoint, secret, rotated }: { endpoint: service.Endpoint; secret: string; rotated: boolean }) {
  return (
    <>
      <AdminNav current="webhooks" />
      <h1>{rotated ? 'New signing secret' : 'Endpoint registered'}</h1>
      <p>{`The signing secret of ${endpoint.url} is below. Copy it now: it is shown only this once. `}
        {rotated ? 'Deliveries from now on are signed with it, not with the old one.' : ''}</p>
      <p><code class="secret">{secret}</code></p>
      <p><a href={pathOf(endpoint.id)}>Go to the endpoint</a></p>
    </>
  );
}

function Attempts({ delivery }: { delivery: service.DeliveryWithAttempts }) {
  if (!delivery.attemptLog.length) return <>Not tried yet</>;
  return (
    <ol>{delivery.attemptLog.map((a) => (
      <li>
        <Instant at={a.startedAt} />{` · ${a.outcome}${a.statusCode === null ? '' : ` (HTTP ${a.statusCode})`} · ${a.durationMs} ms`}
        {a.error && <div class="meta">{a.error}</div>}
        {a.responseExcerpt && <pre class="excerpt">{a.responseExcerpt}</pre>}
      </li>
    ))}</ol>
  );
}

function EndpointPage({ ctx, endpoint, deliveries, csrf, failed }: {
  ctx: ServiceContext; endpoint: service.Endpoint; deliveries: service.DeliveryWithAttempts[]; csrf: string; failed?: Failed;
}) {
  const errors = failed?.errors ?? {};
  const values = failed
    ? { url: one(failed.values.url), description: one(failed.values.description), eventTypes: many(failed.values.eventTypes) }
    : { url: endpoint.url, description: endpoint.description, eventTypes: endpoint.eventTypes };
  const button = (action: string, label: string) => (
    <form method="post" action={`${pathOf(endpoint.id)}/${action}`} class="inline">
      <CsrfField token={csrf} />
      <button type="submit">{label}</button>
    </form>
  );
  return (
    <>
      <AdminNav current="webhooks" />
      <p class="kicker"><a href={LIST}>Webhooks</a></p>
      <h1>{endpoint.url}</h1>
      <dl class="summary-list">
        <div class="row"><dt>Status</dt><dd>{STATUS[endpoint.status]}{endpoint.status === 'disabled' ? ': nothing new is queued, and what is pending waits' : ''}</dd></div>
        <div class="row"><dt>Signing secret</dt><dd>{endpoint.hasSecret ? 'Set (shown only when made)' : 'None: rotate it to make one before anything is sent'}</dd></div>
        <div class="row"><dt>Registered</dt><dd><Instant at={endpoint.createdAt} /></dd></div>
      </dl>
      <div class="actions">
        {button('secret', 'Rotate the signing secret')}
        {button('status', endpoint.status === 'active' ? 'Disable' : 'Enable')}
        {button('delete', 'Delete this endpoint')}
      </div>
      <section aria-labelledby="h-deliveries">
        <h2 id="h-deliveries">Latest deliveries</h2>
        {deliveries.length === 0 ? <p>No deliveries yet.</p> : (
          <table>
            <caption class="visually-hidden">{`Deliveries to ${endpoint.url}, newest event first`}</caption>
            <thead><tr><th scope="col">Event</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col"><span class="visually-hidden">Send again</span></th></tr></thead>
            <tbody>{deliveries.map((d) => (
              <tr>
                <td>{`${d.eventType} (${d.subjectRef})`}<div class="meta">{`webhook-id ${d.eventId}`}</div></td>
                <td>{STATUS[d.status]}{d.status === 'pending' && d.attemptLog.length ? <div class="meta">Next attempt <Instant at={d.nextAttemptAt} /></div> : ''}</td>
                <td><Attempts delivery={d} /></td>
                <td>
                  <form method="post" action={`${pathOf(endpoint.id)}/deliveries/${encodeURIComponent(d.id)}/resend`} class="inline">
                    <CsrfField token={csrf} />
                    <button type="submit">Send again<span class="visually-hidden">{`: ${d.eventType} (${d.subjectRef})`}</span></button>
                  </form>
                </td>
              </tr>
            ))}</tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="h-edit">
        <h2 id="h-edit">Change this endpoint</h2>
        <ErrorSummary message={failed?.message} errors={errors} labels={LABELS} />
        <form method="post" action={pathOf(endpoint.id)} novalidate>
          <CsrfField token={csrf} />
          <EndpointFields ctx={ctx} values={values} errors={errors} />
          <button type="submit">Save changes</button>
        </form>
      </section>
    </>
  );
}

export function registerWebhookPages(app: HttpServer, ctx: ServiceContext): void {
  const csrfCheck = { preValidation: app.csrfProtection };
  const withId = { params: IdParams, body: FormBody };

  async function listPage(reply: FastifyReply, status = 200, failed?: Failed) {
    const endpoints = await service.listEndpoints(ctx);
    return html(reply, status, renderPage({ title: 'Webhooks',
      children: <ListPage ctx={ctx} endpoints={endpoints} csrf={reply.generateCsrf()} failed={failed} /> }));
  }

  async function endpointPage(reply: FastifyReply, id: string, status = 200, failed?: Failed) {
    const { endpoint, deliveries } = await service.endpointDeliveries(ctx, id);
    return html(reply, status, renderPage({ title: `Webhook ${endpoint.url}`,
      children: <EndpointPage ctx={ctx} endpoint={endpoint} deliveries={deliveries} csrf={reply.generateCsrf()} failed={failed} /> }));
  }

  function secretPage(reply: FastifyReply, endpoint: service.Endpoint, secret: string, rotated: boolean) {
    // Shown once: no cache may keep it.
    reply.header('Cache-Control', 'no-store');
    return html(reply, 200, renderPage({ title: rotated ? 'New signing secret' : 'Endpoint registered',
      children: <SecretPage endpoint={endpoint} secret={secret} rotated={rotated} /> }));
  }

  const fields = (form: Form) => ({ url: one(form.url), description: one(form.description), eventTypes: many(form.eventTypes) });

  app.get(LIST, { config }, async (_request, reply) => listPage(reply));

  app.post(LIST, { ...csrfCheck, config, schema: { body: FormBody } }, async (request, reply) => {
    try {
      const { endpoint, secret } = await service.addEndpoint(ctx, formActor(request), fields(request.body));
      return secretPage(reply, endpoint, secret, false);
    } catch (error) {
      const refused = formRefusal(error);
      return listPage(reply, refused.status, { values: request.body, errors: refused.errors, message: refused.message });
    }
  });

  app.get(`${LIST}/:id`, { config, schema: { params: IdParams } }, async (request, reply) => endpointPage(reply, request.params.id));

  app.post(`${LIST}/:id`, { ...csrfCheck, config, schema: withId }, async (request, reply) => {
    const { id } = request.params;
    try {
      await service.editEndpoint(ctx, formActor(request), id, fields(request.body));
      return reply.redirect(pathOf(id), 303);
    } catch (error) {
      const refused = formRefusal(error);
      return endpointPage(reply, id, refused.status, { values: request.body, errors: refused.errors, message: refused.message });
    }
  });

  app.post(`${LIST}/:id/secret`, { ...csrfCheck, config, schema: withId }, async (request, reply) => {
    const { endpoint, secret } = await service.rotateSecret(ctx, formActor(request), request.params.id);
    return secretPage(reply, endpoint, secret, true);
  });

  app.post(`${LIST}/:id/status`, { ...csrfCheck, config, schema: withId }, async (request, reply) => {
    const { id } = request.params;
    const endpoint = await service.getEndpoint(ctx, id);
    await service.editEndpoint(ctx, formActor(request), id, { status: endpoint.status === 'active' ? 'disabled' : 'active' });
    return reply.redirect(pathOf(id), 303);
  });

  app.post(`${LIST}/:id/delete`, { ...csrfCheck, config, schema: withId }, async (request, reply) => {
    await service.deleteEndpoint(ctx, formActor(request), request.params.id);
    return reply.redirect(LIST, 303);
  });

  app.post(`${LIST}/:id/deliveries/:deliveryId/resend`, { ...csrfCheck, config,
    schema: { params: Type.Object({ id: Type.String({ maxLength: 100 }), deliveryId: Type.String({ maxLength: 100 }) }), body: FormBody } },
  async (request, reply) => {
    await service.resendDelivery(ctx, formActor(request), request.params.id, request.params.deliveryId);
    return reply.redirect(pathOf(request.params.id), 303);
  });
}
