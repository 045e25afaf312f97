// The dashboard page: public, one rendering kept for every reader until the next event or the next
// day (its figures are the public record's, and days in a stage change at midnight).
import type { HttpServer } from '../../platform/http/server.js';
import { renderPage } from '../../platform/http/layout.js';
import { sendCached } from '../../platform/http/response-cache.js';
import { lastPosition } from '../../platform/events/stream.js';
import { formatDate, londonDate } from '../../process/dates.js';
import { PUBLIC } from '../accounts/accounts.js';
import { executor, type ServiceContext } from '../context.js';
import { CountBar, StageFlowChart } from './chart.js';
import { shortMonth } from './dashboard.js';
import { dashboard, LIVE_SHOWN, type Dashboard } from './service.js';

const HTML = 'text/html; charset=utf-8';

const movesInWords = (entered: number, left: number) => (entered || left ? `${entered} in, ${left} out` : '–');

function DashboardPage({ data }: { data: Dashboard }) {
  const maxCount = Math.max(0, ...data.stages.map((s) => s.count));
  const moving = data.flows.filter((f) => f.entered || f.left);
  const still = data.flows.filter((f) => !f.entered && !f.left);
  const scale = Math.max(1, ...moving.flatMap((f) => f.months.flatMap((m) => [m.entered, m.left])));
  const period = `${shortMonth(data.months[0])} to ${shortMonth(data.months.at(-1)!)}`;
  return (
    <>
      <h1>Pipeline dashboard</h1>
      <p class="lead">Where the register's changes stand, how they moved over the last {data.months.length} months,
        and who must act next. Figures as of {formatDate(data.today)}.</p>

      <h2 id="by-stage">Changes by stage</h2>
      <table class="dashboard-stages">
        <caption class="visually-hidden">Number of changes in each stage</caption>
        <thead><tr><th scope="col">Stage</th><th scope="col">Changes</th><th scope="col"><span class="visually-hidden">Bar</span></th></tr></thead>
        <tbody>
          {data.stages.map((s) => (
            <tr>
              <th scope="row"><a href={`/modifications/?stage=${encodeURIComponent(s.state)}`}>{s.label}</a>{s.terminal ? <span class="muted"> (closed)</span> : null}</th>
              <td>{s.count}</td>
              <td><CountBar value={s.count} max={maxCount} /></td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2 id="moves">Moves between stages, {period}</h2>
      <p class="hint">Bars above the line are changes entering the stage in a month; bars below are changes leaving it.
        All charts share one scale (the largest month: {scale}).</p>
      {moving.length ? (
        <ul class="flow-charts">
          {moving.map((f) => (
            <li><h3>{f.label}</h3><StageFlowChart flows={f} scale={scale} /></li>
          ))}
        </ul>
      ) : <p>No change moved between stages in this period.</p>}
      {still.length > 0 && <p class="muted">No moves in this period: {still.map((f) => f.label).join(', ')}.</p>}
      <div class="table-scroll" role="region" aria-labelledby="moves-table" tabindex={0}>
        <table class="dashboard-moves">
          <caption id="moves-table">Changes entering and leaving each stage, by month</caption>
          <thead><tr><th scope="col">Stage</th>{data.months.map((m) => <th scope="col">{shortMonth(m)}</th>)}<th scope="col">Total</th></tr></thead>
          <tbody>
            {data.flows.map((f) => (
              <tr>
                <th scope="row">{f.label}</th>
                {f.months.map((m) => <td>{movesInWords(m.entered, m.left)}</td>)}
                <td>{movesInWords(f.entered, f.left)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 id="next">Live changes: time in stage and who acts next</h2>
      {data.liveTotal > data.live.length && (
        <p class="hint">The {LIVE_SHOWN} changes longest in their stage, of {data.liveTotal} live. The <a href="/modifications/">register</a> lists them all.</p>
      )}
      {data.live.length ? (
        <table class="dashboard-live">
          <thead><tr><th scope="col">Change</th><th scope="col">Stage</th><th scope="col">In it since</th><th scope="col">Days</th><th scope="col">Next to act</th></tr></thead>
          <tbody>
            {data.live.map((c) => (
              <tr>
                <td><a href={c.href}>{c.reference}</a> {c.title}</td>
                <td>{c.stateLabel}</td>
                <td>{formatDate(c.since)}</td>
                <td>{c.days}</td>
                <td>{c.next.length ? (
                  <ul class="plain">{c.next.map((n) => <li><strong>{n.bodyName}</strong>: {n.actions.join('; ')}</li>)}</ul>
                ) : <span class="muted">No step awaited</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : <p>No change is live.</p>}
    </>
  );
}

export function registerDashboardPages(app: HttpServer, ctx: ServiceContext): void {
  app.get('/dashboard', { config: { permission: 'site.read' }, schema: { hide: true } }, async (request, reply) => {
    const viewer = request.actor ?? PUBLIC;
    const finish = (text: string) => app.fillPageHeader(text, viewer, request.url, () => reply.generateCsrf());
    const key = `page-dashboard:${await lastPosition(executor(ctx))}:${londonDate(ctx.clock())}`;
    return sendCached(app.responseCache, request, reply, key, HTML, async () => renderPage({
      title: 'Pipeline dashboard', section: 'dashboard', children: <DashboardPage data={await dashboard(ctx)} />,
    }), { finish });
  });
}
