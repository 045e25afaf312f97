// Administrators see each subscriber of the event stream: where it is, how far behind, and the
// events it could not handle (waiting for a retry, or failed), with a button to try one again now.
import { Type } from 'typebox';
import { MAX_DB_INTEGER } from '../../platform/validation.js';
import { renderPage } from '../../platform/http/layout.js';
import { FormBody, html } from '../../platform/http/form.js';
import { CsrfField } from '../../platform/http/forms.js';
import type { HttpServer } from '../../platform/http/server.js';
import { retryNow, subscriberStatus, type Subscriber, type SubscriberStatus } from '../../platform/events/dispatch.js';
import { notFound } from '../../platform/errors.js';
import { AdminNav, Instant } from '../accounts/admin-pages.js';
import type { ServiceContext } from '../context.js';

function SubscribersPage({ subscribers, csrf }: { subscribers: SubscriberStatus[]; csrf: string }) {
  return (
    <>
      <h1>Subscribers</h1>
      <AdminNav current="subscribers" />
      <p class="lead">Each subscriber handles every event after it is saved: mail and webhooks, and later search and notifications. A failure never undoes a change; the event waits here and is tried again with a growing delay (1, 2, 4, 8 minutes), and other events go on meanwhile.</p>
      <table>
        <caption class="visually-hidden">Subscribers of the event stream</caption>
        <thead><tr><th scope="col">Subscriber</th><th scope="col">Handled</th><th scope="col">Behind</th><th scope="col">Last progress</th><th scope="col">Waiting or failed</th></tr></thead>
        <tbody>{subscribers.map((s) => (
          <tr>
            <td><strong>{s.name}</strong><br /><span class="meta">{s.description}</span></td>
            <td>{String(s.handled)}</td>
            <td>{s.behind === 0 ? 'Up to date' : `${s.behind} event(s)`}</td>
            <td><Instant at={s.updatedAt || null} /></td>
            <td>{s.retries.length === 0 ? 'None' : (
              <ul class="plain">{s.retries.map((r) => (
                <li>
                  {`${r.type} (${r.subjectRef}): ${r.status === 'failed' ? 'failed' : 'waiting'} after ${r.attempts} attempt(s)${r.lastError ? `: ${r.lastError}` : ''}`}
                  <form method="post" action={`/admin/subscribers/${encodeURIComponent(s.name)}/retries/${r.position}`} class="inline">
                    <CsrfField token={csrf} />
                    <button type="submit" class="link-button">Try again now</button>
                  </form>
                </li>
              ))}</ul>
            )}</td>
          </tr>
        ))}</tbody>
      </table>
    </>
  );
}

export function registerSubscriberPages(app: HttpServer, ctx: ServiceContext, subscribers: readonly Subscriber<ServiceContext>[]): void {
  app.get('/admin/subscribers', { config: { permission: 'users.manage' } }, async (_request, reply) => {
    const status = await subscriberStatus(ctx.db, subscribers as Subscriber<unknown>[]);
    return html(reply, 200, renderPage({ title: 'Subscribers', children: <SubscribersPage subscribers={status} csrf={reply.generateCsrf()} /> }));
  });

  app.post('/admin/subscribers/:name/retries/:position', {
    config: { permission: 'users.manage' }, preValidation: app.csrfProtection,
    schema: { params: Type.Object({ name: Type.String({ maxLength: 100 }), position: Type.Integer({ minimum: 1, maximum: MAX_DB_INTEGER }) }), body: FormBody },
  }, async (request, reply) => {
    const { name, position } = request.params;
    if (!subscribers.some((s) => s.name === name) || !await retryNow(ctx.db, name, position, ctx.clock())) {
      throw notFound('That waiting event');
    }
    ctx.db.committed();
    return reply.redirect('/admin/subscribers', 303);
  });
}
