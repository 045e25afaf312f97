// The one permission table: which roles may do each thing, and which permission every route needs.
// Every page, API route and CLI command goes through `can`; a route missing from ROUTES is refused
// (and a test fails), so nothing is reachable by accident.
import type { Actor, Role } from './accounts.js';

type Who = Role | 'public';
const everyone: Who[] = ['public', 'party', 'member', 'analyst', 'admin'];
const signedIn: Who[] = ['party', 'member', 'analyst', 'admin'];
const secretariat: Who[] = ['analyst', 'admin'];

export const PERMISSIONS = {
  'site.read': { who: everyone, what: 'Read public pages, the register, the API description and health' },
  'session.manage': { who: everyone, what: 'Sign in and out; reset a forgotten password' },
  'proposals.write': { who: secretariat, what: 'Raise, edit and move changes through the lifecycle; write problem statements' },
  'committees.manage': { who: secretariat, what: 'Keep committee members, meetings, agendas and decisions' },
  'views.record': { who: [...secretariat, 'member'], what: "Record a committee's view (members: their own committees)" },
  'papers.preview': { who: [...secretariat, 'member'], what: 'Preview papers before they are issued' },
  'papers.write': { who: secretariat, what: 'Edit and issue papers' },
  'tokens.own': { who: signedIn, what: 'Create and revoke their own API tokens' },
  'users.manage': { who: ['admin'], what: 'Manage users, roles and organisations; read the audit log and outbox' },
  'submissions.read': { who: signedIn, what: "See submissions: a Party user its own organisation's, the Secretariat those sent to it (others see none)" },
  'submissions.write': { who: ['party'], what: "Write, save and submit their organisation's draft problem statements" },
  'submissions.review': { who: secretariat, what: 'Review submissions as critical friend: return them with comments or raise them as Draft Proposals' },
} as const satisfies Record<string, { who: Who[]; what: string }>;

export type Permission = keyof typeof PERMISSIONS;

/** Whether the actor's role holds the permission. Finer rules (own committee, own organisation) live in the services. */
export function can(actor: Actor, permission: Permission): boolean {
  return (PERMISSIONS[permission].who as readonly Who[]).includes(actor.role);
}

/**
 * Every route the server registers, by method and path pattern, with the permission it needs.
 * HEAD follows GET.
 */
export const ROUTES: Record<string, Permission> = {
  'GET /': 'site.read',
  'GET /healthz': 'site.read',
  'GET /assets/*': 'site.read',
  'GET /api/openapi.json': 'site.read',
  'GET /login': 'session.manage',
  'POST /login': 'session.manage',
  'POST /logout': 'session.manage',
  'GET /password/forgot': 'session.manage',
  'POST /password/forgot': 'session.manage',
  'GET /password/reset': 'session.manage',
  'POST /password/reset': 'session.manage',

  'GET /modifications/': 'site.read',
  'GET /modifications/:slug': 'site.read',
  'GET /modifications/:slug/problem-statement': 'site.read',
  'GET /proposals/:ref': 'site.read',
  'GET /modifications/new': 'proposals.write',
  'POST /modifications/new': 'proposals.write',
  'GET /modifications/:slug/edit': 'proposals.write',
  'POST /modifications/:slug/edit': 'proposals.write',
  'POST /modifications/:slug/problem-statement': 'proposals.write',
  'POST /modifications/:slug/actions': 'proposals.write',

  'GET /api/v1/proposals': 'site.read',
  'GET /api/v1/proposals/:ref': 'site.read',
  'GET /api/v1/proposals/:ref/events': 'site.read',
  'GET /api/v1/proposals/:ref/problem-statement': 'site.read',
  'GET /api/v1/proposals/:ref/views': 'site.read',
  'GET /api/v1/profile': 'site.read',
  'GET /api/v1/organisations': 'site.read',
  'GET /api/v1/analysts': 'site.read',
  'POST /api/v1/proposals': 'proposals.write',
  'PATCH /api/v1/proposals/:ref': 'proposals.write',
  'POST /api/v1/proposals/:ref/actions': 'proposals.write',
  'PUT /api/v1/proposals/:ref/problem-statement': 'proposals.write',

  'GET /committees/': 'site.read',
  'GET /committees/:code': 'site.read',
  'GET /meetings/:id': 'site.read',
  'POST /committees/:code/meetings': 'committees.manage',
  'POST /meetings/:id/agenda': 'committees.manage',
  'POST /meetings/:id/outcomes': 'committees.manage',
  'POST /meetings/:id/views': 'views.record',
  'GET /api/v1/committees': 'site.read',
  'GET /api/v1/committees/:code': 'site.read',
  'GET /api/v1/meetings': 'site.read',
  'GET /api/v1/meetings/:id': 'site.read',
  'POST /api/v1/committees/:code/members': 'committees.manage',
  'POST /api/v1/meetings': 'committees.manage',
  'PATCH /api/v1/meetings/:id': 'committees.manage',
  'POST /api/v1/meetings/:id/agenda': 'committees.manage',
  'POST /api/v1/meetings/:id/outcomes': 'committees.manage',
  'POST /api/v1/proposals/:ref/views': 'views.record',

  'GET /papers/': 'papers.preview',
  'GET /papers/:code/:date': 'papers.preview',
  'POST /papers/:code/:date/issue': 'papers.write',
  'POST /papers/:code/:date/text': 'papers.write',
  'POST /papers/:code/:date/impacts': 'papers.write',
  'GET /api/v1/papers': 'site.read',
  'GET /api/v1/papers/preview': 'papers.preview',
  'GET /api/v1/papers/:id': 'site.read',
  'GET /api/v1/papers/:id/versions/:n/:format': 'site.read',
  'POST /api/v1/papers': 'papers.write',
  'PUT /api/v1/papers/text': 'papers.write',
  'PUT /api/v1/proposals/:ref/anticipated-impacts': 'papers.write',

  'GET /submissions/': 'submissions.read',
  'GET /submissions/new': 'submissions.write',
  'POST /submissions/new': 'submissions.write',
  'GET /submissions/:id': 'submissions.read',
  'GET /submissions/:id/edit': 'submissions.write',
  'POST /submissions/:id/edit': 'submissions.write',
  'POST /submissions/:id/return': 'submissions.review',
  'POST /submissions/:id/raise': 'submissions.review',
  'GET /api/v1/submissions': 'submissions.read',
  'POST /api/v1/submissions': 'submissions.write',
  'GET /api/v1/submissions/:id': 'submissions.read',
  'PUT /api/v1/submissions/:id': 'submissions.write',
  'POST /api/v1/submissions/:id/submit': 'submissions.write',
  'POST /api/v1/submissions/:id/return': 'submissions.review',
  'POST /api/v1/submissions/:id/raise': 'submissions.review',

  'GET /account': 'tokens.own',
  'POST /account/tokens': 'tokens.own',
  'POST /account/tokens/:id/revoke': 'tokens.own',
  'GET /admin/users': 'users.manage',
  'GET /admin/users/new': 'users.manage',
  'POST /admin/users': 'users.manage',
  'GET /admin/users/:id': 'users.manage',
  'POST /admin/users/:id': 'users.manage',
  'POST /admin/users/:id/status': 'users.manage',
  'GET /admin/organisations': 'users.manage',
  'POST /admin/organisations': 'users.manage',
  'GET /admin/organisations/:id': 'users.manage',
  'POST /admin/organisations/:id': 'users.manage',
  'GET /admin/audit': 'users.manage',
  'GET /admin/outbox': 'users.manage',
};

/**
 * Routes registered only when their feature is configured (single sign-on with OIDC_*), with the
 * permission each needs. Held to the same rules as ROUTES; absent from a server without the feature.
 */
export const OPTIONAL_ROUTES: Record<string, Permission> = {
  'GET /login/oidc': 'session.manage',
  'GET /login/oidc/callback': 'session.manage',
};

export function routeKey(method: string, url: string): string {
  return `${method === 'HEAD' ? 'GET' : method} ${url}`;
}

/** The permission a route needs, or undefined for a route missing from the table (refused). */
export function permissionFor(method: string, url: string): Permission | undefined {
  const key = routeKey(method, url);
  return ROUTES[key] ?? OPTIONAL_ROUTES[key];
}
