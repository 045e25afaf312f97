// The register: changes, their lifecycle and problem statements.
import { defineModule } from '../manifest.js';
import { proposalDeadlines } from './deadlines.js';
import { proposalEvents } from './events.js';
import { proposalMigrations } from './migrations.js';
import type { ProposalTables } from './tables.js';

export const proposalsModule = defineModule<ProposalTables>({
  name: 'proposals',
  web: async () => (await import('./web.js')).proposalsWeb,
  migrations: proposalMigrations,
  events: proposalEvents,
  navigation: [
    { id: 'register', href: '/modifications/', permission: 'site.read', order: 10 },
    { id: 'raise', href: '/modifications/new', permission: 'proposals.write', order: 20 },
  ],
  exportTables: [
    { name: 'proposals', orderBy: ['series', 'number', 'variant'] },
    { name: 'proposal_slugs', orderBy: ['slug'], key: (r) => String(r.slug) },
    { name: 'problem_statement_versions', orderBy: ['proposal_id', 'seq'] },
  ],
  deadlines: [proposalDeadlines],
});
