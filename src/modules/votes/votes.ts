// The vote as the module keeps it, and the pure steps from its rows to a result: the tallies of
// each option by voting group (from the roll of voting members and the ballots), each option's
// result by the profile's rules (process/voting.ts), and the option a closed vote carries.
import type { VotingRules } from '../../process/profile.js';
import { carriedOption, optionResult, type GroupTally, type OptionResult, type VoteChoice } from '../../process/voting.js';

export interface VoteOption {
  key: string;
  title: string;
  description: string;
}

export interface BallotChoice {
  option: string;
  choice: VoteChoice;
  rationale: string;
  objectives: string[];
}

export interface Ballot {
  accountId: string;
  voter: string;
  organisation: string | null;
  group: string;
  choices: BallotChoice[];
  castAt: string;
  updatedAt: string;
}

export interface Vote {
  id: string;
  proposalId: string;
  reference: string;
  committee: string;
  status: 'open' | 'counted';
  openedOn: string;
  closedOn: string | null;
  outcome: 'approve' | 'reject' | null;
  carried: string | null;
  action: string | null;
  recordSha256: string | null;
  version: number;
  options: VoteOption[];
}

/** A member who may vote: an active account of the committee whose organisation places them in a group. */
export interface Voter {
  accountId: string;
  name: string;
  organisation: string | null;
  group: string;
}

export interface VoteResult {
  options: (VoteOption & OptionResult)[];
  /** The option carried now (were the vote to close as it stands), by key; null when none passes. */
  carried: string | null;
  outcome: 'approve' | 'reject';
}

/** Each option's tallies by group: the roll (and anyone who voted but has since left it) against the ballots. */
export function tallies(rules: VotingRules, options: VoteOption[], roll: Voter[], ballots: Ballot[]): GroupTally[][] {
  const members = new Map(rules.groups.map((g) => [g.id, new Set<string>()]));
  for (const v of roll) members.get(v.group)?.add(v.accountId);
  for (const b of ballots) members.get(b.group)?.add(b.accountId);
  return options.map((o) => rules.groups.map((g) => {
    const t: GroupTally = { group: g.id, members: members.get(g.id)!.size, approve: 0, reject: 0, abstain: 0 };
    for (const b of ballots) {
      if (b.group !== g.id) continue;
      const c = b.choices.find((x) => x.option === o.key);
      if (c) t[c.choice] += 1;
    }
    return t;
  }));
}

export function voteResult(rules: VotingRules, options: VoteOption[], roll: Voter[], ballots: Ballot[]): VoteResult {
  const byOption = tallies(rules, options, roll, ballots);
  const results = options.map((o, i) => ({ ...o, ...optionResult(rules, byOption[i]) }));
  const carried = carriedOption(results);
  return { options: results, carried: carried === null ? null : options[carried].key, outcome: carried === null ? 'reject' : 'approve' };
}

export const CHOICE_LABELS: Record<VoteChoice, string> = { approve: 'Approve', reject: 'Reject', abstain: 'Abstain' };

export const POSITION_LABELS: Record<string, string> = {
  approve: 'Approves', reject: 'Rejects', none: 'No position', excluded: 'Not counted',
};

export const votePath = (id: string) => `/votes/${encodeURIComponent(id)}`;

/** "needs 2 more approvals (Large Supplier Parties 2)": what a Needed means, in words. */
export function neededText(needed: { votes: number; by: { group: string; approve: number; reject: number }[] } | null, labels: Map<string, string>, goal: 'pass' | 'fail'): string {
  if (!needed) return goal === 'pass' ? 'Cannot pass, whatever the members still to vote do.' : 'Cannot fail, whatever the members still to vote do.';
  if (needed.votes === 0) return goal === 'pass' ? 'Passes as it stands.' : 'Fails as it stands.';
  const parts = needed.by.map((b) => {
    const bits = [b.approve ? `${b.approve} approve` : '', b.reject ? `${b.reject} reject` : ''].filter(Boolean).join(' and ');
    return `${bits} in ${labels.get(b.group) ?? b.group}`;
  });
  return `To ${goal}: ${needed.votes} more ${needed.votes === 1 ? 'vote' : 'votes'} (${parts.join('; ')}).`;
}
