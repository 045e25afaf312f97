// Deadlines: what is due, gathered from every module that knows some (their manifests' `deadlines`,
// see deadline-sources.ts), for /work and GET /api/v1/deadlines.
import { defineModule } from '../manifest.js';
import { registerDeadlineApi } from './api.js';
import { registerDeadlinePages } from './pages.js';

export const deadlinesModule = defineModule<object>({
  name: 'deadlines',
  routes(app, ctx, env) {
    const sources = env.modules.flatMap((m) => m.deadlines ?? []);
    registerDeadlineApi(app, ctx, sources);
    registerDeadlinePages(app, ctx, sources);
  },
  navigation: [{ id: 'work', href: '/work', permission: 'deadlines.read', order: 5 }],
});
