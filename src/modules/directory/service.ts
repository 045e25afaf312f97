// Use cases of the directory. Adding an organisation is one use case whoever asks: an administrator
// on the organisations page (accounts adds its audit row in the same transaction), an analyst through
// the API or the command line, so a change can be raised for a Party new to the register.
import { executor, inTransaction, newId, record, type ServiceContext } from '../context.js';
import type { Executor } from '../database.js';
import { DomainError } from '../../platform/errors.js';
import { serialise } from '../../platform/db/database.js';
import { Checker, type Loose } from '../../platform/validation.js';
import { londonDate } from '../../process/dates.js';
import { findOrganisationByName, insertOrganisation, listOrganisations, type Organisation } from './repository.js';

export interface OrganisationInput {
  name?: Loose;
  partyCategory?: Loose;
}

/** Who acts, as the event stream names them (accounts' Actor is one). */
interface Acting { id: string; name: string }

/** The name (required, at most 200 characters) and a party category of the profile, or none. */
export function checkOrganisation(ctx: ServiceContext, raw: OrganisationInput): { name: string; partyCategory: string | null } {
  const c = new Checker();
  const name = c.text('name', raw.name, { required: true, max: 200 }) ?? '';
  const category = c.text('partyCategory', raw.partyCategory ?? '', { max: 100 }) ?? '';
  const categories = ctx.profile.partyCategories.map((p) => p.id);
  if (category && !categories.includes(category)) c.fail('partyCategory', `must be one of ${categories.join(', ')}, or none.`);
  c.done();
  return { name, partyCategory: category || null };
}

/** The party category's label, or "none". */
export const categoryText = (ctx: ServiceContext, id: string | null) => (id ? ctx.profile.partyCategories.find((p) => p.id === id)?.label ?? id : 'none');

/** Refuses a name another organisation has, whatever its case (ALREADY_EXISTS, 409). */
export async function refuseDuplicate(ex: Executor, name: string, except?: string): Promise<void> {
  const other = await findOrganisationByName(ex, name);
  if (other && other.id !== except) {
    throw new DomainError('ALREADY_EXISTS', `An organisation called ${other.name} already exists.`, { fields: [{ field: 'name', message: 'is already used by another organisation.' }] });
  }
}

export async function listAllOrganisations(ctx: ServiceContext): Promise<Organisation[]> {
  return listOrganisations(executor(ctx));
}

/** Adds an organisation with its `organisation.added` event; its name is unique whatever its case. */
export async function addOrganisation(ctx: ServiceContext, actor: Acting, raw: OrganisationInput): Promise<Organisation> {
  const input = checkOrganisation(ctx, raw);
  return inTransaction(ctx, async (trx, tx) => {
    await serialise(trx, ctx.db.dialect, 'organisations');
    await refuseDuplicate(trx, input.name);
    const org: Organisation = { id: newId(), ...input };
    await insertOrganisation(trx, org, ctx.clock().toISOString());
    await record(tx, {
      type: 'organisation.added', subject: { id: org.id, ref: org.name }, actor, businessDate: londonDate(ctx.clock()),
      label: `Organisation added: ${org.name} (${categoryText(ctx, org.partyCategory)})`,
      payload: { organisationId: org.id, name: org.name, partyCategory: org.partyCategory },
    });
    return org;
  });
}
