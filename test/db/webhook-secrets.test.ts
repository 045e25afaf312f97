// Webhook secrets written in plain text before they were sealed are sealed by the migration on each
// engine: AES-256-GCM under the installation's key, opened again only with that key; a register
// with no endpoint migrates without one.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../src/app.js';
import { openDatabase, type Db } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { isSealed, unseal } from '../../src/platform/crypto/secret-box.js';
import { secProfile } from '../../src/process/sec.js';
import { DIALECTS, freshDatabase, postgresReachable } from '../support/databases.js';

const SEALED_ERA = '2026-12-05-01-webhook-secrets-sealed';
const pgUp = await postgresReachable();

for (const dialect of DIALECTS) {
  (dialect === 'sqlite' || pgUp ? describe : describe.skip)(`sealing webhook secrets [${dialect}]`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    const key = randomBytes(32);
    const plain = `whsec_${randomBytes(32).toString('base64')}`;
    beforeAll(async () => {
      const fresh = await freshDatabase(dialect);
      drop = fresh.drop;
      db = await openDatabase(fresh.target);
      await migrate(db, migrations.filter((m) => m.name < SEALED_ERA), secProfile);
      const at = '2026-12-01T10:00:00.000Z';
      const endpoint = (id: string, secret: string | null) => ({
        id, url: `https://hooks.example/${id}`, description: '', event_types: '["*"]', secret, status: 'active', from_position: 0, version: 1, created_at: at, updated_at: at,
      });
      await db.kysely.insertInto('webhook_endpoints').values([endpoint('plain', plain), endpoint('imported', null)] as never).execute();
      await migrate(db, migrations, secProfile, { key });
    });
    afterAll(async () => {
      await db?.close();
      await drop?.();
    });

    it('seals each plain secret, leaves an endpoint without one alone, and opens it again with the key only', async () => {
      const rows = await db.kysely.selectFrom('webhook_endpoints').select(['id', 'secret', 'previous_secret']).orderBy('id').execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      expect(byId.get('imported')!.secret).toBeNull();
      const stored = byId.get('plain')!.secret!;
      expect(isSealed(stored)).toBe(true);
      expect(stored).not.toContain(plain.slice('whsec_'.length, 20));
      expect(unseal(key, stored)).toBe(plain);
      expect(() => unseal(randomBytes(32), stored)).toThrow();
      expect(byId.get('plain')!.previous_secret).toBeNull();
    });

    it('refuses to migrate plain secrets without a key', async () => {
      const fresh = await freshDatabase(dialect);
      const other: Db = await openDatabase(fresh.target);
      try {
        await migrate(other, migrations.filter((m) => m.name < SEALED_ERA), secProfile);
        await other.kysely.insertInto('webhook_endpoints').values({ id: 'x', url: 'https://hooks.example/x', description: '', event_types: '["*"]', secret: plain,
          status: 'active', from_position: 0, version: 1, created_at: 'a', updated_at: 'a' } as never).execute();
        await expect(migrate(other, migrations, secProfile)).rejects.toThrow(/secret key/);
      } finally {
        await other.close();
        await fresh.drop();
      }
    });
  });
}
