// The workflow engine, tested from the SEC profile itself: every state × every action is its own
// case, so a change to the profile's table changes these tests with it.
import { describe, expect, it } from 'vitest';
import type { ActionDef, ProcessProfile } from './profile.js';
import { secProfile } from './sec.js';
import {
  actionsFrom, allowedActionIds, bodyName, decide, findAction, findState, guardFailure, isHoldState, validateProfile,
  type Decision, type ProposalFacts, type Refusal,
} from './workflow.js';

const profile = secProfile;

function baseFacts(state: string, over: Partial<ProposalFacts> = {}): ProposalFacts {
  return { state, heldFromState: null, path: null, hasDraftProblemStatement: false, hasAgreedProblemStatement: false, ...over };
}

/** A state a hold state can be entered from (the first `from` of an action leading into it). */
function holdOrigin(holdState: string): string {
  const into = profile.actions.find((a) => a.to.kind === 'state' && a.to.state === holdState);
  if (!into) throw new Error(`nothing leads into hold state ${holdState}`);
  return into.from[0];
}

/** Facts that satisfy every guard of the action, in the given state. */
function factsFor(action: ActionDef, state: string): ProposalFacts {
  const facts = baseFacts(state);
  for (const guard of action.guards) {
    if (guard.kind === 'problem-statement') {
      if (guard.status === 'draft') facts.hasDraftProblemStatement = true;
      else facts.hasAgreedProblemStatement = true;
    } else if (guard.kind === 'field-set') {
      facts.path ??= '1';
    } else if (guard.kind === 'fact') {
      facts.provided = { ...facts.provided, [guard.fact]: true };
    } else {
      facts.path = guard.values[0];
    }
  }
  if (isHoldState(profile, state)) facts.heldFromState = holdOrigin(state);
  return facts;
}

/** The action's required inputs: the first option of each choice, 'x' for text. */
function inputsFor(action: ActionDef): Record<string, string> {
  return Object.fromEntries(action.inputs.map((i) => [i.name, i.type === 'choice' ? i.options![0].value : 'x']));
}

function expectedTarget(action: ActionDef, facts: ProposalFacts, inputs: Record<string, string>): string {
  switch (action.to.kind) {
    case 'state': return action.to.state;
    case 'same': return facts.state;
    case 'held-from': return facts.heldFromState!;
    case 'by-input': return action.to.states[inputs[action.to.input]];
  }
}

function outcomeOf(decision: Decision) {
  if (!decision.ok) throw new Error(`expected ok, got ${decision.refusal.code}: ${decision.refusal.message}`);
  return decision.outcome;
}

function refusalOf(decision: Decision): Refusal {
  if (decision.ok) throw new Error(`expected a refusal, got ok → ${decision.outcome.toState}`);
  return decision.refusal;
}

const stateIds = profile.states.map((s) => s.id);
const terminalIds = profile.states.filter((s) => s.terminal).map((s) => s.id);

const matrix = profile.states.flatMap((state) => profile.actions.map((action) => {
  const allowed = action.from.includes(state.id);
  return { name: `${state.id} × ${action.id}: ${allowed ? 'allowed' : 'refused'}`, state: state.id, action, allowed };
}));

describe('every state × every action (from the profile)', () => {
  it('covers the whole table', () => {
    expect(matrix).toHaveLength(profile.states.length * profile.actions.length);
    expect(matrix.filter((c) => c.allowed)).toHaveLength(profile.actions.reduce((n, a) => n + a.from.length, 0));
  });

  it.each(matrix)('$name', ({ state, action, allowed }) => {
    const facts = factsFor(action, state);
    const inputs = inputsFor(action);
    const decision = decide(profile, facts, action.id, inputs);
    if (allowed) {
      const outcome = outcomeOf(decision);
      expect(outcome.action.id).toBe(action.id);
      expect(outcome.fromState).toBe(state);
      expect(outcome.toState).toBe(expectedTarget(action, facts, inputs));
      expect(stateIds).toContain(outcome.toState);
      expect(outcome.inputs).toEqual(inputs);
      expect(allowedActionIds(profile, facts)).toContain(action.id);
    } else {
      const refusal = refusalOf(decision);
      expect(refusal.code).toBe('ACTION_NOT_ALLOWED');
      expect(refusal.allowed).toEqual(allowedActionIds(profile, facts));
      expect(refusal.allowed).not.toContain(action.id);
      expect(refusal.message).toContain(action.label);
      expect(refusal.message).toContain(findState(profile, state).label);
    }
  });
});

describe('guards', () => {
  const guarded = profile.actions.flatMap((action) => action.guards.flatMap((guard, index) =>
    action.from.map((state) => ({ name: `${action.id} from ${state}: guard ${index + 1} (${guard.kind}) unmet`, action, index, state }))));

  it('the profile has guarded actions', () => {
    expect(guarded.length).toBeGreaterThan(0);
  });

  it.each(guarded)('$name → GUARD_FAILED', ({ action, index, state }) => {
    const facts = factsFor(action, state);
    const guard = action.guards[index];
    if (guard.kind === 'problem-statement') {
      if (guard.status === 'draft') facts.hasDraftProblemStatement = false;
      else facts.hasAgreedProblemStatement = false;
    } else if (guard.kind === 'field-set') {
      facts.path = null;
    } else if (guard.kind === 'fact') {
      facts.provided = { ...facts.provided, [guard.fact]: false };
    } else {
      facts.path = profile.paths.map((p) => p.value).find((v) => !guard.values.includes(v)) ?? null;
    }
    expect(guardFailure(guard, facts)).toBe(guard.message);
    const refusal = refusalOf(decide(profile, facts, action.id, inputsFor(action)));
    expect(refusal.code).toBe('GUARD_FAILED');
    expect(refusal.message).toBe(guard.message);
    expect(refusal.allowed).toEqual(allowedActionIds(profile, facts));
    expect(refusal.allowed).not.toContain(action.id);
    const listed = actionsFrom(profile, facts).find((a) => a.action.id === action.id);
    expect(listed?.blockedBy).toBe(guard.message);
  });

  it('agree-problem-statement needs a draft', () => {
    const refusal = refusalOf(decide(profile, baseFacts('development'), 'agree-problem-statement'));
    expect(refusal).toMatchObject({ code: 'GUARD_FAILED', message: 'There is no draft problem statement to agree.' });
    // An agreed statement alone is not a draft.
    expect(refusalOf(decide(profile, baseFacts('development', { hasAgreedProblemStatement: true }), 'agree-problem-statement')).code)
      .toBe('GUARD_FAILED');
    const ok = outcomeOf(decide(profile, baseFacts('development', { hasDraftProblemStatement: true }), 'agree-problem-statement'));
    expect(ok.toState).toBe('problem-statement-agreed');
    expect(ok.agreeProblemStatement).toBe(true);
  });

  it('convert needs an agreed problem statement', () => {
    const facts = baseFacts('problem-statement-agreed', { hasDraftProblemStatement: true });
    const refusal = refusalOf(decide(profile, facts, 'convert', { path: '3', route: 'refinement' }));
    expect(refusal).toMatchObject({ code: 'GUARD_FAILED', message: 'Conversion needs an agreed problem statement.' });
    expect(refusal.allowed).not.toContain('convert');
    expect(refusal.allowed).toContain('return-to-development');
  });

  it('move-to-report-phase needs a path', () => {
    const refusal = refusalOf(decide(profile, baseFacts('refinement'), 'move-to-report-phase'));
    expect(refusal).toMatchObject({ code: 'GUARD_FAILED', message: 'The Report Phase needs a path.' });
    expect(outcomeOf(decide(profile, baseFacts('refinement', { path: '2' }), 'move-to-report-phase')).toState).toBe('report-phase');
  });

  it('change-board-approve and change-board-reject refuse a Path 1 change', () => {
    for (const id of ['change-board-approve', 'change-board-reject']) {
      const refusal = refusalOf(decide(profile, baseFacts('change-board', { path: '1' }), id));
      expect(refusal.code).toBe('GUARD_FAILED');
      expect(refusal.message).toMatch(/Path 3/);
      expect(refusal.allowed).toEqual(['change-board-recommend', 'withdraw']);
    }
  });

  it('change-board-recommend refuses a Path 3 change, and one with no path', () => {
    for (const path of ['3', null]) {
      const refusal = refusalOf(decide(profile, baseFacts('change-board', { path }), 'change-board-recommend', { recommendation: 'approve' }));
      expect(refusal.code).toBe('GUARD_FAILED');
      expect(refusal.message).toMatch(/Path 1 or Path 2/);
    }
    expect(allowedActionIds(profile, baseFacts('change-board', { path: '3' })))
      .toEqual(['change-board-approve', 'change-board-reject', 'withdraw']);
  });

  it('guards are checked before inputs', () => {
    const refusal = refusalOf(decide(profile, baseFacts('problem-statement-agreed'), 'convert', {}));
    expect(refusal.code).toBe('GUARD_FAILED');
  });
});

describe('convert', () => {
  const facts = baseFacts('problem-statement-agreed', { hasAgreedProblemStatement: true });

  it('requires path and route', () => {
    const refusal = refusalOf(decide(profile, facts, 'convert', {}));
    expect(refusal.code).toBe('VALIDATION_FAILED');
    if (refusal.code !== 'VALIDATION_FAILED') return;
    expect(refusal.fields.map((f) => f.field)).toEqual(['path', 'route']);
    expect(refusal.fields[0].message).toBe('Path is required.');
    expect(refusal.allowed).toEqual(allowedActionIds(profile, facts));
  });

  it('treats blank inputs as missing', () => {
    const refusal = refusalOf(decide(profile, facts, 'convert', { path: '  ', route: 'refinement' }));
    expect(refusal.code === 'VALIDATION_FAILED' && refusal.fields.map((f) => f.field)).toEqual(['path']);
  });

  it('rejects an option that is not offered', () => {
    const badPath = refusalOf(decide(profile, facts, 'convert', { path: '4', route: 'refinement' }));
    expect(badPath.code).toBe('VALIDATION_FAILED');
    if (badPath.code !== 'VALIDATION_FAILED') return;
    expect(badPath.fields).toEqual([{ field: 'path', message: 'Path must be one of: 1, 2, 3.' }]);

    const badRoute = refusalOf(decide(profile, facts, 'convert', { path: '1', route: 'straight-to-authority' }));
    expect(badRoute.code === 'VALIDATION_FAILED' && badRoute.fields.map((f) => f.field)).toEqual(['route']);
  });

  it.each([
    ['refinement', 'refinement'],
    ['report-phase', 'report-phase'],
    ['fast-track', 'change-board'],
  ])('route %s goes to %s, sets prefix MP and the path', (route, toState) => {
    const outcome = outcomeOf(decide(profile, facts, 'convert', { path: ' 2 ', route, extra: 'ignored' }));
    expect(outcome.toState).toBe(toState);
    expect(outcome.changes.prefix).toBe('MP');
    expect(outcome.changes.path).toBe('2');
    expect(outcome.inputs).toEqual({ path: '2', route });
    expect(outcome.changes.fastTrack).toBe(route === 'fast-track' ? true : undefined);
    expect(outcome.agreeProblemStatement).toBe(false);
  });
});

describe('inputs and effects of other actions', () => {
  it('change-board-recommend requires a recommendation and does not set a field', () => {
    const facts = baseFacts('change-board', { path: '1' });
    const refusal = refusalOf(decide(profile, facts, 'change-board-recommend', {}));
    expect(refusal.code === 'VALIDATION_FAILED' && refusal.fields.map((f) => f.field)).toEqual(['recommendation']);
    const outcome = outcomeOf(decide(profile, facts, 'change-board-recommend', { recommendation: 'reject' }));
    expect(outcome.toState).toBe('with-authority');
    expect(outcome.changes).toEqual({});
    expect(outcome.inputs).toEqual({ recommendation: 'reject' });
  });

  it('schedule-release requires and records the target release', () => {
    const facts = baseFacts('approved', { path: '3', provided: { 'no-open-appeal': true } });
    const refusal = refusalOf(decide(profile, facts, 'schedule-release'));
    expect(refusal.code === 'VALIDATION_FAILED' && refusal.fields.map((f) => f.field)).toEqual(['targetRelease']);
    const outcome = outcomeOf(decide(profile, facts, 'schedule-release', { targetRelease: ' November 2020 SEC Release ' }));
    expect(outcome.toState).toBe('pending-implementation');
    expect(outcome.changes).toEqual({ targetRelease: 'November 2020 SEC Release' });
  });

  it('implement records the implementation date; other actions do not', () => {
    expect(outcomeOf(decide(profile, baseFacts('pending-implementation'), 'implement')).setImplementationDate).toBe(true);
    expect(outcomeOf(decide(profile, baseFacts('with-authority'), 'authority-approve')).setImplementationDate).toBe(false);
  });

  it('actions with no effects change nothing but the state', () => {
    const outcome = outcomeOf(decide(profile, baseFacts('refinement', { path: '3' }), 'hold-working-group'));
    expect(outcome.toState).toBe('refinement');
    expect(outcome.changes).toEqual({});
  });

  it('a flag of the profile is set by its input value (urgent as well as fastTrack)', () => {
    const copy = structuredClone(secProfile);
    const convert = copy.actions.find((a) => a.id === 'convert')!;
    convert.inputs.push({ name: 'urgency', label: 'Urgency', type: 'choice', required: false,
      options: [{ value: 'urgent', label: 'Urgent' }, { value: 'normal', label: 'Normal' }] });
    convert.effects.flagsByInput!.push({ input: 'urgency', value: 'urgent', flag: 'urgent' });
    const facts = baseFacts('problem-statement-agreed', { hasAgreedProblemStatement: true });
    const urgent = outcomeOf(decide(copy, facts, 'convert', { path: '1', route: 'refinement', urgency: 'urgent' }));
    expect(urgent.changes.urgent).toBe(true);
    expect(urgent.changes.fastTrack).toBeUndefined();
    const normal = outcomeOf(decide(copy, facts, 'convert', { path: '1', route: 'refinement', urgency: 'normal' }));
    expect(normal.changes.urgent).toBeUndefined();
  });
});

describe('on hold', () => {
  const holdFrom = profile.actions.find((a) => a.id === 'put-on-hold')!.from;

  it('can be put on hold from the Development Stage, Refinement and the Report Phase', () => {
    expect(holdFrom).toEqual(['development', 'refinement', 'report-phase']);
  });

  it.each(holdFrom)('put-on-hold from %s records heldFromState; resume returns to it and clears it', (from) => {
    const held = outcomeOf(decide(profile, baseFacts(from, { path: '3' }), 'put-on-hold'));
    expect(held.toState).toBe('on-hold');
    expect(held.changes.heldFromState).toBe(from);

    const onHold = baseFacts('on-hold', { path: '3', heldFromState: from });
    expect(allowedActionIds(profile, onHold)).toContain('resume');
    const resumed = outcomeOf(decide(profile, onHold, 'resume'));
    expect(resumed.toState).toBe(from);
    expect(resumed.changes.heldFromState).toBeNull();
  });

  it('resume is not offered when it is not known where the change was held from', () => {
    const facts = baseFacts('on-hold');
    expect(allowedActionIds(profile, facts)).not.toContain('resume');
    expect(refusalOf(decide(profile, facts, 'resume')).code).toBe('ACTION_NOT_ALLOWED');
  });

  it('an action that stays on hold keeps heldFromState', () => {
    const outcome = outcomeOf(decide(profile, baseFacts('on-hold', { heldFromState: 'refinement' }), 'return-preliminary-assessment'));
    expect(outcome.toState).toBe('on-hold');
    expect(outcome.changes.heldFromState).toBeUndefined();
  });

  it('withdrawing from hold clears heldFromState', () => {
    const outcome = outcomeOf(decide(profile, baseFacts('on-hold', { heldFromState: 'refinement' }), 'withdraw'));
    expect(outcome.toState).toBe('withdrawn');
    expect(outcome.changes.heldFromState).toBeNull();
  });

  it('on-hold is the only hold state', () => {
    expect(stateIds.filter((s) => isHoldState(profile, s))).toEqual(['on-hold']);
  });
});

describe('refusals and lookups', () => {
  it('an unknown action is UNKNOWN_ACTION with the allowed actions', () => {
    const facts = baseFacts('development', { hasDraftProblemStatement: true });
    const refusal = refusalOf(decide(profile, facts, 'approve-everything'));
    expect(refusal.code).toBe('UNKNOWN_ACTION');
    expect(refusal.allowed).toEqual(allowedActionIds(profile, facts));
    expect(refusal.message).toContain('approve-everything');
    expect(refusal.message).toContain('convert');
  });

  it.each(terminalIds)('terminal state %s allows nothing', (state) => {
    const facts = baseFacts(state, { path: '3', hasAgreedProblemStatement: true });
    expect(actionsFrom(profile, facts)).toEqual([]);
    expect(allowedActionIds(profile, facts)).toEqual([]);
    const refusal = refusalOf(decide(profile, facts, 'withdraw'));
    expect(refusal.code).toBe('ACTION_NOT_ALLOWED');
    expect(refusal.message).toContain('no action is possible now');
  });

  it('the terminal states are implemented, rejected, withdrawn and closed', () => {
    expect(terminalIds).toEqual(['implemented', 'rejected', 'withdrawn', 'closed']);
  });

  it('findState throws on an unknown state; findAction and bodyName look up the profile', () => {
    expect(findState(profile, 'refinement').label).toBe('Refinement Process');
    expect(() => findState(profile, 'limbo')).toThrow(/limbo/);
    expect(() => decide(profile, baseFacts('limbo'), 'withdraw')).toThrow(/limbo/);
    expect(findAction(profile, 'convert')?.body).toBe('PANEL');
    expect(findAction(profile, 'nope')).toBeUndefined();
    expect(bodyName(profile, 'CSC')).toBe('Change Sub-Committee');
    expect(bodyName(profile, 'XYZ')).toBe('XYZ');
  });

  it('actionsFrom lists only the actions from the state, with what blocks each', () => {
    const available = actionsFrom(profile, baseFacts('development'));
    expect(available.map((a) => a.action.id)).toEqual(
      profile.actions.filter((a) => a.from.includes('development')).map((a) => a.id));
    expect(available.find((a) => a.action.id === 'agree-problem-statement')?.blockedBy)
      .toBe('There is no draft problem statement to agree.');
    expect(available.filter((a) => a.blockedBy === null).map((a) => a.action.id))
      .toEqual(allowedActionIds(profile, baseFacts('development')));
  });
});

describe('validateProfile', () => {
  const broken = (change: (p: ProcessProfile) => void): string[] => {
    const copy = structuredClone(secProfile);
    change(copy);
    return validateProfile(copy);
  };
  const action = (p: ProcessProfile, id: string) => p.actions.find((a) => a.id === id)!;

  it('finds nothing wrong with the SEC profile', () => {
    expect(validateProfile(secProfile)).toEqual([]);
  });

  it('catches an unknown initial state', () => {
    expect(broken((p) => { p.initialState = 'limbo'; })).toEqual(['initial state limbo is unknown']);
  });

  it('catches an unknown from state', () => {
    expect(broken((p) => { action(p, 'implement').from.push('limbo'); })).toEqual(['action implement starts from unknown state limbo']);
  });

  it('catches an unknown target state', () => {
    expect(broken((p) => { action(p, 'implement').to = { kind: 'state', state: 'done' }; }))
      .toEqual(['action implement goes to unknown state done']);
  });

  it('catches an unknown body', () => {
    expect(broken((p) => { action(p, 'implement').body = 'NOBODY'; })).toEqual(['action implement names unknown body NOBODY']);
  });

  it('catches a duplicate action id', () => {
    expect(broken((p) => { p.actions.push({ ...action(p, 'withdraw') }); })).toEqual(['action withdraw is defined twice']);
  });

  it('catches a duplicate state id', () => {
    expect(broken((p) => { p.states.push({ ...p.states[0] }); })).toEqual(['state development is defined twice']);
  });

  it.each(['Withdraw', 'put_on_hold', 'put--on-hold', '-resume', 'resume-', '1st-step'])('catches the non-kebab id %s', (id) => {
    expect(broken((p) => { action(p, 'resume').id = id; })).toEqual([`action ${id} is not kebab-case`]);
  });

  it('catches a by-input option without a target', () => {
    expect(broken((p) => {
      const to = action(p, 'convert').to;
      if (to.kind === 'by-input') delete to.states['fast-track'];
    })).toEqual(['action convert has no target for fast-track']);
  });

  it('catches a by-input route to an unknown state and a missing routing input', () => {
    expect(broken((p) => {
      const to = action(p, 'convert').to;
      if (to.kind === 'by-input') to.states['fast-track'] = 'limbo';
    })).toEqual(['action convert routes to unknown state limbo']);
    expect(broken((p) => {
      const to = action(p, 'convert').to;
      if (to.kind === 'by-input') to.input = 'lane';
    })).toEqual(['action convert routes by missing input']);
  });

  it('catches document types that are missing, repeated, not kebab-case or unlabelled', () => {
    expect(broken((p) => { p.documentTypes = []; })).toEqual([
      'documentTypes lists no document type',
      'decisions names unknown document type change-board-vote',
      'decisions names unknown document type authority-decision',
    ]);
    expect(broken((p) => { p.documentTypes.push({ id: 'legal-text', label: 'Legal text again' }); })).toEqual(['document type legal-text is defined twice']);
    expect(broken((p) => { p.documentTypes[0].id = 'Problem_Statement'; })).toEqual(['document type Problem_Statement is not kebab-case']);
    expect(broken((p) => { p.documentTypes[0].label = ' '; })).toEqual(['document type problem-statement has no label']);
  });

  it('catches an action from a terminal state', () => {
    expect(broken((p) => { action(p, 'withdraw').from.push('closed'); })).toEqual(['terminal state closed has actions']);
  });
});

describe('shape of the SEC profile', () => {
  it.each(profile.actions.map((a) => a.id))('action id %s is kebab-case', (id) => {
    expect(id).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
  });

  /** Edges of the state graph; `held-from` goes back to any state the hold state can be entered from. */
  function successors(state: string): string[] {
    const next = new Set<string>();
    for (const a of profile.actions.filter((x) => x.from.includes(state))) {
      switch (a.to.kind) {
        case 'state': next.add(a.to.state); break;
        case 'same': next.add(state); break;
        case 'by-input': Object.values(a.to.states).forEach((s) => next.add(s)); break;
        case 'held-from':
          for (const into of profile.actions) {
            if (into.to.kind === 'state' && into.to.state === state) into.from.forEach((s) => next.add(s));
          }
          break;
      }
    }
    return [...next];
  }

  function reachableFrom(start: string): Set<string> {
    const seen = new Set([start]);
    const queue = [start];
    while (queue.length) {
      for (const s of successors(queue.shift()!)) {
        if (!seen.has(s)) { seen.add(s); queue.push(s); }
      }
    }
    return seen;
  }

  it.each(profile.states.filter((s) => !s.terminal).map((s) => s.id))('%s can reach a terminal state', (state) => {
    const reachable = reachableFrom(state);
    expect(terminalIds.some((t) => reachable.has(t))).toBe(true);
  });

  it('every state is reachable from the initial state', () => {
    const reachable = reachableFrom(profile.initialState);
    expect(stateIds.filter((s) => !reachable.has(s))).toEqual([]);
  });

  it('every action belongs to a known body and starts from a known, non-terminal state', () => {
    const bodies = new Set(profile.bodies.map((b) => b.id));
    for (const a of profile.actions) {
      expect(bodies.has(a.body), a.id).toBe(true);
      for (const f of a.from) expect(terminalIds.includes(f) || !stateIds.includes(f), `${a.id} from ${f}`).toBe(false);
    }
  });
});
