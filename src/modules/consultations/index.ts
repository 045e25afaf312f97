// Consultations on a change (Refinement Consultation, Modification Report Consultation, as the
// profile lists them): questions, one response per organisation with its history, confidential
// responses only the Secretariat sees through, and at the close the published responses collated
// into a document attached to the change. Opening and closing drive the change's lifecycle.
import { defineModule } from '../manifest.js';
import { consultationDeadlines } from './deadlines.js';
import { consultationEvents } from './events.js';
import { consultationMigrations } from './migrations.js';
import { closeDueConsultations } from './service.js';
import type { ConsultationTables } from './tables.js';

export const consultationsModule = defineModule<ConsultationTables>({
  name: 'consultations',
  web: async () => (await import('./web.js')).consultationsWeb,
  migrations: consultationMigrations,
  events: consultationEvents,
  exportTables: [
    { name: 'consultations', orderBy: ['proposal_id', 'opens_on', 'id'] },
    { name: 'consultation_responses', orderBy: ['consultation_id', 'organisation_id'] },
    { name: 'consultation_response_versions', orderBy: ['response_id', 'version'], key: (r) => `${String(r.response_id)}:${String(r.version)}` },
  ],
  deadlines: [consultationDeadlines],
  tasks: [{
    name: 'close-due-consultations', everySeconds: 60, run: closeDueConsultations,
    description: 'Closes each open consultation whose closing day has passed (a conditional update: one instance wins, the others find it closed).',
  }],
});
