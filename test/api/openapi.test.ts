// The OpenAPI document and the health check.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { secProfile } from '../../src/process/sec.js';
import { describeEachDatabase } from '../support/databases.js';
import { startApi, type Api } from './helpers.js';

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

describeEachDatabase('API: OpenAPI document and health', ({ ctx, dialect }) => {
  let api: Api;
  let doc: Record<string, any>;
  beforeAll(async () => {
    api = await startApi(ctx());
    const res = await api.get('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    doc = res.json();
  });
  afterAll(async () => { await api?.close(); });
  afterEach(() => { expect(api.serverErrors.splice(0)).toEqual([]); });

  it('is an OpenAPI 3 document with the register\'s paths', () => {
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(doc.servers).toEqual([{ url: 'https://secretariat.test' }]);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([
      '/api/v1/proposals', '/api/v1/proposals/{ref}', '/api/v1/proposals/{ref}/actions', '/api/v1/proposals/{ref}/events',
      '/api/v1/proposals/{ref}/problem-statement', '/healthz',
    ]));
    expect(Object.keys(doc.paths['/api/v1/proposals']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/v1/proposals/{ref}']).sort()).toEqual(['get', 'patch']);
    expect(Object.keys(doc.paths['/api/v1/proposals/{ref}/actions'])).toEqual(['post']);
    expect(Object.keys(doc.paths['/api/v1/proposals/{ref}/events'])).toEqual(['get']);
  });

  it('describes every event type\'s payload once, as a union on `type`, for the change feed and timelines', () => {
    const union = doc.components.schemas.ChangeEvent;
    expect(union.discriminator).toEqual({ propertyName: 'type' });
    const types = union.oneOf.map((v: { properties: { type: { const?: string; enum?: string[] } } }) => v.properties.type.const ?? v.properties.type.enum?.[0]);
    expect(types).toEqual([...ctx().catalog.types]);
    for (const variant of union.oneOf) expect(variant.properties.payload.type, variant.title).toBe('object');
    const action = union.oneOf.find((v: { title: string }) => v.title === 'proposal.action-taken');
    expect(Object.keys(action.properties.payload.properties)).toEqual(expect.arrayContaining(['action', 'fromState', 'toState', 'inputs', 'changes']));
    for (const path of ['/api/v1/changes', '/api/v1/proposals/{ref}/events']) {
      const items = doc.paths[path].get.responses['200'].content['application/json'].schema.properties.items;
      expect(items.items, path).toEqual({ $ref: '#/components/schemas/ChangeEvent' });
    }
    const params = doc.paths['/api/v1/changes'].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(expect.arrayContaining(['after', 'limit', 'type']));
  });

  it('documents every action id of the profile in the action body', () => {
    const schema = doc.paths['/api/v1/proposals/{ref}/actions'].post.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(['action']);
    const description: string = schema.properties.action.description;
    for (const action of secProfile.actions) expect(description).toMatch(new RegExp(`\\b${action.id}\\b`));
    // Every input any action takes is a documented property, and nothing else is accepted.
    for (const input of secProfile.actions.flatMap((a) => a.inputs)) expect(schema.properties).toHaveProperty(input.name);
    expect(schema.additionalProperties).toBe(false);
  });

  it('shows no HTML page, asset or document route', () => {
    for (const path of Object.keys(doc.paths)) {
      expect(path === '/healthz' || path.startsWith('/api/v1/'), path).toBe(true);
    }
    const paths = JSON.stringify(Object.keys(doc.paths));
    expect(paths).not.toContain('/modifications');
    expect(paths).not.toContain('/assets');
    expect(paths).not.toContain('openapi.json');
  });

  it('marks every write as needing a bearer token, and documents the register\'s refusals', () => {
    expect(doc.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
    let registerWrites = 0;
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        expect(Object.keys(op.responses).some((s) => s.startsWith('2')), `${method} ${path}`).toBe(true);
        if (method === 'get') {
          expect(op.security, `${method} ${path}`).toBeUndefined();
          continue;
        }
        expect(op.security, `${method} ${path}`).toEqual([{ bearer: [] }]);
        if (!op.tags?.includes('proposals')) continue;
        registerWrites += 1;
        for (const status of ['400', '401', '403', '404', '409']) {
          const schema = op.responses[status]?.content?.['application/json']?.schema;
          expect(schema?.properties?.error?.properties?.code, `${method} ${path} ${status}`).toBeDefined();
        }
      }
    }
    expect(registerWrites).toBe(4);
    const patch = doc.paths['/api/v1/proposals/{ref}'].patch;
    expect(Object.keys(patch.responses)).toEqual(expect.arrayContaining(['412', '428']));
    expect(patch.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'header', name: 'if-match' })]));
    expect(doc.paths['/api/v1/proposals'].post.responses).toHaveProperty('201');
    expect(doc.paths['/api/v1/proposals'].get.responses).toHaveProperty('400');
  });

  it('lists the filters of the register as query parameters', () => {
    const names = (doc.paths['/api/v1/proposals'].get.parameters as { in: string; name: string }[])
      .filter((p) => p.in === 'query').map((p) => p.name).sort();
    expect(names).toEqual(expect.arrayContaining(['leadAnalyst', 'limit', 'offset', 'order', 'partyCategory', 'path', 'q', 'sort', 'stage']));
  });

  it('resolves every $ref it uses', () => {
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) {
      const target = ref.slice('"$ref":"'.length, -1);
      expect(target.startsWith('#/'), target).toBe(true);
      const found = target.slice(2).split('/').reduce<any>((node, key) => node?.[key], doc);
      expect(found, target).toBeDefined();
    }
  });

  it('compiles every route\'s validators and serialisers (compiled on first use, so a broken schema shows here, not at a first request)', () => {
    expect(() => api.app.compileAllSchemas()).not.toThrow();
  });

  it('answers the health check', async () => {
    const res = await api.get('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body).toBe(JSON.stringify({ status: 'ok', database: dialect }));
  });
});
