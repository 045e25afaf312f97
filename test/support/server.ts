// A real server on a random local port, on a fresh database, optionally with the demo register.
// The database is a copy of this run's migrated (or demo) template: see migratedDatabase.
import { buildServer, openContext } from '../../src/app.js';
import type { ServiceContext } from '../../src/modules/context.js';
import type { HttpServer } from '../../src/platform/http/server.js';
import { migratedDatabase, type DialectName } from './databases.js';

export interface RunningServer {
  url: string;
  app: HttpServer;
  ctx: ServiceContext;
  stop: () => Promise<void>;
}

export async function startServer(options: { dialect?: DialectName; demo?: boolean } = {}): Promise<RunningServer> {
  const db = await migratedDatabase(options.dialect ?? 'sqlite', { demo: options.demo });
  const ctx = await openContext(db.target, { publicBaseUrl: 'http://127.0.0.1' });
  const app = await buildServer(ctx);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  ctx.publicBaseUrl = address;
  return {
    url: address,
    app,
    ctx,
    stop: async () => {
      await app.close();
      await ctx.db.close();
      await db.drop();
    },
  };
}
