// A register made before releases, whose changes name their target release in free text, is
// migrated on each engine: each distinct text (case and spacing aside) becomes a reference to the
// calendar's release of that name, or to a release made for it; releases whose changes were all
// implemented are recorded as implemented; each release made starts its history on the stream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../src/app.js';
import { MODULES } from '../../src/modules/index.js';
import { openDatabase, type Db } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { buildCatalog } from '../../src/platform/events/catalog.js';
import { readStream } from '../../src/platform/events/stream.js';
import { londonDate } from '../../src/process/dates.js';
import { secProfile } from '../../src/process/sec.js';
import { DIALECTS, freshDatabase, postgresReachable } from '../support/databases.js';

const RELEASES_ERA = '2026-12-03-02';
const pgUp = await postgresReachable();

for (const dialect of DIALECTS) {
  (dialect === 'sqlite' || pgUp ? describe : describe.skip)(`free-text target releases [${dialect}]`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      const fresh = await freshDatabase(dialect);
      drop = fresh.drop;
      db = await openDatabase(fresh.target);
      await migrate(db, migrations.filter((m) => m.name < RELEASES_ERA), secProfile);
      const at = '2021-01-01T10:00:00.000Z';
      const change = (n: number, target: string | null, implemented: string | null) => ({
        id: `p-${n}`, series: 'SEC', number: n, variant: '', prefix: 'MP', reference: `MP0${n}`, title: `Change ${n}`, slug: `change-${n}`,
        state: implemented ? 'implemented' : 'pending-implementation', held_from_state: null, proposer_id: null, organisation_id: null,
        lead_analyst_id: null, raised_on: '2019-08-19', path: '3', fast_track: 0, urgent: 0, target_release_id: null, target_release: target,
        implementation_date: implemented, latest_update: '', summary: '', solution: '', impacted_categories: '[]', documents_affected: '[]',
        version: 3, created_at: at, updated_at: at,
      });
      await db.kysely.insertInto('proposals').values([
        change(81, 'June 2020 SEC Release', '2020-06-25'),
        change(82, 'November 2020 SEC Release', '2020-11-05'),
        change(83, '  november 2020   sec release ', null),
        change(84, 'Emergency fix release', null),
        change(85, 'TBC 2021', '2021-03-04'),
        change(86, null, null),
      ]).execute();
      await migrate(db, migrations, secProfile);
    });
    afterAll(async () => {
      await db?.close();
      await drop?.();
    });

    it('points each change at a release: the calendar\'s of that name, or one made for the text', async () => {
      const rows = await db.kysely.selectFrom('proposals').select(['reference', 'target_release_id', 'target_release']).orderBy('number').execute();
      const made = await db.kysely.selectFrom('releases').selectAll().orderBy('date').execute();
      const idOf = (name: string) => made.find((r) => r.name === name)?.id;
      expect(rows.map((r) => [r.reference, r.target_release_id, r.target_release])).toEqual([
        ['MP081', '2020-06', 'June 2020 SEC Release'],
        ['MP082', '2020-11', 'November 2020 SEC Release'],
        ['MP083', '2020-11', 'November 2020 SEC Release'],
        ['MP084', idOf('Emergency fix release'), 'Emergency fix release'],
        ['MP085', idOf('TBC 2021'), 'TBC 2021'],
        ['MP086', null, null],
      ]);
      const today = londonDate(new Date());
      expect(made.map((r) => [r.name, r.date, r.kind, r.implemented_on])).toEqual([
        ['June 2020 SEC Release', '2020-06-25', 'scheduled', '2020-06-25'],
        // One of its two changes is not implemented yet, so neither is the release.
        ['November 2020 SEC Release', '2020-11-05', 'scheduled', null],
        ['TBC 2021', '2021-03-04', 'migrated', '2021-03-04'],
        ['Emergency fix release', today, 'migrated', null],
      ]);
    });

    it('starts each release\'s history on the stream with events that fit their types', async () => {
      const events = await readStream(db.kysely, 'everything', { limit: 100 });
      expect(events.map((e) => [e.type, e.subject.ref, e.seq, e.businessDate])).toEqual([
        ['release.planned', 'Emergency fix release', 1, londonDate(new Date())],
        ['release.planned', 'June 2020 SEC Release', 1, '2020-06-25'],
        ['release.implemented', 'June 2020 SEC Release', 2, '2020-06-25'],
        ['release.planned', 'November 2020 SEC Release', 1, londonDate(new Date())],
        ['release.planned', 'TBC 2021', 1, '2021-03-04'],
        ['release.implemented', 'TBC 2021', 2, '2021-03-04'],
      ]);
      expect(events.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6]);
      const catalog = buildCatalog(MODULES.flatMap((m) => (m.events ? [m.events] : [])));
      for (const e of events) expect(await catalog.check(e.type, e.payload), e.type).toEqual([]);
      expect(events[2].payload).toMatchObject({ releaseId: '2020-06', implementedOn: '2020-06-25', changes: ['MP081'] });
    });
  });
}
