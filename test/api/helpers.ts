// Shared pieces of the API tests: a server on a test context, bearer tokens and small request helpers.
// Requests go through Fastify's inject, so no port is opened.
import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildServer, openContext } from '../../src/app.js';
import { createToken } from '../../src/modules/accounts/service.js';
import type { ServiceContext } from '../../src/modules/context.js';
import { insertOrganisation, insertPerson } from '../../src/modules/directory/repository.js';
import type { DatabaseTarget } from '../../src/config.js';
import type { HttpServer } from '../../src/platform/http/server.js';

export const PROBLEM_STATEMENT = [
  '## What is the issue?', '', 'Prepayment customers lose supply when the SM WAN is unavailable.', '',
  '## Background and evidence', '', 'Reported by several Suppliers.', '',
  '## Desired outcome', '', 'A way to top up without the SM WAN.', '',
].join('\n');

/** Organisations and an analyst for suites that do not load the demo register. */
export async function seedDirectory(ctx: ServiceContext): Promise<void> {
  const at = '2020-01-01T00:00:00.000Z';
  await insertOrganisation(ctx.db.kysely, { id: 'org-secas', name: 'SECAS', partyCategory: null }, at);
  await insertOrganisation(ctx.db.kysely, { id: 'org-utilita', name: 'Utilita', partyCategory: 'large-supplier' }, at);
  await insertPerson(ctx.db.kysely, { id: 'p-joe', name: 'Joe Hehir', organisationId: 'org-secas', isAnalyst: true }, at);
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Api {
  app: HttpServer;
  /** Every answer with a 5xx status, as "METHOD url status"; the tests expect none. */
  serverErrors: string[];
  /** A write-scope token. */
  token: string;
  /** A read-scope token. */
  readToken: string;
  request(method: Method, url: string, options?: { body?: unknown; token?: string | null; headers?: Record<string, string> }): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  put(url: string, body: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, body: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** POST …/actions with the write token. */
  act(ref: string, body: Record<string, unknown>, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** Raise a Draft Proposal and return its body; fails the test unless it is 201. */
  raise(body: Record<string, unknown>): Promise<Record<string, any>>;
  /** The number of events on a change's timeline. */
  eventCount(ref: string): Promise<number>;
  /** The proposal's current version (the number in its ETag). */
  version(ref: string): Promise<number>;
  close(): Promise<void>;
}

export async function startApi(ctx: ServiceContext): Promise<Api> {
  const app = await buildServer(ctx);
  const serverErrors: string[] = [];
  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode >= 500) serverErrors.push(`${request.method} ${request.url} ${reply.statusCode}`);
  });
  await app.ready();
  const token = (await createToken(ctx, { name: 't' })).token;
  const readToken = (await createToken(ctx, { name: 'reader', scope: 'read' })).token;

  const api: Api = {
    app, serverErrors, token, readToken,
    request(method, url, options = {}) {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      const bearer = options.token === undefined ? token : options.token;
      if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
      return app.inject({
        method, url, headers,
        ...(options.body !== undefined ? { payload: options.body as object } : {}),
      });
    },
    get: (url) => api.request('GET', url, { token: null }),
    post: (url, body, headers) => api.request('POST', url, { body, headers }),
    put: (url, body, headers) => api.request('PUT', url, { body, headers }),
    patch: (url, body, headers) => api.request('PATCH', url, { body, headers }),
    act: (ref, body, headers) => api.post(`/api/v1/proposals/${ref}/actions`, body, headers),
    async raise(body) {
      const res = await api.post('/api/v1/proposals', body);
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    },
    async eventCount(ref) {
      const res = await api.get(`/api/v1/proposals/${ref}/events`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items.length;
    },
    async version(ref) {
      const res = await api.get(`/api/v1/proposals/${ref}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers.etag).toBe(`"${res.json().version}"`);
      return res.json().version;
    },
    close: () => app.close(),
  };
  return api;
}

/** Asserts a JSON error response: its status and stable code. Returns the error object. */
export function expectError(res: LightMyRequestResponse, status: number, code: string): Record<string, any> {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json();
  expect(body.error.code, res.body).toBe(code);
  expect(typeof body.error.message).toBe('string');
  return body.error;
}

/** Asserts a 400 VALIDATION_FAILED whose fields name `field`. */
export function expectFieldError(res: LightMyRequestResponse, field: string): Record<string, any> {
  const error = expectError(res, 400, 'VALIDATION_FAILED');
  expect(Array.isArray(error.fields), res.body).toBe(true);
  expect(error.fields.map((f: { field: string }) => f.field), res.body).toContain(field);
  return error;
}

/** A second app instance on the database `ctx` has open, as a second server process would be: its own context, caches and server. */
export async function anotherInstance(ctx: ServiceContext, target: DatabaseTarget): Promise<{ ctx: ServiceContext; app: HttpServer; close(): Promise<void> }> {
  const other = await openContext(target, { migrate: false, publicBaseUrl: ctx.publicBaseUrl });
  const app = await buildServer(other);
  return {
    ctx: other, app,
    close: async () => {
      await app.close();
      await other.db.close();
    },
  };
}
