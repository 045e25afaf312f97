// Home: the page at `/`, what is new this month in the public record and what awaits the viewer. It
// reads several modules (the register, meetings, papers, deadlines), so it sits after them all.
import { defineModule } from '../manifest.js';
import { registerHomePage } from './pages.js';

export const homeModule = defineModule<object>({
  name: 'home',
  routes(app, ctx, env) {
    registerHomePage(app, ctx, env.modules.flatMap((m) => m.deadlines ?? []));
  },
});
