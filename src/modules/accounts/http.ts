// Request hooks that say who is acting. API writes need a bearer token with write scope; it is
// checked at onRequest, before the body is even validated, so anonymous writes always get 401.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../context.js';
import { DomainError } from '../../platform/errors.js';
import { SYSTEM_ACCOUNT, type Actor } from './accounts.js';
import { authenticateToken } from './service.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
}

export function requireWriteToken(ctx: ServiceContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) {
      reply.header('WWW-Authenticate', 'Bearer');
      throw new DomainError('UNAUTHENTICATED', 'This request needs "Authorization: Bearer <token>" (create one with `secretariat token create --name NAME`).');
    }
    const found = await authenticateToken(ctx, m[1]);
    if (!found) {
      reply.header('WWW-Authenticate', 'Bearer error="invalid_token"');
      throw new DomainError('UNAUTHENTICATED', 'The bearer token is unknown or revoked.');
    }
    if (found.scope !== 'write') throw new DomainError('FORBIDDEN', 'This token may only read.');
    request.actor = found.actor;
  };
}

/** Until sign-in exists, web forms act as the built-in administrator account. */
export function formActor(_request: FastifyRequest): Actor {
  return SYSTEM_ACCOUNT;
}

export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new DomainError('UNAUTHENTICATED', 'Not signed in.');
  return request.actor;
}
