// Change Board votes (ballots by voting group, the result by the profile's rules, the close driving
// the lifecycle and publishing the record), the Authority's decisions with their letters, and
// appeals against self-governance decisions, which hold a change until the Authority decides them.
import { defineModule } from '../manifest.js';
import { voteEvents } from './events.js';
import { voteMigrations } from './migrations.js';
import { noOpenAppeal } from './service.js';
import type { VoteTables } from './tables.js';

export const votesModule = defineModule<VoteTables>({
  name: 'votes',
  web: async () => (await import('./web.js')).votesWeb,
  migrations: voteMigrations,
  events: voteEvents,
  exportTables: [
    { name: 'votes', orderBy: ['proposal_id', 'opened_on', 'id'] },
    { name: 'vote_options', orderBy: ['vote_id', 'position'] },
    { name: 'vote_ballots', orderBy: ['vote_id', 'account_id'] },
    { name: 'authority_decisions', orderBy: ['proposal_id', 'decided_on', 'id'] },
    { name: 'appeals', orderBy: ['proposal_id', 'raised_on', 'id'] },
  ],
  facts: [noOpenAppeal],
});
