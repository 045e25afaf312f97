// Demo sign-ins, one per role, all with the same demo password (printed when the demo is loaded).
// Only the demo register has them; a real installation adds users with `secretariat user add`.
import type { UserInput } from '../modules/accounts/service.js';

export const DEMO_PASSWORD = 'secretariat-demo';

export const demoAccounts: UserInput[] = [
  { email: 'admin@secretariat.example', name: 'Demo Administrator', role: 'admin' },
  { email: 'bradley.baker@secas.example', name: 'Bradley Baker', role: 'analyst' },
  { email: 'hannah.pryce@utilita.example', name: 'Hannah Pryce', role: 'member', committee: 'OPSG' },
  { email: 'andy.knowles@utilita.example', name: 'Andy Knowles', role: 'party', organisation: 'Utilita' },
];
