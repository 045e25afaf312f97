// Property-based fuzzing of every HTML form route (each POST outside /api): a signed-in browser with
// a good CSRF token posts random fields (the names the pages' forms use, and others; odd, huge and
// out-of-range values, numbers past the database's integers, repeated fields) and the server must
// never answer 5xx. Runs on SQLite and on PostgreSQL, over the demo register.
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { buildServer } from '../../src/app.js';
import type { HttpServer } from '../../src/platform/http/server.js';
import { describeEachDatabase } from '../support/databases.js';
import { csrfFrom, formClient } from '../support/form-client.js';

const NUM_RUNS = Number(process.env.FUZZ_RUNS) || 8;
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

/** Signing in and out are left out: they would end the session the other routes are fuzzed with. */
const SKIPPED = new Set(['POST /login', 'POST /logout']);

/** The field names the pages' forms use. */
const FIELDS = ['access', 'action', 'agenda-purpose', 'agenda-ref', 'agenda-text', 'audienceCommittee', 'author', 'body', 'businessDate', 'comments',
  'committee', 'confirm', 'date', 'documentsAffected', 'email', 'from', 'impactedCategories', 'intent', 'kind', 'latestUpdate', 'leadAnalyst',
  'location', 'name', 'next', 'note', 'onlineUrl', 'organisation', 'partyCategory', 'password', 'path', 'problemStatement', 'proposer',
  'publishedOn', 'purpose', 'raiseComments', 'raisedOn', 'recommendation', 'ref', 'restricted', 'role', 'scope', 'seat', 'solution', 'startTime',
  'status', 'summary', 'targetRelease', 'team', 'termStart', 'termEnd', 'title', 'token', 'urgent', 'version', 'versionLabel', 'view-comments',
  'view-furtherInput', 'view-impact', 'view-ref', 'member', 'category', 'route'];

const odd = fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\uD800', '🦄', '<script>alert(1)</script>', "'; drop table proposals; --", '-1', '0', '1',
  '2', '2147483647', '2147483648', '4294967296', '9007199254740993', '99999999999999999999', '1e309', 'NaN', '1.5', '2020-01-07', '2020-02-30',
  '2999-12-31', '1900-01-01', 'DP001', 'DP094', 'MP001', 'OPSG', 'CSC', 'Utilita', 'Joe Hehir', 'refinement', 'fast-track', 'none', 'potential',
  'true', 'on', 'chair', 'member', 'large-supplier', 'https://example.org', 'javascript:alert(1)', '[x](javascript:alert(1))');
const value = fc.oneof({ arbitrary: odd, weight: 5 }, { arbitrary: fc.string(), weight: 3 }, { arbitrary: fc.string({ unit: 'binary' }), weight: 1 },
  { arbitrary: fc.integer({ min: 1_000, max: 100_000 }).map((n) => 'x'.repeat(n)), weight: 1 });
const fields = fc.dictionary(fc.oneof({ arbitrary: fc.constantFrom(...FIELDS), weight: 6 }, fc.string({ maxLength: 12 })),
  fc.oneof({ arbitrary: value, weight: 6 }, fc.array(value, { minLength: 2, maxLength: 3 })), { maxKeys: 10 });

describeEachDatabase('faults: fuzzed HTML forms', ({ ctx }) => {
  let app: HttpServer;
  const serverErrors: string[] = [];
  const causes = new Map<string, string>();
  let routes: string[] = [];
  const known: Record<string, string[]> = {};
  const admin = () => browsers.admin;
  const browsers = {} as Record<'admin' | 'party', ReturnType<typeof formClient> & { csrf: string }>;

  beforeAll(async () => {
    app = await buildServer(ctx());
    app.addHook('onError', async (request, _reply, error) => {
      causes.set(request.url, `${(error as { code?: string }).code ?? ''} ${error.message}`.slice(0, 300));
    });
    app.addHook('onResponse', async (request, reply) => {
      if (reply.statusCode >= 500) serverErrors.push(`${request.method} ${request.url.slice(0, 200)} ${reply.statusCode} ${causes.get(request.url) ?? ''}`);
    });
    await app.ready();
    routes = [...new Set(app.registeredRoutes.filter((r) => r.method === 'POST' && !r.url.startsWith('/api/')).map((r) => `${r.method} ${r.url}`))]
      .filter((r) => !SKIPPED.has(r));
    for (const [who, email] of [['admin', 'admin@secretariat.example'], ['party', 'andy.knowles@utilita.example']] as const) {
      const browser = formClient(app);
      expect((await browser.signIn(email)).statusCode).toBe(303);
      browsers[who] = { ...browser, csrf: csrfFrom((await browser.get('/account')).body) };
      expect(browsers[who].csrf).not.toBe('');
    }
    const kysely = ctx().db.kysely;
    const meetings = await kysely.selectFrom('meetings').select('id').limit(2).execute();
    const releases = await kysely.selectFrom('releases').select('id').limit(2).execute();
    const proposals = await kysely.selectFrom('proposals').select('slug').limit(2).execute();
    // Users the fuzzing may change or disable: neither of the two it signs in as.
    const users = await kysely.selectFrom('accounts').select('id')
      .where('email', 'not in', ['admin@secretariat.example', 'andy.knowles@utilita.example']).limit(2).execute();
    const orgs = await kysely.selectFrom('organisations').select('id').limit(2).execute();
    known.id = [...meetings, ...releases, ...users, ...orgs].map((r) => r.id).concat(['x', '%00']);
    known.slug = proposals.map((p) => p.slug).concat(['no-such-change']);
    known.code = ['OPSG', 'CSC', 'opsg', 'XXX'];
    known.date = ['2019-11-26', '2020-02-30', '9999-99-99'];
    known.name = ['mail', 'x'];
    known.position = ['1', '-1', '99999999999'];
  });
  afterAll(async () => { await app?.close(); });
  afterEach(() => { expect(serverErrors.splice(0)).toEqual([]); });

  it('finds the form routes', () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes).toContain('POST /meetings/:id/outcomes');
  });

  it('never answers 5xx to random fields on any form route', async () => {
    for (const route of routes) {
      const pattern = route.split(' ')[1];
      const params = [...pattern.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]);
      const who = pattern.startsWith('/submissions') ? fc.constantFrom<'admin' | 'party'>('party', 'admin') : fc.constant<'admin' | 'party'>('admin');
      const request = fc.record({
        who,
        params: fc.record(Object.fromEntries(params.map((p) => [p, fc.constantFrom(...(known[p] ?? ['x']))]))),
        fields,
      });
      await fc.assert(fc.asyncProperty(request, async (r) => {
        const url = pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(r.params[name]));
        const browser = r.who === 'party' ? browsers.party : admin();
        const form: Record<string, string | string[]> = {};
        for (const [k, v] of Object.entries(r.fields)) form[k] = Array.isArray(v) ? v.map((x) => Buffer.from(x).toString()) : Buffer.from(v).toString();
        const res = await browser.post(url, { ...form, _csrf: browser.csrf });
        expect(res.statusCode, `${route} ${url} → ${res.statusCode} ${JSON.stringify(form).slice(0, 300)} ${causes.get(url) ?? ''}`).toBeLessThan(500);
      }), { numRuns: NUM_RUNS, seed: SEED, endOnFailure: true });
    }
  });
}, { demo: true });
