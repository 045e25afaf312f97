// The one permission table: which roles may do each thing, and who reads each audience of events.
// Every route declares the permission it needs where it is defined (`config: { permission }`); the
// request hook checks it with `can`, and refuses a route that declares none (a test fails too), so
// nothing is reachable by accident. README's table of permissions and routes is generated from
// this table and the registered routes (`npm run docs`).
import type { ReaderFilter } from '../../platform/events/stream.js';
import type { Actor, Role } from './accounts.js';

type Who = Role | 'public';
const everyone: Who[] = ['public', 'party', 'member', 'analyst', 'admin'];
const signedIn: Who[] = ['party', 'member', 'analyst', 'admin'];
const secretariat: Who[] = ['analyst', 'admin'];

export const PERMISSIONS = {
  'site.read': { who: everyone, what: 'Read public pages, the register, the API description and health' },
  'session.manage': { who: everyone, what: "Sign in and out; reset a forgotten password; stop a watch with the one-click link of a notification's message" },
  'proposals.write': { who: secretariat, what: 'Raise, edit and move changes through the lifecycle; write problem statements; add documents' },
  'organisations.add': { who: secretariat, what: 'Add an organisation to the directory (a Party new to the register), from the API or the command line' },
  'committees.manage': { who: secretariat, what: 'Keep committee members, meetings, agendas and decisions' },
  'views.record': { who: [...secretariat, 'member'], what: "Record a committee's view (members: their own committees)" },
  'papers.preview': { who: [...secretariat, 'member'], what: 'Preview papers before they are issued' },
  'papers.write': { who: secretariat, what: 'Edit and issue papers' },
  'tokens.own': { who: signedIn, what: 'Create and revoke their own API tokens' },
  'users.manage': { who: ['admin'], what: 'Manage users, roles and organisations; read the audit log, the outbox and the subscribers of the event stream' },
  'submissions.read': { who: signedIn, what: "See submissions: a Party user its own organisation's, the Secretariat those sent to it (others see none)" },
  'submissions.write': { who: ['party'], what: "Write, save and submit their organisation's draft problem statements" },
  'submissions.review': { who: secretariat, what: 'Review submissions as critical friend: return them with comments or raise them as Draft Proposals' },
  'releases.manage': { who: secretariat, what: 'Plan ad hoc releases, schedule approved changes into releases and implement them' },
  'watches.own': { who: signedIn, what: 'Watch changes, committees and searches; choose mail at once or a daily digest; stop watching' },
  'webhooks.manage': { who: ['admin'], what: 'Register webhook endpoints, rotate their secrets, disable or delete them, read their deliveries and send one again' },
  'consultations.manage': { who: secretariat, what: 'Open and close consultations on a change; see who has responded, and every response, confidential ones included' },
  'consultations.respond': { who: ['party'], what: "Write and edit their organisation's response to an open consultation" },
  'votes.manage': { who: secretariat, what: "Open and close Change Board votes; record the Authority's decisions and its decisions on appeals" },
  'votes.cast': { who: ['member'], what: "Cast and change their own ballot in an open Change Board vote (the Change Board's voting members only)" },
  'appeals.raise': { who: ['party'], what: "Appeal to the Authority against a self-governance decision, for their organisation, within the window" },
  'deadlines.read': { who: signedIn, what: "See what is due: a Party user its own submissions', members their committees' papers, the Secretariat everything" },
} as const satisfies Record<string, { who: Who[]; what: string }>;

export type Permission = keyof typeof PERMISSIONS;

/** Whether the actor's role holds the permission. Finer rules (own committee, own organisation) live in the services. */
export function can(actor: Actor, permission: Permission): boolean {
  return (PERMISSIONS[permission].who as readonly Who[]).includes(actor.role);
}

/**
 * Who may read each event of the stream (change feed, timelines, feeds, notifications). An event's
 * type names its audience; `organisation` audiences are read by the Party users of the event's
 * organisation, and `committee` audiences by the members of the event's committee, as well as by
 * the roles listed.
 */
export const AUDIENCES = {
  public: { who: everyone, organisationUsers: false, committeeMembers: false, what: 'Everyone: the register, committees, views, issued papers' },
  committees: { who: [...secretariat, 'member'], organisationUsers: false, committeeMembers: false, what: 'Committee members and the Secretariat: papers before they are issued' },
  committee: { who: secretariat, organisationUsers: false, committeeMembers: true, what: 'One committee\'s members and the Secretariat: a restricted document written for that committee' },
  secretariat: { who: secretariat, organisationUsers: false, committeeMembers: false, what: 'The Secretariat: restricted documents written for no committee' },
  administrators: { who: ['admin'], organisationUsers: false, committeeMembers: false, what: 'Administrators: accounts, organisations, tokens and mail' },
  organisation: { who: secretariat, organisationUsers: true, committeeMembers: false, what: "A Party's submissions once sent: its own users and the Secretariat" },
  'organisation-only': { who: [], organisationUsers: true, committeeMembers: false, what: "A Party's drafts not yet sent: its own users only" },
} as const satisfies Record<string, { who: readonly Who[]; organisationUsers: boolean; committeeMembers: boolean; what: string }>;

export type Audience = keyof typeof AUDIENCES;

const audienceEntries = Object.entries(AUDIENCES) as [Audience, (typeof AUDIENCES)[Audience]][];

/** The committees whose scoped audiences the actor reads as a member. */
const memberOf = (actor: Actor): readonly string[] => (actor.role === 'member' ? actor.committees ?? [] : []);

/** The events an actor may read, as a filter the stream applies in SQL. */
export function readerFilter(actor: Actor): ReaderFilter {
  const audiences = audienceEntries.filter(([, a]) => (a.who as readonly Who[]).includes(actor.role)).map(([name]) => name);
  const own = actor.role === 'party' && actor.organisationId
    ? { id: actor.organisationId, audiences: audienceEntries.filter(([, a]) => a.organisationUsers).map(([name]) => name) }
    : undefined;
  const committees = memberOf(actor).length
    ? { codes: memberOf(actor), audiences: audienceEntries.filter(([, a]) => a.committeeMembers).map(([name]) => name) }
    : undefined;
  return { audiences, organisation: own, committees };
}

/** Whether an actor may read one event or record (the same rule as readerFilter, for one in hand). */
export function mayRead(actor: Actor, event: { audience: string; organisationId: string | null; committeeCode?: string | null }): boolean {
  const audience = AUDIENCES[event.audience as Audience];
  if (!audience) return false;
  if ((audience.who as readonly Who[]).includes(actor.role)) return true;
  if (audience.organisationUsers && actor.role === 'party' && !!actor.organisationId && actor.organisationId === event.organisationId) return true;
  return audience.committeeMembers && !!event.committeeCode && memberOf(actor).includes(event.committeeCode);
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission the route needs: every route declares one where it is defined; a route without is refused. */
    permission?: Permission;
  }
}

export function routeKey(method: string, url: string): string {
  return `${method === 'HEAD' ? 'GET' : method} ${url}`;
}

/** Each registered route as "METHOD /pattern" with the permission it declares (undefined: none, so refused). */
export function routeTable(routes: readonly { method: string; url: string; config: Record<string, unknown> }[]): Record<string, Permission | undefined> {
  const table: Record<string, Permission | undefined> = {};
  for (const r of routes) {
    if (r.method === 'HEAD' || r.method === 'OPTIONS') continue;
    table[routeKey(r.method, r.url)] = r.config.permission as Permission | undefined;
  }
  return Object.fromEntries(Object.entries(table).sort(([a], [b]) => a.localeCompare(b)));
}
