// Dates and field names as a person reads them, on every main page of the demo register, signed out
// and as an analyst: no text a page shows is an ISO date ("2019-11-26") or a field's name in code
// ("partyCategory", "lead_analyst"). What is code or a value to edit is left out: <code>, <pre>,
// <textarea>, attributes (input values, addresses), scripts and styles. One server, HTML only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, openContext } from '../../src/app.js';
import type { ServiceContext } from '../../src/modules/context.js';
import type { HttpServer } from '../../src/platform/http/server.js';
import { migratedDatabase } from '../support/databases.js';
import { formClient } from '../support/form-client.js';

const ISO_DATE = /\b\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?\b/;
const CODE_NAME = /\b(?!iCalendar\b)(?:[a-z]+(?:[A-Z][a-z0-9]+)+|[a-z]+(?:_[a-z0-9]+)+)\b/;

/** The text a person reads on a page, a piece per text node, without code, values to edit or addresses. */
export function readableText(html: string): string[] {
  const body = html
    .replace(/<(script|style|code|pre|textarea)\b[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ');
  return body.split(/<[^>]*>/)
    .map((t) => t.replace(/&(lt|gt|quot|#39|amp|nbsp);/g, (_m, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&', nbsp: ' ' })[e]!))
    // An address written out is read as an address.
    .map((t) => t.replace(/\b(?:https?:\/\/|\/)[^\s]*/g, ' ').trim())
    .filter(Boolean);
}

describe('readableText', () => {
  it('finds text outside code and values, and flags ISO dates and names in code', () => {
    const text = readableText('<p>Raised <b>2019-11-26</b></p><code>partyCategory</code><input value="2019-01-01"><textarea>lead_analyst</textarea><p>targetRelease: x</p>');
    expect(text).toEqual(['Raised', '2019-11-26', 'targetRelease: x']);
    expect(text.filter((t) => ISO_DATE.test(t) || CODE_NAME.test(t))).toEqual(['2019-11-26', 'targetRelease: x']);
  });
});

describe('pages read as a person reads them (demo register, SQLite)', { timeout: 120_000 }, () => {
  let ctx: ServiceContext;
  let app: HttpServer;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    // A copy of this run's demo template (the demo as loadDemo leaves it).
    const db = await migratedDatabase('sqlite', { demo: true });
    drop = db.drop;
    ctx = await openContext(db.target, { publicBaseUrl: 'http://127.0.0.1' });
    app = await buildServer(ctx);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await ctx?.db.close();
    await drop?.();
  });

  const change = '/modifications/dno-power-outage-alerts/';
  const publicPages = ['/', '/dashboard', '/search?q=alerts', '/modifications/', change, '/committees/', '/committees/OPSG/', '/papers/', '/releases/'];
  const memberPages = [...publicPages, `${change}problem-statement`, `${change}problem-statement/compare`, `${change}edit`, '/modifications/new',
    '/papers/OPSG/2019-11-26', '/work', '/submissions/', '/account'];
  const adminPages = ['/admin/users', '/admin/users/new', '/admin/organisations', '/admin/audit', '/admin/subscribers', '/admin/webhooks', '/account'];

  async function offences(client: ReturnType<typeof formClient>, paths: string[]): Promise<string[]> {
    const found: string[] = [];
    const visit = async (path: string) => {
      const res = await client.get(path);
      if (res.statusCode !== 200) { found.push(`${path}: HTTP ${res.statusCode}`); return ''; }
      for (const t of readableText(res.body)) if (ISO_DATE.test(t) || CODE_NAME.test(t)) found.push(`${path}: ${t.slice(0, 120)}`);
      return res.body;
    };
    for (const path of paths) {
      const html = await visit(path);
      // A meeting and a release, found from their lists.
      if (path === '/committees/OPSG/') { const m = /href="(\/meetings\/[^"/]+)"/.exec(html); if (m) await visit(m[1]); else found.push('no meeting link'); }
      if (path === '/releases/') { const m = /href="(\/releases\/[^"/?]+)"/.exec(html); if (m) await visit(m[1]); else found.push('no release link'); }
    }
    return found;
  }

  it('signed out', async () => {
    expect(await offences(formClient(app), publicPages)).toEqual([]);
  });

  it('as an analyst, including a refused form', async () => {
    const client = formClient(app);
    expect((await client.signIn('bradley.baker@secas.example')).statusCode).toBe(303);
    expect(await offences(client, memberPages)).toEqual([]);
    // Refusals name the fields by their labels.
    const refused = await client.submit('/modifications/new', '/modifications/new', { title: '', raisedOn: '2019-13-45', partyCategory: 'nope' });
    expect(refused.statusCode).toBe(400);
    expect(readableText(refused.body).filter((t) => ISO_DATE.test(t) || CODE_NAME.test(t))).toEqual([]);
  });

  it('as an administrator and a Party', async () => {
    const admin = formClient(app);
    expect((await admin.signIn('admin@secretariat.example')).statusCode).toBe(303);
    expect(await offences(admin, adminPages)).toEqual([]);
    const party = formClient(app);
    expect((await party.signIn('andy.knowles@utilita.example')).statusCode).toBe(303);
    expect(await offences(party, ['/', '/submissions/', '/submissions/new', '/account'])).toEqual([]);
  });
});
