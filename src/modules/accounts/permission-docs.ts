// The README's tables of permissions, audiences and routes, written from the permission table and
// the routes the server registered, so the documentation says what the code does. `npm run docs`
// writes them into README.md; a test fails when README and code part ways.
import { AUDIENCES, PERMISSIONS, routeTable, type Permission } from './permissions.js';

const ROLE_NAMES = ['admin', 'analyst', 'member', 'party'] as const;

/** A single sign-on setting for the docs' server only, so its routes are listed too (nothing is contacted). */
export const SSO_FOR_DOCS = { issuer: 'https://sso.invalid', clientId: 'docs', clientSecret: 'docs', displayName: 'single sign-on' };

function whoText(who: readonly string[]): string {
  if (who.includes('public')) return 'everyone, signed in or not';
  if (ROLE_NAMES.every((r) => who.includes(r))) return 'any signed-in user';
  return who.join(', ') || 'nobody by role';
}

export const DOCS_START = '<!-- permissions: written by `npm run docs`, from src/modules/accounts/permissions.ts and the routes -->';
export const DOCS_END = '<!-- end of permissions -->';

export function permissionDocs(routes: readonly { method: string; url: string; config: Record<string, unknown> }[]): string {
  const table = routeTable(routes);
  const byPermission = new Map<Permission, string[]>();
  for (const [route, permission] of Object.entries(table)) {
    if (permission) byPermission.set(permission, [...(byPermission.get(permission) ?? []), route]);
  }
  const lines = [
    DOCS_START,
    '| Permission | Who | What | Routes |',
    '|---|---|---|---|',
    ...Object.entries(PERMISSIONS).map(([name, p]) =>
      `| \`${name}\` | ${whoText(p.who)} | ${p.what} | ${byPermission.get(name as Permission)?.length ?? 0} |`),
    '',
    'Who reads each audience of the event stream (the change feed, timelines):',
    '',
    '| Audience | Who | What |',
    '|---|---|---|',
    ...Object.entries(AUDIENCES).map(([name, a]) =>
      `| \`${name}\` | ${[whoText(a.who), ...(a.organisationUsers ? ["the organisation's own Party users"] : []), ...(a.committeeMembers ? ["the committee's own members"] : [])]
        .filter((w) => w !== 'nobody by role').join('; ')} | ${a.what} |`),
    '',
    '<details><summary>Every route and the permission it declares</summary>',
    '',
    '| Route | Permission |',
    '|---|---|',
    ...Object.entries(table).map(([route, permission]) => `| \`${route}\` | \`${permission ?? 'none: refused'}\` |`),
    '',
    '</details>',
    DOCS_END,
  ];
  return lines.join('\n');
}

/** README with its permissions section replaced by `docs`. */
export function withPermissionDocs(readme: string, docs: string): string {
  const start = readme.indexOf(DOCS_START);
  const end = readme.indexOf(DOCS_END);
  if (start < 0 || end < start) throw new Error('README.md has no permissions section to write into.');
  return `${readme.slice(0, start)}${docs}${readme.slice(end + DOCS_END.length)}`;
}
