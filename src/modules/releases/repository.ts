// All SQL of releases: the planned releases, and the changes that point at each (read from the
// register's table; the register changes only through its own service).
import type { Executor } from '../database.js';
import type { Release, ReleaseChange } from './releases.js';
import type { ReleasesTable } from './tables.js';

function toRelease(r: ReleasesTable): Release {
  return { id: r.id, name: r.name, date: r.date, kind: r.kind, planned: true, implementedOn: r.implemented_on, version: Number(r.version) };
}

export async function findRelease(ex: Executor, id: string): Promise<Release | null> {
  const r = await ex.selectFrom('releases').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toRelease(r) : null;
}

export async function findReleaseByNameKey(ex: Executor, nameKey: string): Promise<Release | null> {
  const r = await ex.selectFrom('releases').selectAll().where('name_key', '=', nameKey).executeTakeFirst();
  return r ? toRelease(r) : null;
}

/** Planned releases dated within the year, or (without one) those not yet implemented. */
export async function listReleases(ex: Executor, filter: { year?: number }): Promise<Release[]> {
  let q = ex.selectFrom('releases').selectAll();
  q = filter.year !== undefined
    ? q.where('date', '>=', `${filter.year}-01-01`).where('date', '<=', `${filter.year}-12-31`)
    : q.where('implemented_on', 'is', null);
  return (await q.orderBy('date').orderBy('name').execute()).map(toRelease);
}

export async function insertRelease(ex: Executor, row: ReleasesTable): Promise<void> {
  await ex.insertInto('releases').values(row).execute();
}

/** Records the implementation only if nobody changed the release since `expectedVersion`. */
export async function markImplemented(ex: Executor, id: string, expectedVersion: number, on: string, at: string): Promise<boolean> {
  const r = await ex.updateTable('releases').set({ implemented_on: on, version: expectedVersion + 1, updated_at: at })
    .where('id', '=', id).where('version', '=', expectedVersion).where('implemented_on', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The changes pointing at a release, in number order, without their standing (the service adds it from the profile). */
export async function changesOf(ex: Executor, releaseId: string): Promise<Omit<ReleaseChange, 'standing'>[]> {
  const rows = await ex.selectFrom('proposals').select(['id', 'reference', 'title', 'slug', 'state', 'implementation_date', 'number', 'variant'])
    .where('target_release_id', '=', releaseId).orderBy('series').orderBy('number').orderBy('variant').execute();
  return rows.map((r) => ({ id: r.id, reference: r.reference, title: r.title, slug: r.slug, state: r.state, implementationDate: r.implementation_date }));
}

/** How many changes point at each of the releases. */
export async function changeCounts(ex: Executor, releaseIds: string[]): Promise<Map<string, number>> {
  if (releaseIds.length === 0) return new Map();
  const rows = await ex.selectFrom('proposals').select((eb) => ['target_release_id', eb.fn.countAll().as('n')])
    .where('target_release_id', 'in', releaseIds).groupBy('target_release_id').execute();
  return new Map(rows.map((r) => [r.target_release_id as string, Number(r.n)]));
}
