// The HTTP server every module plugs into: parsing, security headers, CSRF, OpenAPI, static files
// and error mapping. It knows no module; the composition root registers their routes.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest, type RawServerDefault } from 'fastify';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { toErrorResponse } from './errors.js';
import { ResponseCache } from './response-cache.js';
import { securityHeaders } from './security-headers.js';
import { lazyCompilers } from './serializers.js';

/** The server with TypeBox as its type provider: route handlers take their types from their schemas. */
export type HttpServer = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

export interface RegisteredRoute {
  method: string;
  url: string;
  /** The route's config, as declared where it was defined (e.g. the permission it needs). */
  config: Record<string, unknown>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered, with its config. */
    registeredRoutes: RegisteredRoute[];
    /** Rendered answers by keys that name what they depend on (response-cache.ts). */
    responseCache: ResponseCache;
    /** Compiles every route's validators and serialisers not compiled yet (each is compiled on first use); throws if one fails. */
    compileAllSchemas: () => void;
  }
}

export interface ServerOptions {
  logger?: boolean;
  /** How long a request may take to arrive, headers and body (default 30 s); then 408 and the connection closes. */
  requestTimeoutMs?: number;
  /** Used in the OpenAPI document's servers list. */
  publicBaseUrl: string;
  /** Sets Secure on cookies. */
  secureCookies: boolean;
  /** Renders an HTML error page for non-API requests. */
  renderErrorPage: (status: number, title: string, message: string) => string;
  /** Config for the routes the server defines itself (static files): the permission they need. */
  ownRoutesConfig: Record<string, unknown>;
}

/**
 * The project's public/ folder, beside its package.json: found by walking up from this file, which
 * runs from src/platform/http/, dist/platform/http/ or, bundled, dist/bundle/.
 */
function publicDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, 'public');
}

export const PUBLIC_DIR = publicDir();

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export async function createServer(options: ServerOptions) {
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const headers = securityHeaders({ https: options.secureCookies });
  const sendError = (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    // The router's own refusals come here before any hook has run.
    reply.headers(headers);
    const { status, body } = withoutPrecondition(toErrorResponse(error), request);
    if (status >= 500 && !body.error.code.startsWith('DATABASE_')) request.log.error({ err: error }, 'request failed');
    // Answered 409, but worth seeing: a race two requests lost, or a use case that forgot a check.
    else if (body.error.code === 'WRITE_CONFLICT') request.log.warn({ err: error }, 'conflicting write refused');
    if (wantsHtml(request.url)) {
      return reply.code(status).type('text/html; charset=utf-8')
        .send(options.renderErrorPage(status, titleFor(status), body.error.message));
    }
    return reply.code(status).send(body);
  };
  const compilers = lazyCompilers();
  const app = Fastify({
    // The router's own refusals (a malformed %-escape, a path parameter over 100 characters) answer
    // like every other error, not in Fastify's default shape.
    frameworkErrors: (error, request, reply) => { void sendError(error, request, reply); },
    logger: options.logger ? { level: 'info', redact: ['req.headers.authorization', 'req.headers.cookie'] } : false,
    routerOptions: { ignoreTrailingSlash: true },
    bodyLimit: 1024 * 1024,
    // A request that trickles in (a byte every few seconds) would hold its connection for ever:
    // Node cuts it off once the whole request has not arrived in time, checking every second.
    requestTimeout: requestTimeout,
    http: { requestTimeout, connectionsCheckingInterval: Math.min(1000, requestTimeout) },
    clientErrorHandler: answerClientError,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true } },
    // Each route's serialiser with only the shared schemas it uses, and one validator compiler for
    // all, each compiled when its route is first asked for (serializers.ts): most of a cold start otherwise.
    schemaController: { compilersFactory: { buildSerializer: compilers.buildSerializer, buildValidator: compilers.buildValidator } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Every route with its config, so the permission table in the docs and its test can list them.
  const routes: RegisteredRoute[] = [];
  app.decorate('registeredRoutes', routes);
  app.decorate('responseCache', new ResponseCache());
  app.decorate('compileAllSchemas', compilers.compileAll);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      // A getter: a hook of a plugin may still add to the config after this one has run.
      routes.push({ method, url: route.url ?? route.path, get config() { return (route.config ?? {}) as Record<string, unknown>; } });
    }
  });

  await app.register(formbody);
  // Multipart bodies are read only by routes that take uploads (http/multipart.ts), within their limits.
  await app.register(multipart, { throwFileSizeLimit: false });
  await app.register(cookie);
  await app.register(csrf, {
    cookieKey: '_csrf_secret',
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure: options.secureCookies },
  });
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Secretariat API', version: '1.0.0',
        description: 'The change register of an industry code: proposals, their lifecycle and timeline.' },
      servers: [{ url: options.publicBaseUrl }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    // Shared schemas appear under their own names in components (ChangeEvent), not def-0, def-1 …
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    transform: ({ schema, url }) => ({
      schema: url.startsWith('/api/v1/') || url === '/healthz' ? schema : { ...(schema ?? {}), hide: true },
      url,
    }),
  });
  await app.register(async (assets) => {
    assets.addHook('onRoute', (route) => {
      route.config = { ...(route.config ?? {}), ...options.ownRoutesConfig };
    });
    await assets.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/assets/', maxAge: '1h' });
  });

  app.setErrorHandler(sendError);
  app.setNotFoundHandler((request, reply) => {
    const message = `Nothing is at ${request.url.split('?')[0]}.`;
    if (wantsHtml(request.url)) {
      return reply.code(404).type('text/html; charset=utf-8').send(options.renderErrorPage(404, 'Not found', message));
    }
    return reply.code(404).send({ error: { code: 'NOT_FOUND', message } });
  });
  return app;
}

/**
 * 412 is for a stale If-Match. A command sent without one that lost a race to another writer (the
 * row moved on between its read and its conditional update) answers 409 WRITE_CONFLICT: nothing
 * was saved, and trying again is the remedy.
 */
function withoutPrecondition(answer: ReturnType<typeof toErrorResponse>, request: FastifyRequest): ReturnType<typeof toErrorResponse> {
  if (answer.body.error.code !== 'VERSION_CONFLICT' || request.headers['if-match'] !== undefined) return answer;
  return { status: 409, body: { error: { code: 'WRITE_CONFLICT',
    message: 'Another request changed this at the same moment; nothing was saved. Reload and try again.' } } };
}

/**
 * Errors of a connection before a request reached a route: a request that did not arrive in time
 * (408), headers too large (431), or bytes that are not HTTP (400), answered in the API's error shape
 * on the raw socket, which is then closed.
 */
function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] = error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
    ? [408, 'REQUEST_TIMEOUT', 'The request took too long to arrive; nothing was saved. Send it again.']
    : error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'HEADERS_TOO_LARGE', 'The request\'s headers are too large.']
    : [400, 'BAD_REQUEST', 'The request is not valid HTTP.'];
  const body = JSON.stringify({ error: { code, message } });
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n`
      + `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }
  socket.destroy(error);
}

function wantsHtml(url: string): boolean {
  return !url.startsWith('/api/') && !url.startsWith('/healthz');
}

function titleFor(status: number): string {
  return ({ 400: 'Check what you entered', 401: 'Sign-in needed', 403: 'Not allowed', 404: 'Not found',
    409: 'Not possible now', 412: 'Changed by someone else', 428: 'Version needed', 503: 'Unavailable' } as Record<number, string>)[status]
    ?? (status >= 500 ? 'Something went wrong' : 'Request refused');
}
