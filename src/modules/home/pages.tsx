// The home page at `/`: what is new this month and, signed in, what awaits you.
import type { HttpServer } from '../../platform/http/server.js';
import { renderPage } from '../../platform/http/layout.js';
import { html } from '../../platform/http/form.js';
import { formatDate } from '../../process/dates.js';
import { PUBLIC } from '../accounts/accounts.js';
import type { ServiceContext } from '../context.js';
import type { DeadlineSource } from '../deadline-sources.js';
import { STANDING_LABELS } from '../deadlines/deadlines.js';
import { issuedFilePath } from '../papers/published.js';
import { homePage, type ChangeLine, type HomeData } from './service.js';

const monthName = (day: string) => new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));

function Changes({ lines }: { lines: ChangeLine[] }) {
  return (
    <ul class="home-list">{lines.map((c) => (
      <li><a href={c.path}>{c.reference}</a>{` ${c.title}`}<span class="meta">{` — ${c.label ? `${c.label}, ` : ''}${formatDate(c.date)}`}</span></li>
    ))}</ul>
  );
}

function NewThisMonth({ d, kind }: { d: HomeData; kind: 'raised' | 'moved' }) {
  const id = `h-${kind}`;
  const title = kind === 'raised' ? 'Changes raised' : 'Changes moved on';
  const now = d[kind];
  const earlier = d.earlier[kind];
  return (
    <section aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {now.length > 0 ? <Changes lines={now} /> : (
        <>
          <p>{kind === 'raised' ? 'None raised yet this month.' : 'None moved on yet this month.'}{earlier.length > 0 ? ' The latest:' : ''}</p>
          {earlier.length > 0 && <Changes lines={earlier} />}
        </>
      )}
    </section>
  );
}

function Home({ ctx, d }: { ctx: ServiceContext; d: HomeData }) {
  const short = (code: string) => ctx.profile.committees.find((c) => c.code === code)?.shortName ?? code;
  return (
    <>
      <h1>{`${ctx.profile.name} changes`}</h1>
      <p class="lead">{`Today is ${formatDate(d.today)}. The `}<a href="/modifications/">register</a>{' lists every change; '}
        <a href="/committees/">committees</a>{' and '}<a href="/papers/">papers</a>{' show what they decide and read.'}</p>
      {d.due && (
        <section aria-labelledby="h-awaiting">
          <h2 id="h-awaiting">Awaiting your action</h2>
          {d.due.items.length === 0 ? <p>Nothing is due that concerns you.</p> : (
            <ul class="home-list">{d.due.items.map((item) => (
              <li><strong>{STANDING_LABELS[item.standing]}</strong>{`: ${item.label}, `}<a href={item.href}>{item.title}</a>
                <span class="meta">{` — due ${formatDate(item.dueOn)}, from ${item.from}`}</span></li>
            ))}</ul>
          )}
          <p><a href="/work">{d.due.more > 0 ? `Everything that is due (${d.due.more} more)` : 'Everything that is due'}</a></p>
        </section>
      )}
      <section aria-labelledby="h-new">
        <h2 id="h-new">{`New in ${monthName(d.monthStart)}`}</h2>
        <NewThisMonth d={d} kind="raised" />
        <NewThisMonth d={d} kind="moved" />
      </section>
      <section aria-labelledby="h-next-meetings">
        <h2 id="h-next-meetings">Next meetings</h2>
        {d.meetings.length === 0 ? <p>No meeting is planned yet.</p> : (
          <ul class="home-list">{d.meetings.map((m) => (
            <li><a href={`/meetings/${m.id}`}>{`${short(m.committee)}, ${formatDate(m.date)}`}</a>
              {m.startTime || m.location ? <span class="meta">{` — ${[m.startTime, m.location].filter(Boolean).join(', ')}`}</span> : null}</li>
          ))}</ul>
        )}
      </section>
      <section aria-labelledby="h-latest-papers">
        <h2 id="h-latest-papers">Latest papers</h2>
        {d.papers.length === 0 ? <p>No paper has been issued yet.</p> : (
          <ul class="home-list">{d.papers.map((p) => (
            <li><a href={issuedFilePath(p.id, p.latest, 'html')}>{`${short(p.committee)} paper, ${formatDate(p.date)}`}</a>
              <span class="meta">{` — version ${p.latest}, issued ${formatDate(p.issuedAt.slice(0, 10))}; `}<a href="/papers/">every format</a></span></li>
          ))}</ul>
        )}
      </section>
    </>
  );
}

export function registerHomePage(app: HttpServer, ctx: ServiceContext, sources: readonly DeadlineSource[]): void {
  app.get('/', { config: { permission: 'site.read' } }, async (request, reply) => {
    const d = await homePage(ctx, request.actor ?? PUBLIC, sources);
    return html(reply, 200, renderPage({ title: 'Home', children: <Home ctx={ctx} d={d} /> }));
  });
}
