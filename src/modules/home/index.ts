// Home: the page at `/`, what is new this month in the public record and what awaits the viewer. It
// reads several modules (the register, meetings, papers, deadlines), so it sits after them all.
import { defineModule } from '../manifest.js';

export const homeModule = defineModule<object>({
  name: 'home',
  web: async () => (await import('./web.js')).homeWeb,
});
