import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GroupPosition, VotingRules } from './profile.js';
import { secProfile } from './sec.js';
import { carriedOption, groupOf, groupPosition, groupsNeeded, optionResult, passes, votingProblems, type GroupTally } from './voting.js';

const sec = secProfile.voting;
const rules = (over: Partial<VotingRules> = {}): VotingRules => ({ ...sec, ...over });
const tally = (group: string, members: number, approve = 0, reject = 0, abstain = 0): GroupTally => ({ group, members, approve, reject, abstain });

describe('groupOf', () => {
  it('places a member by their organisation\'s party category, a non-Party in the consumer group, the DCC nowhere', () => {
    expect(groupOf(sec, 'large-supplier')?.id).toBe('large-supplier');
    expect(groupOf(sec, 'gas-network')?.id).toBe('network');
    expect(groupOf(sec, 'electricity-network')?.id).toBe('network');
    expect(groupOf(sec, null)?.id).toBe('consumer');
    expect(groupOf(sec, 'dcc')).toBeNull();
    expect(groupOf({ ...sec, groups: sec.groups.filter((g) => !g.nonParty) }, null)).toBeNull();
  });
});

describe('groupPosition', () => {
  it('is the majority of votes cast; abstentions are not cast', () => {
    expect(groupPosition(sec, { members: 3, approve: 2, reject: 1 })).toBe('approve');
    expect(groupPosition(sec, { members: 3, approve: 1, reject: 2 })).toBe('reject');
    // Two abstain, one approves: one vote cast, and it approves.
    expect(groupPosition(sec, { members: 3, approve: 1, reject: 0 })).toBe('approve');
  });

  it('applies the profile\'s tie rule exactly on the share', () => {
    for (const tie of ['approve', 'reject', 'none', 'excluded'] as GroupPosition[]) {
      expect(groupPosition(rules({ tie }), { members: 2, approve: 1, reject: 1 })).toBe(tie);
    }
    const twoThirds = rules({ groupMajority: { numerator: 2, denominator: 3 }, tie: 'reject' });
    expect(groupPosition(twoThirds, { members: 3, approve: 2, reject: 1 })).toBe('reject');
    expect(groupPosition({ ...twoThirds, tie: 'approve' }, { members: 3, approve: 2, reject: 1 })).toBe('approve');
    expect(groupPosition(twoThirds, { members: 4, approve: 3, reject: 1 })).toBe('approve');
    expect(groupPosition(twoThirds, { members: 5, approve: 3, reject: 2 })).toBe('reject');
  });

  it('says what the profile says of a group with no votes cast and of an empty group', () => {
    expect(groupPosition(rules({ noVotesCast: 'excluded' }), { members: 2, approve: 0, reject: 0 })).toBe('excluded');
    expect(groupPosition(rules({ noVotesCast: 'reject' }), { members: 2, approve: 0, reject: 0 })).toBe('reject');
    expect(groupPosition(rules({ emptyGroup: 'none', noVotesCast: 'excluded' }), { members: 0, approve: 0, reject: 0 })).toBe('none');
    expect(groupPosition(rules({ emptyGroup: 'excluded' }), { members: 0, approve: 0, reject: 0 })).toBe('excluded');
  });

  it('at a share of one half, approves exactly when approvals outnumber rejections (property)', () => {
    fc.assert(fc.property(fc.nat(20), fc.nat(20), (a, r) => {
      fc.pre(a + r > 0);
      const p = groupPosition(rules({ tie: 'none' }), { members: a + r, approve: a, reject: r });
      expect(p).toBe(a > r ? 'approve' : a < r ? 'reject' : 'none');
    }));
  });
});

describe('groupsNeeded and passes', () => {
  it('counts every threshold', () => {
    expect(groupsNeeded(rules({ groupsNeeded: { kind: 'all' } }), 4)).toBe(4);
    expect(groupsNeeded(rules({ groupsNeeded: { kind: 'at-least', groups: 3 } }), 5)).toBe(3);
    expect(groupsNeeded(rules({ groupsNeeded: { kind: 'more-than', numerator: 1, denominator: 2 } }), 4)).toBe(3);
    expect(groupsNeeded(rules({ groupsNeeded: { kind: 'more-than', numerator: 1, denominator: 2 } }), 5)).toBe(3);
    expect(groupsNeeded(rules({ groupsNeeded: { kind: 'more-than', numerator: 2, denominator: 3 } }), 3)).toBe(3);
    expect(groupsNeeded(rules({ groupsNeeded: { kind: 'more-than', numerator: 0, denominator: 1 } }), 3)).toBe(1);
  });

  it('leaves excluded groups out of the count and fails an option no group is counted for', () => {
    const r = rules({ groupsNeeded: { kind: 'all' } });
    expect(passes(r, ['approve', 'excluded', 'approve']).passes).toBe(true);
    expect(passes(r, ['approve', 'none', 'approve']).passes).toBe(false);
    expect(passes(r, ['excluded', 'excluded'])).toEqual({ counted: 0, approving: 0, needed: 0, passes: false });
    expect(passes(rules({ groupsNeeded: { kind: 'at-least', groups: 3 } }), ['approve', 'approve']).passes).toBe(false);
    const half = rules({ groupsNeeded: { kind: 'more-than', numerator: 1, denominator: 2 } });
    expect(passes(half, ['approve', 'approve', 'reject', 'reject']).passes).toBe(false);
    expect(passes(half, ['approve', 'approve', 'reject', 'excluded']).passes).toBe(true);
  });
});

describe('optionResult', () => {
  it('shows a passing vote, and how many rejections could still make it fail', () => {
    const r = optionResult(sec, [tally('large-supplier', 2, 1), tally('small-supplier', 2, 1), tally('network', 2, 0, 1), tally('other-sec-party', 1), tally('consumer', 1)]);
    expect(r.groups.map((g) => g.position)).toEqual(['approve', 'approve', 'reject', 'excluded', 'excluded']);
    expect(r).toMatchObject({ counted: 3, approving: 2, needed: 2, passes: true });
    expect(r.toPass).toEqual({ votes: 0, by: [] });
    // One rejection in Large Supplier makes it a tie (no position): 1 of 3 groups approve.
    expect(r.toFail?.votes).toBe(1);
    expect(r.groups[0]).toMatchObject({ outstanding: 1, label: 'Large Supplier Parties' });
  });

  it('says nothing more can change a vote every member has cast', () => {
    const r = optionResult(sec, [tally('large-supplier', 1, 1), tally('small-supplier', 1, 0, 1)]);
    expect(r.passes).toBe(false);
    expect(r.toPass).toBeNull();
    expect(r.toFail).toEqual({ votes: 0, by: [] });
  });

  it('finds the fewest approvals needed to pass, and where', () => {
    const r = optionResult(rules({ groupsNeeded: { kind: 'all' } }), [tally('large-supplier', 3, 0, 1), tally('small-supplier', 1, 1)]);
    expect(r.passes).toBe(false);
    expect(r.toPass).toEqual({ votes: 2, by: [{ group: 'large-supplier', approve: 2, reject: 0 }] });
  });

  it('treats alternatives independently, and carries the proposed solution first, else the strongest alternative', () => {
    expect(carriedOption([{ passes: true, approving: 2 }, { passes: true, approving: 5 }])).toBe(0);
    expect(carriedOption([{ passes: false, approving: 2 }, { passes: true, approving: 3 }, { passes: true, approving: 4 }])).toBe(2);
    expect(carriedOption([{ passes: false, approving: 2 }, { passes: true, approving: 3 }, { passes: true, approving: 3 }])).toBe(1);
    expect(carriedOption([{ passes: false, approving: 2 }, { passes: false, approving: 3 }])).toBeNull();
    expect(carriedOption([])).toBeNull();
  });

  // Brute force: every way the outstanding members could still vote, for small groups.
  const arbRules = fc.record({
    groupMajority: fc.constantFrom({ numerator: 1, denominator: 2 }, { numerator: 2, denominator: 3 }, { numerator: 0, denominator: 1 }),
    tie: fc.constantFrom<GroupPosition>('approve', 'reject', 'none', 'excluded'),
    noVotesCast: fc.constantFrom<GroupPosition>('approve', 'reject', 'none', 'excluded'),
    emptyGroup: fc.constantFrom<GroupPosition>('approve', 'reject', 'none', 'excluded'),
    groupsNeeded: fc.oneof(
      fc.constant({ kind: 'all' as const }),
      fc.integer({ min: 1, max: 4 }).map((groups) => ({ kind: 'at-least' as const, groups })),
      fc.constantFrom({ numerator: 1, denominator: 2 }, { numerator: 2, denominator: 3 }).map((s) => ({ kind: 'more-than' as const, ...s })),
    ),
  }).map((r) => rules(r));
  const arbTallies = fc.array(fc.record({ members: fc.nat(3), approve: fc.nat(3), reject: fc.nat(3), abstain: fc.nat(3) })
    .filter((t) => t.approve + t.reject + t.abstain <= t.members), { minLength: 1, maxLength: 4 })
    .map((ts) => ts.map((t, i) => ({ group: `g${i}`, ...t })));

  /** Every completion of the outstanding votes, with its cost (votes cast), approvals and rejections only. */
  function completions(t: GroupTally): { approve: number; reject: number; cost: number }[] {
    const out = t.members - t.approve - t.reject - t.abstain;
    const list = [];
    for (let a = 0; a <= out; a++) for (let r = 0; a + r <= out; r++) list.push({ approve: a, reject: r, cost: a + r });
    return list;
  }

  it('"what is needed" is achievable and no cheaper completion reaches the other outcome (property)', () => {
    fc.assert(fc.property(arbRules, arbTallies, (r, tallies) => {
      const result = optionResult(r, tallies);
      let cheapestPass = Infinity;
      let cheapestFail = Infinity;
      const walk = (i: number, positions: GroupPosition[], cost: number): void => {
        if (i === tallies.length) {
          if (passes(r, positions).passes) cheapestPass = Math.min(cheapestPass, cost);
          else cheapestFail = Math.min(cheapestFail, cost);
          return;
        }
        const t = tallies[i];
        for (const c of completions(t)) walk(i + 1, [...positions, groupPosition(r, { members: t.members, approve: t.approve + c.approve, reject: t.reject + c.reject })], cost + c.cost);
      };
      walk(0, [], 0);
      expect(result.toPass?.votes ?? Infinity).toBe(cheapestPass);
      expect(result.toFail?.votes ?? Infinity).toBe(cheapestFail);
      expect(result.passes ? result.toPass?.votes : result.toFail?.votes).toBe(0);
      // Casting the votes it names brings the outcome it promises.
      for (const [needed, goal] of [[result.toPass, true], [result.toFail, false]] as const) {
        if (!needed) continue;
        const after = tallies.map((t) => {
          const add = needed.by.find((b) => b.group === t.group);
          return add ? { ...t, approve: t.approve + add.approve, reject: t.reject + add.reject } : t;
        });
        expect(optionResult(r, after).passes).toBe(goal);
        expect(needed.by.reduce((n, b) => n + b.approve + b.reject, 0)).toBe(needed.votes);
      }
    }), { numRuns: 300 });
  });
});

describe('votingProblems', () => {
  it('accepts the SEC profile and names what is wrong with a bad one', () => {
    expect(votingProblems(secProfile)).toEqual([]);
    const bad = {
      ...secProfile,
      objectives: [],
      voting: {
        ...sec, committee: 'NOPE', groupMajority: { numerator: 2, denominator: 2 },
        groups: [...sec.groups, { id: 'large-supplier', label: 'Again', partyCategories: ['large-supplier', 'martians'] }],
        groupsNeeded: { kind: 'at-least' as const, groups: 0 },
      },
    };
    expect(votingProblems(bad)).toEqual([
      'voting committee NOPE is not a committee of the profile',
      'voting group large-supplier is defined twice',
      'party category large-supplier is in two voting groups',
      'voting group large-supplier names unknown party category martians',
      'voting groupMajority must be a share n/d with 0 ≤ n < d, whole numbers',
      'voting groupsNeeded at-least must be a whole number of groups, at least 1',
      'objectives lists no objective',
    ]);
  });
});
