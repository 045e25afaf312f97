// All SQL of the directory: organisations (with their party category) and people.
import { sql } from 'kysely';
import type { Executor } from '../database.js';
import { fromFlag, toFlag } from '../../platform/db/database.js';

export interface Organisation {
  id: string;
  name: string;
  partyCategory: string | null;
}

export interface Person {
  id: string;
  name: string;
  organisationId: string | null;
  isAnalyst: boolean;
}

export async function listOrganisations(ex: Executor): Promise<Organisation[]> {
  const rows = await ex.selectFrom('organisations').selectAll().orderBy('name').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, partyCategory: r.party_category }));
}

export async function findOrganisation(ex: Executor, idOrName: string): Promise<Organisation | null> {
  const r = await ex.selectFrom('organisations').selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrName), eb(sql`lower(name)`, '=', idOrName.trim().toLowerCase())]))
    .executeTakeFirst();
  return r ? { id: r.id, name: r.name, partyCategory: r.party_category } : null;
}

export async function insertOrganisation(ex: Executor, o: Organisation, at: string): Promise<void> {
  await ex.insertInto('organisations').values({ id: o.id, name: o.name, party_category: o.partyCategory, created_at: at }).execute();
}

/** One organisation by id only (an address names it by id). */
export async function getOrganisation(ex: Executor, id: string): Promise<Organisation | null> {
  const r = await ex.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? { id: r.id, name: r.name, partyCategory: r.party_category } : null;
}

/** One organisation by name, whatever its case (names are unique that way). */
export async function findOrganisationByName(ex: Executor, name: string): Promise<Organisation | null> {
  const r = await ex.selectFrom('organisations').selectAll().where(sql`lower(name)`, '=', name.trim().toLowerCase()).executeTakeFirst();
  return r ? { id: r.id, name: r.name, partyCategory: r.party_category } : null;
}

export async function updateOrganisation(ex: Executor, o: Organisation): Promise<void> {
  await ex.updateTable('organisations').set({ name: o.name, party_category: o.partyCategory }).where('id', '=', o.id).execute();
}

export async function listAnalysts(ex: Executor): Promise<Person[]> {
  const rows = await ex.selectFrom('people').selectAll().where('is_analyst', '=', 1).orderBy('name').execute();
  return rows.map(toPerson);
}

export async function findAnalyst(ex: Executor, idOrName: string): Promise<Person | null> {
  const r = await ex.selectFrom('people').selectAll().where('is_analyst', '=', 1)
    .where((eb) => eb.or([eb('id', '=', idOrName), eb(sql`lower(name)`, '=', idOrName.trim().toLowerCase())]))
    .executeTakeFirst();
  return r ? toPerson(r) : null;
}

export async function findPerson(ex: Executor, name: string, organisationId: string | null): Promise<Person | null> {
  let q = ex.selectFrom('people').selectAll().where(sql`lower(name)`, '=', name.trim().toLowerCase());
  q = organisationId ? q.where('organisation_id', '=', organisationId) : q.where('organisation_id', 'is', null);
  const r = await q.orderBy('created_at').executeTakeFirst();
  return r ? toPerson(r) : null;
}

export async function insertPerson(ex: Executor, p: Person, at: string): Promise<void> {
  await ex.insertInto('people').values({
    id: p.id, name: p.name, organisation_id: p.organisationId, is_analyst: toFlag(p.isAnalyst), created_at: at,
  }).execute();
}

function toPerson(r: { id: string; name: string; organisation_id: string | null; is_analyst: number }): Person {
  return { id: r.id, name: r.name, organisationId: r.organisation_id, isAnalyst: fromFlag(r.is_analyst) };
}
