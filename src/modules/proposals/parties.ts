// Resolves the people named on a proposal: the organisation must exist, the lead analyst must be
// a Secretariat analyst, and a proposer is found in (or added to) their organisation.
import { newId } from '../context.js';
import type { Executor } from '../database.js';
import { findAnalyst, findOrganisation, findPerson, insertPerson, listAnalysts, listOrganisations } from '../directory/repository.js';
import { validationError, type FieldError } from '../../platform/errors.js';

export interface PartyNames {
  proposer?: string | null;
  organisation?: string | null;
  leadAnalyst?: string | null;
}

export interface ResolvedParties {
  proposerId: string | null;
  proposerName: string | null;
  organisationId: string | null;
  organisationName: string | null;
  leadAnalystId: string | null;
  leadAnalystName: string | null;
}

export async function resolveParties(ex: Executor, names: PartyNames, at: string): Promise<ResolvedParties> {
  const errors: FieldError[] = [];
  const organisation = names.organisation ? await findOrganisation(ex, names.organisation) : null;
  if (names.organisation && !organisation) {
    const known = (await listOrganisations(ex)).map((o) => o.name);
    errors.push({ field: 'organisation', message: `unknown organisation "${names.organisation}". Known: ${known.join(', ') || 'none yet'}.` });
  }
  const analyst = names.leadAnalyst ? await findAnalyst(ex, names.leadAnalyst) : null;
  if (names.leadAnalyst && !analyst) {
    const known = (await listAnalysts(ex)).map((a) => a.name);
    errors.push({ field: 'leadAnalyst', message: `"${names.leadAnalyst}" is not a Secretariat analyst. Analysts: ${known.join(', ') || 'none yet'}.` });
  }
  if (names.proposer && !names.organisation) errors.push({ field: 'organisation', message: 'is required when a proposer is named.' });
  if (errors.length) throw validationError(errors);

  let proposer = null;
  if (names.proposer && organisation) {
    proposer = await findPerson(ex, names.proposer, organisation.id);
    if (!proposer) {
      proposer = { id: newId(), name: names.proposer.trim(), organisationId: organisation.id, isAnalyst: false };
      await insertPerson(ex, proposer, at);
    }
  }
  return {
    proposerId: proposer?.id ?? null,
    proposerName: proposer?.name ?? null,
    organisationId: organisation?.id ?? null,
    organisationName: organisation?.name ?? null,
    leadAnalystId: analyst?.id ?? null,
    leadAnalystName: analyst?.name ?? null,
  };
}
