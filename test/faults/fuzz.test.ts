// Property-based fuzzing of every route the server registers: generated bad input (random JSON,
// wrong types, huge and odd Unicode strings, nulls, random query strings, If-Match headers and
// credentials) must never get a 5xx, every refusal under /api is a JSON error with a string code,
// and the server still answers /healthz afterwards. Runs on SQLite and on PostgreSQL.
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildServer, openContext } from '../../src/app.js';
import { addUser, createToken } from '../../src/modules/accounts/service.js';
import { SYSTEM_ACCOUNT } from '../../src/modules/accounts/accounts.js';
import { secProfile } from '../../src/process/sec.js';
import { describeEachDatabase, freshDatabase } from '../support/databases.js';
import { PROBLEM_STATEMENT, seedDirectory } from '../api/helpers.js';
import type { HttpServer } from '../../src/platform/http/server.js';

// Ten generated requests per route and database in every run: each route is fuzzed on both engines
// every time, and the seed changes from run to run, so coverage grows across runs. FUZZ_RUNS=200
// fuzzes deeper on demand; a failure prints its seed, and FUZZ_SEED replays it.
const NUM_RUNS = Number(process.env.FUZZ_RUNS) || 10;
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

/** The routes as the server registers them (HEAD and OPTIONS left out), read once from a throwaway server. */
const ROUTES = await (async () => {
  const db = await freshDatabase('sqlite');
  const ctx = await openContext(db.target);
  const app = await buildServer(ctx);
  await app.ready();
  const routes = fuzzable(app.registeredRoutes);
  await app.close();
  await ctx.db.close();
  await db.drop();
  return routes;
})();

function fuzzable(registered: { method: string; url: string }[]): string[] {
  return [...new Set(registered.filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS').map((r) => `${r.method} ${r.url}`))];
}

type Auth = 'write' | 'read' | 'party' | 'none' | 'unknown' | 'malformed';
type Encoding = 'json' | 'broken-json' | 'form' | 'text' | 'none';

interface FuzzRequest {
  params: Record<string, string>;
  query: string;
  body: unknown;
  rawBody: string;
  encoding: Encoding;
  ifMatch: string | undefined;
  cookie: string | undefined;
  auth: Auth;
}

/** Field names the API knows (from its OpenAPI description), so generated bodies reach the checks behind the schema too. */
interface Shape { body: string[]; query: string[] }

const printable = (max: number) => fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: max });
const odd = fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\uD800', '\uDFFF\uD800', '🦄'.repeat(30), 'e\u0301', '\u202E', '<script>alert(1)</script>',
  "'; drop table proposals; --", '%00', '%E0%A4%A', '../../etc/passwd', 'null', 'true', '[]', '{}', '-1', '0', '1e309', 'NaN', '9007199254740993',
  '2020-01-07', '2020-02-30', '2999-12-31', '0000-00-00', 'DP001', 'MP001', 'OPSG', 'CSC', 'Utilita', 'Joe Hehir', 'org-utilita', 'p-joe',
  'refinement', 'report-phase', 'fast-track', '1', '2', '3', 'none', 'potential', 'md', 'html', 'pdf', 'docx', 'admin', 'party', 'read', 'write');
const huge = fc.integer({ min: 1_000, max: 300_000 }).chain((n) => fc.constantFrom('x'.repeat(n), 'é'.repeat(n), '💥'.repeat(Math.floor(n / 2)), `## What is the issue?\n\n${'word '.repeat(n / 5)}`));
const text = fc.oneof(
  { arbitrary: fc.string(), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary' }), weight: 2 },
  { arbitrary: odd, weight: 4 },
  { arbitrary: fc.constantFrom(...secProfile.actions.map((a) => a.id)), weight: 2 },
  { arbitrary: huge, weight: 1 },
  { arbitrary: fc.string().map((t) => `Valid text ${t}\u0000 with a NUL`), weight: 1 },
);
const scalar = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.bigInt().map(String));
const value = fc.oneof({ arbitrary: scalar, weight: 5 }, fc.array(scalar, { maxLength: 4 }), fc.dictionary(fc.string(), scalar, { maxKeys: 3 }));

/**
 * A valid body for each API write, so that mutating one or two of its fields (a wrong type, a huge
 * or odd string, null) gets past the schema into the use case's own checks and the database.
 */
const VALID_BODIES: Record<string, Record<string, unknown>> = {
  'POST /api/v1/proposals': { title: 'Fuzzed raise', raisedOn: '2020-01-06', summary: 'Why.', organisation: 'Utilita', proposer: 'Ann Proposer', leadAnalyst: 'Joe Hehir', problemStatement: PROBLEM_STATEMENT },
  'PATCH /api/v1/proposals/:ref': { title: 'Fuzzed edit', latestUpdate: 'Now.', businessDate: '2020-01-08', note: 'A note.', documentsAffected: ['Section H'] },
  'POST /api/v1/proposals/:ref/actions': { action: 'present-to-csc-initial', businessDate: '2020-01-08', note: 'A note.' },
  'PUT /api/v1/proposals/:ref/problem-statement': { body: PROBLEM_STATEMENT, businessDate: '2020-01-08', note: 'A note.' },
  'POST /api/v1/proposals/:ref/views': { committee: 'OPSG', impact: 'potential', furtherInput: true, comments: 'Views.', businessDate: '2020-01-08' },
  'PUT /api/v1/proposals/:ref/anticipated-impacts': { committee: 'OPSG', text: 'Some impact.' },
  'POST /api/v1/committees/:code/members': { name: 'Mo Member', organisation: 'Utilita', seat: 'large-supplier', termStart: '2020-01-01' },
  'POST /api/v1/meetings': { committee: 'OPSG', date: '2020-03-03', title: 'OPSG 3', location: 'Online', startTime: '10:00' },
  'PATCH /api/v1/meetings/:id': { title: 'Renamed', location: 'London', startTime: '11:00', status: 'planned' },
  'POST /api/v1/meetings/:id/agenda': { ref: 'DP001', purpose: 'for-decision', text: 'Item.' },
  'POST /api/v1/meetings/:id/outcomes': { ref: 'DP001', action: 'present-to-csc-initial', note: 'Decided.' },
  'PUT /api/v1/papers/text': { committee: 'OPSG', date: '2020-02-04', author: 'An Author', team: 'SECAS', purpose: 'Purpose.', recommendation: 'Note it.' },
  'POST /api/v1/papers': { committee: 'OPSG', date: '2020-02-04' },
  'POST /api/v1/submissions': { title: 'Fuzzed submission', summary: 'Summary.', sections: { 'What is the issue?': 'An issue.' } },
  'PUT /api/v1/submissions/:id': { title: 'Fuzzed submission', summary: 'Summary.', sections: { 'What is the issue?': 'An issue.' } },
  'POST /api/v1/submissions/:id/return': { comments: 'Please say more.' },
  'POST /api/v1/submissions/:id/raise': { leadAnalyst: 'Joe Hehir', comments: 'Raised.' },
};

/** A valid body with one or two fields dropped or replaced by generated values. */
function mutated(base: Record<string, unknown>, names: string[]): fc.Arbitrary<Record<string, unknown>> {
  const keys = [...new Set([...Object.keys(base), ...names])];
  return fc.record({
    drop: fc.subarray(Object.keys(base), { maxLength: 1 }),
    set: fc.dictionary(fc.constantFrom(...keys), fc.oneof({ arbitrary: text, weight: 4 }, value), { minKeys: 1, maxKeys: 2 }),
  }).map(({ drop, set }) => {
    const body = { ...base, ...set };
    for (const k of drop) delete body[k];
    return body;
  });
}

function requestArbitrary(params: string[], known: Record<string, string[]>, shape: Shape, base?: Record<string, unknown>): fc.Arbitrary<FuzzRequest> {
  const fields = shape.body.length ? fc.constantFrom(...shape.body) : fc.string();
  const queryNames = fc.oneof(shape.query.length ? fc.constantFrom(...shape.query) : fc.string(), fc.string(), fc.constantFrom('limit', 'offset', 'sort', 'format', '__proto__'));
  const param = (name: string) => fc.oneof(
    { arbitrary: fc.constantFrom(...(known[name] ?? ['x'])), weight: 4 },
    { arbitrary: text.map(encodePath), weight: 2 },
    { arbitrary: fc.constantFrom('%', '%E0%A4%A', '%00', '..', '%2e%2e%2f%2e%2e', 'a%2Fb', ' ', '%20', '%F0%9F%A6%84'), weight: 1 },
  );
  return fc.record({
    params: fc.record(Object.fromEntries(params.map((p) => [p, param(p)]))),
    query: fc.oneof(
      { arbitrary: fc.array(fc.tuple(queryNames, fc.oneof(text, scalar.map(String))), { maxLength: 5 }).map(toQuery), weight: 5 },
      { arbitrary: fc.constantFrom('?%', '?a=%ZZ', '?&&==&', '?a[b]=c&a[]=d', '?limit=-1&offset=1e99', '?stage=,,,', `?q=${'x'.repeat(5000)}`, '?format=pdf&committee=OPSG&date=2020-02-04'), weight: 1 },
    ),
    body: fc.oneof(
      ...(base ? [{ arbitrary: mutated(base, shape.body), weight: 8 }] : []),
      { arbitrary: fc.dictionary(fields, value, { maxKeys: 6 }), weight: 3 },
      { arbitrary: fc.object(), weight: 1 },
      { arbitrary: fc.anything(), weight: 1 },
      { arbitrary: fc.jsonValue(), weight: 1 },
    ),
    rawBody: fc.oneof(fc.string(), fc.constantFrom('{', '{"a":', '[1,2', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', 'null', '"str"', '1', '\u0000')),
    encoding: fc.oneof({ arbitrary: fc.constant<Encoding>('json'), weight: 8 }, fc.constantFrom<Encoding>('broken-json', 'form', 'text', 'none')),
    ifMatch: fc.option(fc.oneof(fc.constantFrom('"1"', '"2"', '*', 'W/"1"', '"0"', '"-1"', '"99999999999999999999999"', '""', 'W/', '"1", "2"', '"1.5"'), printable(40)), { nil: undefined }),
    cookie: fc.option(fc.oneof(fc.constantFrom('sec_session=%00', 'sec_session=nonsense', 'sec_session=%E0%A4%A', '_csrf_secret=%00', 'sec_session='),
      printable(60).map((v) => `sec_session=${v}`)), { nil: undefined, freq: 8 }),
    auth: fc.oneof({ arbitrary: fc.constant<Auth>('write'), weight: 4 }, { arbitrary: fc.constant<Auth>('party'), weight: 2 }, fc.constantFrom<Auth>('read', 'none', 'unknown', 'malformed')),
  });
}

function encodePath(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return encodeURIComponent(Buffer.from(s).toString()); // a lone surrogate: send its replacement character
  }
}

function toQuery(pairs: [string, string][]): string {
  const search = new URLSearchParams();
  for (const [k, v] of pairs) search.append(Buffer.from(k).toString(), Buffer.from(v).toString());
  const s = search.toString();
  return s ? `?${s}` : '';
}

function urlOf(pattern: string, params: Record<string, string>): string {
  return pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => params[name]).replace('*', params['*'] ?? 'x');
}

describeEachDatabase('faults: fuzzed requests to every route', ({ ctx }) => {
  let app: HttpServer;
  const tokens = { write: '', read: '', party: '' };
  /** The error behind each 5xx, so a failure names its cause. */
  const causes = new Map<string, string>();
  const serverErrors: string[] = [];
  const known: Record<string, string[]> = {};
  let openapi: { paths: Record<string, Record<string, any>> };

  beforeAll(async () => {
    await seedDirectory(ctx());
    app = await buildServer(ctx());
    app.addHook('onError', async (request, _reply, error) => {
      causes.set(String(request.headers['x-fuzz-id']), `${(error as { code?: string }).code ?? ''} ${error.message}`.slice(0, 300));
    });
    app.addHook('onResponse', async (request, reply) => {
      if (reply.statusCode >= 500) serverErrors.push(`${request.method} ${request.url.slice(0, 200)} ${reply.statusCode}`);
    });
    await app.ready();
    tokens.write = (await createToken(ctx(), { name: 'write' })).token;
    tokens.read = (await createToken(ctx(), { name: 'read', scope: 'read' })).token;
    const party = await addUser(ctx(), SYSTEM_ACCOUNT, { email: 'fuzz.party@example.org', name: 'Fuzz Party', role: 'party', organisation: 'Utilita', password: 'a long enough password' });
    tokens.party = (await createToken(ctx(), { name: 'party', userEmail: 'fuzz.party@example.org' })).token;
    const post = async (url: string, token: string, body: object) => {
      const res = await app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` }, payload: body });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    const proposal = await post('/api/v1/proposals', tokens.write, { title: 'Fuzzed change', raisedOn: '2020-01-06', problemStatement: PROBLEM_STATEMENT, leadAnalyst: 'Joe Hehir' });
    const meeting = await post('/api/v1/meetings', tokens.write, { committee: 'OPSG', date: '2020-02-04' });
    const submission = await post('/api/v1/submissions', tokens.party, { title: 'Fuzzed submission', summary: 'A summary.' });
    known.ref = ['DP001', 'MP001', proposal.reference, 'DP999', 'SECMP0032', 'MP102A', 'dp001'];
    known.slug = [proposal.slug, `${proposal.slug}/`, 'no-such-change'];
    known.code = ['OPSG', 'CSC', 'TABASC', 'opsg', 'XXX'];
    known.id = [meeting.id, submission.id, party.id, 'org-utilita', 'org-secas', '1', 'x'];
    known.n = ['1', '2', '0', '-1', '1.5', '99999999999999999999'];
    known.format = ['md', 'html', 'docx', 'pdf', 'exe'];
    known.date = ['2020-02-04', '2020-02-30', '9999-99-99'];
    known['*'] = ['styles.css', 'missing.css', '..%2Fpackage.json', '%2e%2e/%2e%2e/package.json'];
    openapi = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  });
  afterAll(async () => { await app?.close(); });
  afterEach(() => { expect(serverErrors.splice(0)).toEqual([]); });

  function shapeOf(method: string, pattern: string): Shape {
    const op = openapi.paths[pattern.replace(/:([A-Za-z]+)/g, '{$1}')]?.[method.toLowerCase()];
    const props = op?.requestBody?.content?.['application/json']?.schema?.properties ?? {};
    const query = (op?.parameters ?? []).filter((p: { in: string }) => p.in === 'query').map((p: { name: string }) => p.name);
    return { body: Object.keys(props), query };
  }

  let sent = 0;
  async function send(method: string, pattern: string, r: FuzzRequest, id: string): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { 'x-fuzz-id': id };
    const bearer = tokens[r.auth as 'write'];
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    else if (r.auth === 'unknown') headers.authorization = 'Bearer sec_unknownunknownunknownunknownunknownunknown';
    else if (r.auth === 'malformed') headers.authorization = 'Basic Zm9vOmJhcg==';
    if (r.ifMatch !== undefined) headers['if-match'] = r.ifMatch;
    if (r.cookie !== undefined) headers.cookie = r.cookie;
    let payload: string | undefined;
    if (method !== 'GET') {
      if (r.encoding === 'json') payload = JSON.stringify(r.body);
      else if (r.encoding === 'broken-json') payload = r.rawBody;
      else if (r.encoding === 'form') {
        const entries: [string, unknown][] = r.body && typeof r.body === 'object' ? Object.entries(r.body) : [['value', r.body]];
        payload = toQuery(entries.map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v) ?? ''])).slice(1);
      } else if (r.encoding === 'text') payload = String(r.rawBody);
      if (payload !== undefined) {
        headers['content-type'] = { json: 'application/json', 'broken-json': 'application/json', form: 'application/x-www-form-urlencoded', text: 'text/plain', none: '' }[r.encoding];
      }
    }
    return app.inject({ method: method as 'GET', url: urlOf(pattern, r.params) + r.query, headers, ...(payload !== undefined ? { payload } : {}) });
  }

  it('fuzzes exactly the routes the server registers', () => {
    expect(fuzzable(app.registeredRoutes)).toEqual(ROUTES);
    expect(ROUTES.length).toBeGreaterThan(50);
  });

  for (const route of ROUTES) {
    const [method, pattern] = route.split(' ');
    const params = [...pattern.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]).concat(pattern.includes('*') ? ['*'] : []);

    it(`never answers 5xx to ${route}`, async () => {
      await fc.assert(fc.asyncProperty(requestArbitrary(params, known, shapeOf(method, pattern), VALID_BODIES[route]), async (r) => {
        const id = String((sent += 1));
        const res = await send(method, pattern, r, id);
        const where = `${route} → ${res.statusCode} ${res.body.slice(0, 300)} ${causes.get(id) ?? ''}`;
        expect(res.statusCode, where).toBeLessThan(500);
        if (pattern.startsWith('/api/') && res.statusCode >= 400) {
          expect(res.headers['content-type'], where).toMatch(/^application\/json/);
          const body = res.json();
          expect(typeof body.error?.code, where).toBe('string');
          expect(typeof body.error?.message, where).toBe('string');
        }
      }), { numRuns: NUM_RUNS, seed: SEED, endOnFailure: true });
    });
  }

  // The faults fuzzing found, as fixed cases: the router's own refusals used Fastify's default body
  // ({"error": "Bad Request", "code": "FST_ERR_…"}); a NUL character (22021) and an If-Match too large
  // for an integer column (22003) reached PostgreSQL and answered 500.
  it('answers the cases fuzzing found with a JSON error, never a 5xx', async () => {
    const cases: [string, Record<string, string>, number[], string?][] = [
      ['/api/v1/proposals/%E0%A4%A', {}, [400], 'BAD_REQUEST'],
      [`/api/v1/proposals/${'x'.repeat(101)}`, {}, [414], 'URI_TOO_LONG'],
      ['/api/v1/meetings/a%00b', {}, [400, 404]],
      ['/api/v1/proposals/DP001', { cookie: 'sec_session=%00' }, [200]],
      ['/api/v1/proposals?q=a%00b', {}, [200, 400]],
    ];
    for (const [url, headers, statuses, code] of cases) {
      const res = await app.inject({ method: 'GET', url, headers });
      expect(statuses, `${url} ${res.body}`).toContain(res.statusCode);
      if (res.statusCode >= 400) {
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(res.json().error.code).toBe(code ?? res.json().error.code);
        expect(res.json().error.message.length).toBeLessThan(200); // the address is not echoed back
      }
    }
    const page = await app.inject({ method: 'GET', url: '/modifications/%E0%A4%A' });
    expect(page.statusCode).toBe(400);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const nul = await app.inject({ method: 'POST', url: '/api/v1/proposals', headers: { authorization: `Bearer ${tokens.write}` },
      payload: { title: 'A NUL \u0000 in the title', raisedOn: '2020-01-06' } });
    expect([201, 400], nul.body).toContain(nul.statusCode); // SQLite stores it; PostgreSQL refuses it (400, nothing saved)
    // An If-Match beyond the database's integer went into the paper's UPDATE (22003 on PostgreSQL).
    for (const ifMatch of ['"99999999999999999999"', '"3000000000"']) {
      const res = await app.inject({ method: 'PUT', url: '/api/v1/papers/text', headers: { authorization: `Bearer ${tokens.write}`, 'if-match': ifMatch },
        payload: { committee: 'OPSG', date: '2020-02-04', author: 'An Author' } });
      expect(res.statusCode, res.body).toBe(412);
      expect(res.json().error.code).toBe('VERSION_CONFLICT');
    }
  });

  it('still answers /healthz after the fuzzing', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('ok');
  });
});
