// Feeds: the public record as Atom (the register, a change, a committee) and what is coming as
// iCalendar (meetings, releases, a change's meetings and release, and the public deadlines that
// every module's deadline source reports). No tables of its own: it reads
// the stream and the modules below it.
import { defineModule } from '../manifest.js';
import { registerFeedRoutes } from './routes.js';

export const feedsModule = defineModule<object>({
  name: 'feeds',
  routes(app, ctx, env) {
    registerFeedRoutes(app, ctx, env.modules.flatMap((m) => m.deadlines ?? []));
  },
});
