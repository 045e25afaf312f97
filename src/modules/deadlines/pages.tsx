// /work: what is due for the signed-in user, overdue first, then today and soon (within the
// profile's Working Days), each with what it is, who it is due from and where to act on it.
import type { HttpServer } from '../../platform/http/server.js';
import { renderPage } from '../../platform/http/layout.js';
import { html } from '../../platform/http/form.js';
import { formatDate } from '../../process/dates.js';
import type { Standing } from '../../process/deadlines.js';
import { actorOf } from '../accounts/http.js';
import type { ServiceContext } from '../context.js';
import type { DeadlineSource } from '../deadline-sources.js';
import { STANDING_LABELS, type DueItem } from './deadlines.js';
import * as service from './service.js';

const SECTIONS: Standing[] = ['overdue', 'due-today', 'soon'];

function DueTable({ standing, items }: { standing: Standing; items: DueItem[] }) {
  const id = `h-${standing}`;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{`${STANDING_LABELS[standing]} (${items.length})`}</h2>
      <table>
        <caption class="visually-hidden">{STANDING_LABELS[standing]}</caption>
        <thead><tr><th scope="col">Due</th><th scope="col">What</th><th scope="col">About</th><th scope="col">From</th></tr></thead>
        <tbody>{items.map((d) => (
          <tr>
            <td>{formatDate(d.dueOn)}</td>
            <td>{d.label}</td>
            <td><a href={d.href}>{d.title}</a>{d.since ? <span class="meta">{` (since ${formatDate(d.since)})`}</span> : null}</td>
            <td>{d.from}</td>
          </tr>
        ))}</tbody>
      </table>
    </section>
  );
}

export function registerDeadlinePages(app: HttpServer, ctx: ServiceContext, sources: readonly DeadlineSource[]): void {
  app.get('/work', { config: { permission: 'deadlines.read' } }, async (request, reply) => {
    const due = await service.listDeadlines(ctx, sources, actorOf(request), {});
    const shown = SECTIONS.map((standing) => ({ standing, items: due.items.filter((d) => d.standing === standing) })).filter((s) => s.items.length);
    const title = ctx.profile.words.navigation.work ?? 'What is due';
    return html(reply, 200, renderPage({ title, section: 'work', children: (
      <>
        <h1>{title}</h1>
        <p class="lead">{`What is due that concerns you: overdue, due today, and due by ${formatDate(due.soonUntil)} (${ctx.profile.deadlines.soonWithin} Working Days). Today is ${formatDate(due.today)}.`}</p>
        {shown.length === 0 ? <p>Nothing is due in that time.</p> : shown.map((s) => <DueTable standing={s.standing} items={s.items} />)}
        <p class="hint">The same list, further ahead: <code>{'GET /api/v1/deadlines?due-before=YYYY-MM-DD'}</code>.</p>
      </>
    ) }));
  });
}
