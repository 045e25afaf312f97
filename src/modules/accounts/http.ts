// Who is acting, and whether they may: one hook for every route. A bearer token or a session
// cookie names the account (anonymous visitors are the public); the permission table says what
// the route needs. API writes need a bearer token with write scope, checked before anything else,
// so an anonymous write always gets 401.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../context.js';
import type { HttpServer } from '../../platform/http/server.js';
import { DomainError } from '../../platform/errors.js';
import { PUBLIC, type Actor, type TokenScope } from './accounts.js';
import { can, routeKey } from './permissions.js';
import { authenticateToken } from './service.js';
import { resolveSession } from './sessions.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
    /** How the actor was recognised: a token's scope, a browser session, or nobody. */
    credential?: TokenScope | 'session' | 'none';
  }
}

export const SESSION_COOKIE = 'sec_session';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A path inside this site to return to after signing in; anything else goes home. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?!\/)[^\s\\]*$/.test(next) && next.length < 500 ? next : '/';
}

export function registerAuth(app: HttpServer, ctx: ServiceContext): void {
  // What a signed-in reader was shown (their name, their forms, what only they may read) stays out
  // of every shared and browser cache; the public's answers may be kept but are checked again.
  app.addHook('onSend', async (request, reply, payload) => {
    if (!reply.hasHeader('cache-control')) reply.header('Cache-Control', request.credential && request.credential !== 'none' ? 'private, no-store' : 'no-cache');
    return payload;
  });

  app.addHook('onRequest', async (request, reply) => {
    request.actor = PUBLIC;
    request.credential = 'none';
    const url = request.routeOptions.url;
    if (!url) return; // no such route: the not-found handler answers
    const isApi = url.startsWith('/api/');
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(authorization);
      const found = m ? await authenticateToken(ctx, m[1], request.ip) : null;
      if (!found) {
        reply.header('WWW-Authenticate', m ? 'Bearer error="invalid_token"' : 'Bearer');
        throw new DomainError('UNAUTHENTICATED', m ? 'The bearer token is unknown or revoked.' : 'Authorization must be "Bearer <token>".');
      }
      request.actor = found.actor;
      request.credential = found.scope;
    } else {
      const sid = request.cookies[SESSION_COOKIE];
      const actor = sid ? await resolveSession(ctx, sid) : null;
      if (actor) {
        request.actor = actor;
        request.credential = 'session';
      } else if (sid) {
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
      }
    }

    const writing = !READ_METHODS.has(request.method);
    if (isApi && writing && request.credential !== 'write') {
      if (request.credential === 'read') throw new DomainError('FORBIDDEN', 'This token may only read.');
      reply.header('WWW-Authenticate', 'Bearer');
      throw new DomainError('UNAUTHENTICATED', 'API writes need "Authorization: Bearer <token>" with write scope (create one with `secretariat token create --name NAME`).');
    }
    const permission = request.routeOptions.config.permission;
    if (permission && can(request.actor, permission)) return;
    if (request.actor.role === 'public' && permission) {
      if (isApi) throw new DomainError('UNAUTHENTICATED', 'Sign in, or send a bearer token, to do this.');
      const back = READ_METHODS.has(request.method) ? request.url : safeNext(refererPath(request));
      return reply.redirect(`/login?next=${encodeURIComponent(back)}`, 303);
    }
    throw new DomainError('FORBIDDEN', permission
      ? `Your role (${request.actor.role}) may not do this.`
      : `${routeKey(request.method, url)} declares no permission, so it is refused.`);
  });
}

function refererPath(request: FastifyRequest): string | undefined {
  const referer = request.headers.referer;
  if (!referer) return undefined;
  try {
    const url = new URL(referer);
    return url.host === request.headers.host ? `${url.pathname}${url.search}` : undefined;
  } catch {
    return undefined;
  }
}

/** The signed-in account behind a request; the hook has already refused anyone not allowed. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor || request.actor.role === 'public') throw new DomainError('UNAUTHENTICATED', 'Not signed in.');
  return request.actor;
}

/** The actor of a web form: the signed-in account. */
export const formActor = actorOf;

/** Whether the request's actor holds a permission: pages use it to show only what the viewer may do. */
export function allows(request: FastifyRequest, permission: Parameters<typeof can>[1]): boolean {
  return can(request.actor ?? PUBLIC, permission);
}

export type { FastifyReply };
