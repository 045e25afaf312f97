// Feeds: the public record as Atom (the register, a change, a committee) and what is coming as
// iCalendar (meetings, releases, a change's meetings and release, and the public deadlines that
// every module's deadline source reports). No tables of its own: it reads
// the stream and the modules below it.
import { defineModule } from '../manifest.js';

export const feedsModule = defineModule<object>({
  name: 'feeds',
  web: async () => (await import('./web.js')).feedsWeb,
});
