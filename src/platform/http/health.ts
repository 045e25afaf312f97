import { sql } from 'kysely';
import { Type } from 'typebox';
import type { Db } from '../db/database.js';
import type { HttpServer } from './server.js';

export function registerHealth(app: HttpServer, db: Db): void {
  app.get('/healthz', {
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
