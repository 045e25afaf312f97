// Papers: the monthly paper to a committee, previewed, edited, and issued frozen in every format.
import { defineModule } from '../manifest.js';
import { paperDeadlines } from './deadlines.js';
import { paperEvents } from './events.js';
import { paperMigrations } from './migrations.js';
import type { PaperTables } from './tables.js';

export const papersModule = defineModule<PaperTables>({
  name: 'papers',
  web: async () => (await import('./web.js')).papersWeb,
  migrations: paperMigrations,
  events: paperEvents,
  navigation: [{ id: 'papers', href: '/papers/', permission: 'site.read', order: 40 }],
  exportTables: [
    { name: 'paper_drafts', orderBy: ['committee_code', 'date'] },
    { name: 'anticipated_impacts', orderBy: ['proposal_id', 'area'], key: (r) => `${String(r.proposal_id)}/${String(r.area)}` },
    { name: 'paper_versions', orderBy: ['paper_id', 'number'] },
    { name: 'paper_files', orderBy: ['version_id', 'format'] },
  ],
  deadlines: [paperDeadlines],
});
