// Submissions: a Party's draft problem statement before it has a number, the Secretariat's
// critical-friend reply, and raising it as a Draft Proposal.
import { defineModule } from '../manifest.js';
import { submissionDeadlines } from './deadlines.js';
import { submissionEvents } from './events.js';
import { submissionMigrations } from './migrations.js';
import type { SubmissionTables } from './tables.js';

export const submissionsModule = defineModule<SubmissionTables>({
  name: 'submissions',
  web: async () => (await import('./web.js')).submissionsWeb,
  migrations: submissionMigrations,
  events: submissionEvents,
  navigation: [
    { id: 'submit', href: '/submissions/', permission: 'submissions.write', order: 15, sections: ['submissions'] },
    { id: 'submissions', href: '/submissions/', permission: 'submissions.review', order: 50 },
  ],
  exportTables: [{ name: 'submissions', orderBy: ['created_at', 'id'] }],
  deadlines: [submissionDeadlines],
});
