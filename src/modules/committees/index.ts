// Committees: members, meetings and agendas, decisions taken at meetings, and committee views.
import { defineModule } from '../manifest.js';
import { committeeEvents } from './events.js';
import { committeeMigrations } from './migrations.js';
import type { CommitteeTables } from './tables.js';

export const committeesModule = defineModule<CommitteeTables>({
  name: 'committees',
  web: async () => (await import('./web.js')).committeesWeb,
  migrations: committeeMigrations,
  events: committeeEvents,
  navigation: [{ id: 'committees', href: '/committees/', permission: 'site.read', order: 30 }],
  exportTables: [
    { name: 'committee_members', orderBy: ['committee_code', 'id'] },
    { name: 'meetings', orderBy: ['committee_code', 'date', 'id'] },
    { name: 'agenda_items', orderBy: ['meeting_id', 'position', 'id'] },
    { name: 'committee_views', orderBy: ['proposal_id', 'business_date', 'recorded_at', 'id'] },
  ],
});
