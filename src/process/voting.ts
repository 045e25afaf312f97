// The Change Board's vote as pure rules over the profile's voting rules: which group a member votes
// in, each group's position on an option, whether the option passes, and what is still needed for
// it to pass or to fail given the members who have not voted yet. Imports nothing of ours but the
// profile's types.
import type { GroupPosition, ProcessProfile, VotingGroup, VotingRules } from './profile.js';

export const CHOICES = ['approve', 'reject', 'abstain'] as const;
export type VoteChoice = (typeof CHOICES)[number];

/** One group's ballots on one option. Members who have not voted are `members` less the three counts. */
export interface GroupTally {
  group: string;
  /** Voting members of the group (those who voted included). */
  members: number;
  approve: number;
  reject: number;
  abstain: number;
}

export interface GroupResult extends GroupTally {
  label: string;
  /** Members who have not voted on this option. */
  outstanding: number;
  position: GroupPosition;
}

/** Further votes that would change the outcome: the fewest in all, and where they would be cast. */
export interface Needed {
  votes: number;
  by: { group: string; approve: number; reject: number }[];
}

export interface OptionResult {
  groups: GroupResult[];
  /** Groups counted (not excluded). */
  counted: number;
  /** Counted groups that approve. */
  approving: number;
  /** Approving groups the option needs. */
  needed: number;
  passes: boolean;
  /** The fewest further votes that make it pass: zero when it passes now, null when nothing can. */
  toPass: Needed | null;
  /** The fewest further votes that make it fail: zero when it fails now, null when nothing can. */
  toFail: Needed | null;
}

/** The group a member votes in, by their organisation's party category (null: not a Party); null when none (the DCC). */
export function groupOf(rules: VotingRules, partyCategory: string | null): VotingGroup | null {
  if (partyCategory === null) return rules.groups.find((g) => g.nonParty) ?? null;
  return rules.groups.find((g) => g.partyCategories.includes(partyCategory)) ?? null;
}

/** A group's position from its tally: a majority of the votes cast, abstentions not cast. */
export function groupPosition(rules: VotingRules, t: Pick<GroupTally, 'members' | 'approve' | 'reject'>): GroupPosition {
  if (t.members === 0) return rules.emptyGroup;
  const cast = t.approve + t.reject;
  if (cast === 0) return rules.noVotesCast;
  const { numerator, denominator } = rules.groupMajority;
  const lhs = t.approve * denominator;
  const rhs = numerator * cast;
  return lhs > rhs ? 'approve' : lhs < rhs ? 'reject' : rules.tie;
}

/** How many approving groups an option needs out of those counted. */
export function groupsNeeded(rules: VotingRules, counted: number): number {
  const n = rules.groupsNeeded;
  if (n.kind === 'all') return counted;
  if (n.kind === 'at-least') return n.groups;
  return Math.floor((n.numerator * counted) / n.denominator) + 1;
}

/** Whether an option with these group positions passes. An option with no counted group fails. */
export function passes(rules: VotingRules, positions: GroupPosition[]): { counted: number; approving: number; needed: number; passes: boolean } {
  const counted = positions.filter((p) => p !== 'excluded').length;
  const approving = positions.filter((p) => p === 'approve').length;
  const needed = groupsNeeded(rules, counted);
  return { counted, approving, needed, passes: counted > 0 && approving >= needed };
}

interface Reach { position: GroupPosition; approve: number; reject: number; cost: number }

/** Every position a group can reach with further approvals and rejections, each at its lowest cost. */
function reachable(rules: VotingRules, t: GroupTally): Reach[] {
  const outstanding = Math.max(0, t.members - t.approve - t.reject - t.abstain);
  const best = new Map<GroupPosition, Reach>();
  for (let cost = 0; cost <= outstanding; cost++) {
    for (let approve = 0; approve <= cost; approve++) {
      const reject = cost - approve;
      const position = groupPosition(rules, { members: t.members, approve: t.approve + approve, reject: t.reject + reject });
      if (!best.has(position)) best.set(position, { position, approve, reject, cost });
    }
    if (best.size === 4) break;
  }
  return [...best.values()];
}

/** The fewest further votes, across groups, that bring the outcome to `goal` (null: none can). */
function fewest(rules: VotingRules, tallies: GroupTally[], goal: boolean): Needed | null {
  // Dynamic programming over the groups: the state is (counted, approving), which decides the outcome.
  type Step = { cost: number; by: Needed['by'] };
  let states = new Map<string, Step & { counted: number; approving: number }>([['0:0', { counted: 0, approving: 0, cost: 0, by: [] }]]);
  for (const t of tallies) {
    const next = new Map<string, Step & { counted: number; approving: number }>();
    for (const s of states.values()) {
      for (const r of reachable(rules, t)) {
        const counted = s.counted + (r.position === 'excluded' ? 0 : 1);
        const approving = s.approving + (r.position === 'approve' ? 1 : 0);
        const cost = s.cost + r.cost;
        const key = `${counted}:${approving}`;
        const seen = next.get(key);
        if (!seen || cost < seen.cost) {
          next.set(key, { counted, approving, cost, by: r.cost > 0 ? [...s.by, { group: t.group, approve: r.approve, reject: r.reject }] : s.by });
        }
      }
    }
    states = next;
  }
  let found: Step | null = null;
  for (const s of states.values()) {
    const needed = groupsNeeded(rules, s.counted);
    const passing = s.counted > 0 && s.approving >= needed;
    if (passing === goal && (!found || s.cost < found.cost)) found = s;
  }
  return found ? { votes: found.cost, by: found.by } : null;
}

/** One option's result: each group's position, whether it passes, and what would change that. */
export function optionResult(rules: VotingRules, tallies: GroupTally[]): OptionResult {
  const groups = tallies.map((t) => ({
    ...t,
    label: rules.groups.find((g) => g.id === t.group)?.label ?? t.group,
    outstanding: Math.max(0, t.members - t.approve - t.reject - t.abstain),
    position: groupPosition(rules, t),
  }));
  const outcome = passes(rules, groups.map((g) => g.position));
  return { groups, ...outcome, toPass: fewest(rules, tallies, true), toFail: fewest(rules, tallies, false) };
}

/**
 * The option a closed vote carries: the proposed solution when it passes, otherwise the passing
 * alternative with the most approving groups (the first listed on a tie); null when none passes.
 */
export function carriedOption<T extends { passes: boolean; approving: number }>(options: T[]): number | null {
  if (options[0]?.passes) return 0;
  let best: number | null = null;
  for (let i = 1; i < options.length; i++) {
    if (options[i].passes && (best === null || options[i].approving > options[best].approving)) best = i;
  }
  return best;
}

const POSITIONS: readonly GroupPosition[] = ['approve', 'reject', 'none', 'excluded'];

/** What is wrong with a profile's voting rules and objectives (empty when nothing is). */
export function votingProblems(profile: ProcessProfile): string[] {
  const problems: string[] = [];
  const v = profile.voting;
  if (!profile.committees.some((c) => c.code === v.committee)) problems.push(`voting committee ${v.committee} is not a committee of the profile`);
  if (v.groups.length === 0) problems.push('voting lists no group');
  const categories = new Set(profile.partyCategories.map((c) => c.id));
  const taken = new Set<string>();
  const ids = new Set<string>();
  for (const g of v.groups) {
    if (ids.has(g.id)) problems.push(`voting group ${g.id} is defined twice`);
    ids.add(g.id);
    for (const c of g.partyCategories) {
      if (!categories.has(c)) problems.push(`voting group ${g.id} names unknown party category ${c}`);
      if (taken.has(c)) problems.push(`party category ${c} is in two voting groups`);
      taken.add(c);
    }
  }
  if (v.groups.filter((g) => g.nonParty).length > 1) problems.push('more than one voting group takes members that are not Parties');
  const { numerator, denominator } = v.groupMajority;
  if (!Number.isInteger(numerator) || !Number.isInteger(denominator) || numerator < 0 || denominator < 1 || numerator >= denominator) {
    problems.push('voting groupMajority must be a share n/d with 0 ≤ n < d, whole numbers');
  }
  for (const key of ['tie', 'noVotesCast', 'emptyGroup'] as const) {
    if (!POSITIONS.includes(v[key])) problems.push(`voting ${key} must be one of ${POSITIONS.join(', ')}`);
  }
  const n = v.groupsNeeded;
  if (n.kind === 'at-least' && (!Number.isInteger(n.groups) || n.groups < 1)) problems.push('voting groupsNeeded at-least must be a whole number of groups, at least 1');
  if (n.kind === 'more-than' && (!Number.isInteger(n.numerator) || !Number.isInteger(n.denominator) || n.numerator < 0 || n.denominator < 1 || n.numerator >= n.denominator)) {
    problems.push('voting groupsNeeded more-than must be a share n/d with 0 ≤ n < d, whole numbers');
  }
  const objectiveIds = new Set<string>();
  if (profile.objectives.length === 0) problems.push('objectives lists no objective');
  for (const o of profile.objectives) {
    if (objectiveIds.has(o.id)) problems.push(`objective ${o.id} is defined twice`);
    objectiveIds.add(o.id);
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(o.id)) problems.push(`objective ${o.id} is not kebab-case`);
  }
  const d = profile.decisions;
  const actionIds = new Set(profile.actions.map((a) => a.id));
  const docIds = new Set(profile.documentTypes.map((t) => t.id));
  for (const kind of [d.voteDocument, d.authorityDocument]) if (!docIds.has(kind)) problems.push(`decisions names unknown document type ${kind}`);
  for (const action of [d.selfGovernance.approve, d.selfGovernance.reject, d.recommend.action, d.authority.approve, d.authority.reject, d.authority.sendBack]) {
    if (!actionIds.has(action)) problems.push(`decisions names unknown action ${action}`);
  }
  return problems;
}
