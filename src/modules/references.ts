// Fields of the register that point at something a module above it keeps: a change's target release
// is one of the releases module's releases. The register stores the id with the name it had (a
// release is never renamed), so it shows the name without reading the other module's table. To turn
// what a user typed into that thing, and to let its owner record, in the same transaction, that the
// change now points at it, the register asks the module that provides the field, by the field's
// name, without importing it (as guards ask for facts: facts.ts).
import type { Actor } from './accounts/accounts.js';
import type { ServiceContext } from './context.js';
import type { ProcessProfile } from '../process/profile.js';

export const REFERENCE_FIELDS = ['targetRelease'] as const;
export type ReferenceField = (typeof REFERENCE_FIELDS)[number];

export interface Referenced {
  id: string;
  name: string;
  /** Set when finding it created it in this command (a release of the calendar, used for the first time). */
  created?: boolean;
}

export interface ReferenceChange {
  actor: Actor;
  change: { id: string; reference: string };
  from: Referenced | null;
  to: Referenced | null;
  /** The lifecycle action that moved it, or null when the register entry was edited. */
  action: string | null;
  businessDate: string;
}

export interface ReferenceProvider {
  field: ReferenceField;
  description: string;
  /**
   * What the user named (an id or a name), in the command's transaction, as of the business date of
   * the step. Refuses with the owner's own words (VALIDATION_FAILED on the field, or not possible
   * now), so the register never learns the rules of releases.
   */
  resolve(ctx: ServiceContext, given: string, businessDate: string): Promise<Referenced>;
  /** Told, in the same transaction and after the change's own event, that the change points elsewhere. */
  changed(ctx: ServiceContext, change: ReferenceChange): Promise<void>;
  /** The address of its page. */
  path(id: string): string;
}

export type ReferenceProviders = ReadonlyMap<ReferenceField, ReferenceProvider>;

export function referenceProviders(providers: ReferenceProvider[]): ReferenceProviders {
  const map = new Map<ReferenceField, ReferenceProvider>();
  for (const p of providers) {
    if (map.has(p.field)) throw new Error(`The register field "${p.field}" is provided twice.`);
    map.set(p.field, p);
  }
  return map;
}

/** Fields that the profile's action inputs set and no module keeps: the profile and the modules disagree. */
export function missingReferences(profile: ProcessProfile, providers: ReferenceProviders): string[] {
  const set = profile.actions.flatMap((a) => a.inputs).flatMap((i) => (i.setsField && (REFERENCE_FIELDS as readonly string[]).includes(i.setsField) ? [i.setsField] : []));
  return [...new Set(set)].filter((f) => !providers.has(f as ReferenceField));
}
