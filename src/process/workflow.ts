// The workflow engine: pure functions over a process profile. Given a proposal's facts and an
// action, say where it goes and what changes, or why it cannot. No I/O, no clock.
import type { ActionDef, Guard, ProcessProfile, StateDef } from './profile.js';
import { deadlineProblems } from './deadlines.js';
import { releaseProblems } from './releases.js';
import { calendarProblems } from './working-days.js';
import { votingProblems } from './voting.js';

/** The facts about a proposal that the rules of the process look at. */
export interface ProposalFacts {
  state: string;
  heldFromState: string | null;
  path: string | null;
  hasDraftProblemStatement: boolean;
  hasAgreedProblemStatement: boolean;
  /** Facts that modules above the register provide, by the names the profile's guards use. */
  provided?: Record<string, boolean>;
}

export interface ActionOutcome {
  action: ActionDef;
  fromState: string;
  toState: string;
  /** Field changes on the proposal, besides state. */
  changes: {
    prefix?: string;
    path?: string;
    targetRelease?: string;
    fastTrack?: boolean;
    urgent?: boolean;
    heldFromState?: string | null;
  };
  agreeProblemStatement: boolean;
  setImplementationDate: boolean;
  /** The inputs as given, normalised (trimmed, only the action's own). */
  inputs: Record<string, string>;
}

export type Refusal =
  | { code: 'UNKNOWN_ACTION'; message: string; allowed: string[] }
  | { code: 'ACTION_NOT_ALLOWED'; message: string; allowed: string[] }
  | { code: 'GUARD_FAILED'; message: string; allowed: string[] }
  | { code: 'VALIDATION_FAILED'; message: string; fields: { field: string; message: string }[]; allowed: string[] };

export type Decision = { ok: true; outcome: ActionOutcome } | { ok: false; refusal: Refusal };

export function findState(profile: ProcessProfile, id: string): StateDef {
  const state = profile.states.find((s) => s.id === id);
  if (!state) throw new Error(`State "${id}" is not in the ${profile.id} profile`);
  return state;
}

export function findAction(profile: ProcessProfile, id: string): ActionDef | undefined {
  return profile.actions.find((a) => a.id === id);
}

export function bodyName(profile: ProcessProfile, id: string): string {
  return profile.bodies.find((b) => b.id === id)?.name ?? id;
}

/** Why a guard fails for these facts, or null when it holds. */
export function guardFailure(guard: Guard, facts: ProposalFacts): string | null {
  switch (guard.kind) {
    case 'problem-statement':
      return (guard.status === 'draft' ? facts.hasDraftProblemStatement : facts.hasAgreedProblemStatement)
        ? null : guard.message;
    case 'field-set':
      return facts[guard.field] ? null : guard.message;
    case 'field-in':
      return facts[guard.field] !== null && guard.values.includes(facts[guard.field] as string) ? null : guard.message;
    case 'fact':
      return facts.provided?.[guard.fact] === true ? null : guard.message;
  }
}

export interface AvailableAction {
  action: ActionDef;
  /** Null when the action can be taken now; otherwise why not (a guard). */
  blockedBy: string | null;
}

/** The actions whose starting state is the proposal's state, each with any guard that blocks it. */
export function actionsFrom(profile: ProcessProfile, facts: ProposalFacts): AvailableAction[] {
  return profile.actions
    .filter((a) => a.from.includes(facts.state))
    .filter((a) => a.to.kind !== 'held-from' || facts.heldFromState !== null)
    .map((action) => ({
      action,
      blockedBy: action.guards.map((g) => guardFailure(g, facts)).find((m) => m !== null) ?? null,
    }));
}

export function allowedActionIds(profile: ProcessProfile, facts: ProposalFacts): string[] {
  return actionsFrom(profile, facts).filter((a) => a.blockedBy === null).map((a) => a.action.id);
}

/** Decide an action: the new state and changes, or a refusal with a stable code. */
export function decide(
  profile: ProcessProfile,
  facts: ProposalFacts,
  actionId: string,
  given: Record<string, string | undefined> = {},
): Decision {
  const allowed = allowedActionIds(profile, facts);
  const action = findAction(profile, actionId);
  if (!action) {
    return { ok: false, refusal: { code: 'UNKNOWN_ACTION', allowed,
      message: `Unknown action "${actionId}". Actions of the ${profile.codeName} process: ${profile.actions.map((a) => a.id).join(', ')}.` } };
  }
  const state = findState(profile, facts.state);
  const available = actionsFrom(profile, facts).find((a) => a.action.id === actionId);
  if (!available) {
    return { ok: false, refusal: { code: 'ACTION_NOT_ALLOWED', allowed,
      // The allowed actions travel as a list beside the sentence, for each caller to show in its own way.
      message: `"${action.label}" is not possible in the state "${state.label}"${allowed.length ? '' : ': no action is possible now'}.` } };
  }
  if (available.blockedBy) {
    return { ok: false, refusal: { code: 'GUARD_FAILED', allowed, message: available.blockedBy } };
  }

  const inputs: Record<string, string> = {};
  const fields: { field: string; message: string }[] = [];
  for (const input of action.inputs) {
    const value = given[input.name]?.trim() ?? '';
    if (!value) {
      if (input.required) fields.push({ field: input.name, message: `${input.label} is required.` });
      continue;
    }
    if (input.options && !input.options.some((o) => o.value === value)) {
      fields.push({ field: input.name,
        message: `${input.label} must be one of: ${input.options.map((o) => o.value).join(', ')}.` });
      continue;
    }
    inputs[input.name] = value;
  }
  if (fields.length) {
    return { ok: false, refusal: { code: 'VALIDATION_FAILED', allowed, fields,
      message: fields.map((f) => f.message).join(' ') } };
  }

  const toState = targetState(action, facts, inputs);
  const changes: ActionOutcome['changes'] = {};
  if (action.effects.prefix) changes.prefix = action.effects.prefix;
  for (const input of action.inputs) {
    if (input.setsField && inputs[input.name] !== undefined) changes[input.setsField] = inputs[input.name];
  }
  for (const flag of action.effects.flagsByInput ?? []) {
    if (inputs[flag.input] === flag.value) changes[flag.flag] = true;
  }
  if (toState !== facts.state && isHoldState(profile, toState)) {
    changes.heldFromState = facts.state;
  } else if (action.to.kind === 'held-from' || (toState !== facts.state && isHoldState(profile, facts.state))) {
    // Leaving the hold, by resuming or otherwise (e.g. withdrawn while on hold): forget where it was held from.
    changes.heldFromState = null;
  }
  return {
    ok: true,
    outcome: {
      action,
      fromState: facts.state,
      toState,
      changes,
      agreeProblemStatement: action.effects.agreeProblemStatement === true,
      setImplementationDate: action.effects.setImplementationDate === true,
      inputs,
    },
  };
}

/** A hold state is one that some action leaves through `held-from`. */
export function isHoldState(profile: ProcessProfile, stateId: string): boolean {
  return profile.actions.some((a) => a.to.kind === 'held-from' && a.from.includes(stateId));
}

function targetState(action: ActionDef, facts: ProposalFacts, inputs: Record<string, string>): string {
  switch (action.to.kind) {
    case 'state': return action.to.state;
    case 'same': return facts.state;
    case 'held-from': return facts.heldFromState as string;
    case 'by-input': {
      const target = action.to.states[inputs[action.to.input]];
      if (!target) throw new Error(`Action ${action.id} has no target for ${action.to.input}=${inputs[action.to.input]}`);
      return target;
    }
  }
}

/** Check a profile is internally consistent: every state, body and target it names exists. */
export function validateProfile(profile: ProcessProfile): string[] {
  const problems: string[] = [];
  const stateIds = new Set<string>();
  for (const s of profile.states) {
    if (stateIds.has(s.id)) problems.push(`state ${s.id} is defined twice`);
    stateIds.add(s.id);
  }
  const bodyIds = new Set(profile.bodies.map((b) => b.id));
  if (!stateIds.has(profile.initialState)) problems.push(`initial state ${profile.initialState} is unknown`);
  const seen = new Set<string>();
  for (const a of profile.actions) {
    if (seen.has(a.id)) problems.push(`action ${a.id} is defined twice`);
    seen.add(a.id);
    if (!/^[a-z]+(-[a-z0-9]+)*$/.test(a.id)) problems.push(`action ${a.id} is not kebab-case`);
    if (!bodyIds.has(a.body)) problems.push(`action ${a.id} names unknown body ${a.body}`);
    for (const f of a.from) if (!stateIds.has(f)) problems.push(`action ${a.id} starts from unknown state ${f}`);
    if (a.to.kind === 'state' && !stateIds.has(a.to.state)) problems.push(`action ${a.id} goes to unknown state ${a.to.state}`);
    if (a.to.kind === 'by-input') {
      const input = a.inputs.find((i) => i.name === (a.to as { input: string }).input);
      if (!input) problems.push(`action ${a.id} routes by missing input`);
      for (const s of Object.values(a.to.states)) if (!stateIds.has(s)) problems.push(`action ${a.id} routes to unknown state ${s}`);
      for (const o of input?.options ?? []) if (!a.to.states[o.value]) problems.push(`action ${a.id} has no target for ${o.value}`);
    }
  }
  for (const s of profile.states) {
    if (s.terminal && profile.actions.some((a) => a.from.includes(s.id))) problems.push(`terminal state ${s.id} has actions`);
  }
  problems.push(...calendarProblems(profile.calendar));
  problems.push(...deadlineProblems(profile));
  problems.push(...releaseProblems(profile.releases, profile.actions.map((a) => a.id)));
  const schedule = profile.actions.find((a) => a.id === profile.releases.scheduleAction);
  if (schedule && !schedule.inputs.some((i) => i.setsField === 'targetRelease')) {
    problems.push(`releases scheduleAction ${schedule.id} has no input that sets the target release`);
  }
  problems.push(...documentTypeProblems(profile.documentTypes));
  problems.push(...consultationProblems(profile));
  problems.push(...votingProblems(profile));
  return problems;
}

/** Consultation kinds: unique kebab-case ids, actions that exist, categories of the profile, a length of at least one day. */
function consultationProblems(profile: ProcessProfile): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const actions = new Set(profile.actions.map((a) => a.id));
  const categories = new Set(profile.partyCategories.map((c) => c.id));
  for (const k of profile.consultations ?? []) {
    if (ids.has(k.id)) problems.push(`consultation kind ${k.id} is defined twice`);
    ids.add(k.id);
    if (!/^[a-z]+(-[a-z0-9]+)*$/.test(k.id)) problems.push(`consultation kind ${k.id} is not kebab-case`);
    for (const a of [k.openAction, k.closeAction]) if (!actions.has(a)) problems.push(`consultation kind ${k.id} names unknown action ${a}`);
    for (const c of k.excludedPartyCategories) if (!categories.has(c)) problems.push(`consultation kind ${k.id} excludes unknown party category ${c}`);
    if (k.workingDays !== undefined && (!Number.isInteger(k.workingDays) || k.workingDays < 1)) problems.push(`consultation kind ${k.id} has a length under one Working Day`);
  }
  return problems;
}

/** Document types: at least one, each a unique kebab-case id (it goes into file names) with a label. */
function documentTypeProblems(types: ProcessProfile['documentTypes']): string[] {
  if (!types?.length) return ['documentTypes lists no document type'];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const t of types) {
    if (seen.has(t.id)) problems.push(`document type ${t.id} is defined twice`);
    seen.add(t.id);
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(t.id)) problems.push(`document type ${t.id} is not kebab-case`);
    if (!t.label?.trim()) problems.push(`document type ${t.id} has no label`);
  }
  return problems;
}
