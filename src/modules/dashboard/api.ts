// The dashboard's figures as JSON, for anyone who charts them their own way.
import { Type } from 'typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { sendCached } from '../../platform/http/response-cache.js';
import { lastPosition } from '../../platform/events/stream.js';
import { londonDate } from '../../process/dates.js';
import { executor, type ServiceContext } from '../context.js';
import { dashboard } from './service.js';

const Month = Type.String({ pattern: '^\\d{4}-\\d{2}$', description: 'YYYY-MM' });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });

const DashboardSchema = Type.Object({
  today: Day,
  months: Type.Array(Month, { description: 'The months the flows cover, oldest first.' }),
  stages: Type.Array(Type.Object({
    state: Type.String(), label: Type.String(), phase: Type.String(), terminal: Type.Boolean(), count: Type.Integer(),
  }), { description: 'Every stage of the process, in its order, with the number of changes in it.' }),
  flows: Type.Array(Type.Object({
    state: Type.String(), label: Type.String(), entered: Type.Integer(), left: Type.Integer(),
    months: Type.Array(Type.Object({ month: Month, entered: Type.Integer(), left: Type.Integer() })),
  }), { description: 'Changes entering and leaving each stage, by month.' }),
  live: Type.Array(Type.Object({
    reference: Type.String(), title: Type.String(), url: Type.String(), state: Type.String(), stateLabel: Type.String(),
    since: Day, days: Type.Integer({ description: 'Whole days in the present stage.' }),
    next: Type.Array(Type.Object({ body: Type.String(), bodyName: Type.String(), actions: Type.Array(Type.String()) }),
      { description: 'Who the process expects to act next, with the steps each may take.' }),
  }), { description: 'Live changes, longest in their stage first (at most 200).' }),
  liveTotal: Type.Integer({ description: 'How many changes are live.' }),
});

export function registerDashboardApi(app: HttpServer, ctx: ServiceContext): void {
  app.get('/api/v1/dashboard', { config: { permission: 'site.read' }, schema: { tags: ['register'],
    summary: 'The pipeline: changes by stage, moves between stages by month, and who must act next on each live change',
    response: { 200: DashboardSchema } } },
  async (request, reply) => {
    const key = `api-dashboard:${await lastPosition(executor(ctx))}:${londonDate(ctx.clock())}`;
    return sendCached(app.responseCache, request, reply, key, 'application/json; charset=utf-8', async () => {
      const data = await dashboard(ctx);
      return JSON.stringify({ ...data, live: data.live.map(({ href, ...c }) => ({ ...c, url: `${ctx.publicBaseUrl}${href}` })) });
    });
  });
}
