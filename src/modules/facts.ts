// Facts about a change that the process's guards may ask for and that modules above the register
// know ("the consultation has closed", "the vote has an outcome"). A module provides a fact by
// name in its manifest; the register asks for the facts the guards of the open actions name,
// without importing the modules that answer.
import type { ServiceContext } from './context.js';

export interface FactProvider {
  /** The name a guard of the profile uses: { kind: 'fact', fact: NAME }. */
  name: string;
  description: string;
  read: (ctx: ServiceContext, proposal: { id: string; reference: string; state: string }) => Promise<boolean>;
}

export type FactProviders = ReadonlyMap<string, FactProvider>;

export function factProviders(providers: FactProvider[]): FactProviders {
  const map = new Map<string, FactProvider>();
  for (const p of providers) {
    if (map.has(p.name)) throw new Error(`The fact "${p.name}" is provided twice.`);
    map.set(p.name, p);
  }
  return map;
}

/** The facts named by the guards of the actions that start from the change's state. */
export async function readFacts(ctx: ServiceContext, proposal: { id: string; reference: string; state: string }): Promise<Record<string, boolean>> {
  const names = new Set<string>();
  for (const action of ctx.profile.actions) {
    if (!action.from.includes(proposal.state)) continue;
    for (const guard of action.guards) if (guard.kind === 'fact') names.add(guard.fact);
  }
  const out: Record<string, boolean> = {};
  for (const name of names) {
    const provider = ctx.facts.get(name);
    out[name] = provider ? await provider.read(ctx, proposal) : false;
  }
  return out;
}

/** Facts the profile's guards name that no module provides: the profile and the modules disagree. */
export function missingFacts(profile: ServiceContext['profile'], providers: FactProviders): string[] {
  const named = profile.actions.flatMap((a) => a.guards).flatMap((g) => (g.kind === 'fact' ? [g.fact] : []));
  return [...new Set(named)].filter((n) => !providers.has(n));
}
