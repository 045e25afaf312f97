import { sql } from 'kysely';
import { Type } from 'typebox';
import type { Db } from '../db/database.js';
import type { HttpServer } from './server.js';

/** `config` carries what the composition root requires of every route (the permission it needs). */
export function registerHealth(app: HttpServer, db: Db, config: Record<string, unknown>): void {
  app.get('/healthz', { config,
    schema: { tags: ['health'], summary: 'Liveness and database reachability',
      response: { 200: Type.Object({ status: Type.String(), database: Type.String() }),
        503: Type.Object({ status: Type.String(), database: Type.String() }) } },
  }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(db.kysely);
      return { status: 'ok', database: db.dialect };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: db.dialect });
    }
  });
}
