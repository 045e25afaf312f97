// GET /api/v1/deadlines: what is due for the caller, the same list /work shows.
import { Type } from 'typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { ErrorSchema } from '../../platform/http/schemas.js';
import { Nullable } from '../../platform/events/changes.js';
import { actorOf } from '../accounts/http.js';
import type { ServiceContext } from '../context.js';
import type { DeadlineSource } from '../deadline-sources.js';
import type { DueItem } from './deadlines.js';
import * as service from './service.js';

const Day = (description: string) => Type.String({ format: 'date', description });

const DeadlineSchema = Type.Object({
  kind: Type.String({ description: 'critical-friend-reply, paper-due, release-implementation, authority-decision, appeal-window, or another module\'s kind.' }),
  label: Type.String({ description: 'What falls due, in the process profile\'s words.' }),
  from: Type.String({ description: 'Who it is due from.' }),
  subject: Type.Object({ type: Type.String(), id: Type.String(), ref: Type.String() }),
  title: Type.String(),
  url: Type.String({ description: 'Absolute address of the page to act on it.' }),
  since: Nullable(Day('The day the period started, when it has one.')),
  dueOn: Day('The business date it is due.'),
  standing: Type.String({ enum: ['overdue', 'due-today', 'soon', 'later'] }),
});

export function registerDeadlineApi(app: HttpServer, ctx: ServiceContext, sources: readonly DeadlineSource[]): void {
  app.get('/api/v1/deadlines', { config: { permission: 'deadlines.read' }, schema: { tags: ['deadlines'],
    summary: 'What is due that you may see, earliest first: a Party user its own submissions\', a member the papers for their committees\' meetings, the Secretariat everything',
    querystring: Type.Object({
      'due-before': Type.Optional(Type.String({ maxLength: 20, description: 'YYYY-MM-DD: only what is due before this day (default: to the end of "soon", the profile\'s Working Days from today).' })),
    }, { additionalProperties: false }),
    response: {
      200: Type.Object({
        today: Day('Today\'s business date.'), soonUntil: Day('The last day that counts as soon.'), dueBefore: Day('What is listed is due before this day.'),
        items: Type.Array(DeadlineSchema),
      }),
      400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema,
    } } },
  async (request) => {
    const due = await service.listDeadlines(ctx, sources, actorOf(request), { dueBefore: request.query['due-before'] });
    return { ...due, items: due.items.map(({ href, ...d }: DueItem) => ({ ...d, url: `${ctx.publicBaseUrl}${href}` })) };
  });
}
