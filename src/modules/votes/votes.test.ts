import { describe, expect, it } from 'vitest';
import { secProfile } from '../../process/sec.js';
import { neededText, tallies, voteResult, type Ballot, type Voter } from './votes.js';

const rules = secProfile.voting;
const options = [{ key: 'proposed', title: 'Proposed solution', description: '' }, { key: 'alternative-1', title: 'Alternative', description: '' }];
const voter = (accountId: string, group: string): Voter => ({ accountId, name: accountId, organisation: null, group });
const ballot = (accountId: string, group: string, proposed: 'approve' | 'reject' | 'abstain', alternative: 'approve' | 'reject' | 'abstain'): Ballot => ({
  accountId, voter: accountId, organisation: null, group, castAt: '', updatedAt: '',
  choices: [{ option: 'proposed', choice: proposed, rationale: '', objectives: [] }, { option: 'alternative-1', choice: alternative, rationale: '', objectives: [] }],
});

describe('tallies', () => {
  it('counts the roll and anyone who voted and has since left it, per option and group', () => {
    const roll = [voter('a', 'large-supplier'), voter('b', 'large-supplier'), voter('c', 'network')];
    const ballots = [ballot('a', 'large-supplier', 'approve', 'reject'), ballot('gone', 'network', 'reject', 'abstain')];
    const [proposed, alternative] = tallies(rules, options, roll, ballots);
    expect(proposed.find((t) => t.group === 'large-supplier')).toEqual({ group: 'large-supplier', members: 2, approve: 1, reject: 0, abstain: 0 });
    expect(proposed.find((t) => t.group === 'network')).toEqual({ group: 'network', members: 2, approve: 0, reject: 1, abstain: 0 });
    expect(alternative.find((t) => t.group === 'network')).toEqual({ group: 'network', members: 2, approve: 0, reject: 0, abstain: 1 });
    expect(proposed.find((t) => t.group === 'consumer')).toEqual({ group: 'consumer', members: 0, approve: 0, reject: 0, abstain: 0 });
  });

  it('carries the proposed solution when it passes, else the passing alternative; rejects when none passes', () => {
    const roll = [voter('a', 'large-supplier'), voter('b', 'small-supplier'), voter('c', 'network')];
    const both = voteResult(rules, options, roll, [ballot('a', 'large-supplier', 'approve', 'approve'), ballot('b', 'small-supplier', 'approve', 'approve')]);
    expect(both).toMatchObject({ carried: 'proposed', outcome: 'approve' });
    const alternativeOnly = voteResult(rules, options, roll, [ballot('a', 'large-supplier', 'reject', 'approve'), ballot('b', 'small-supplier', 'reject', 'approve')]);
    expect(alternativeOnly).toMatchObject({ carried: 'alternative-1', outcome: 'approve' });
    const none = voteResult(rules, options, roll, [ballot('a', 'large-supplier', 'reject', 'reject')]);
    expect(none).toMatchObject({ carried: null, outcome: 'reject' });
    expect(voteResult(rules, options, roll, [])).toMatchObject({ carried: null, outcome: 'reject' });
  });
});

describe('neededText', () => {
  const labels = new Map([['large-supplier', 'Large Supplier Parties'], ['network', 'Network Parties']]);
  it('says what is needed in words', () => {
    expect(neededText(null, labels, 'pass')).toBe('Cannot pass, whatever the members still to vote do.');
    expect(neededText({ votes: 0, by: [] }, labels, 'fail')).toBe('Fails as it stands.');
    expect(neededText({ votes: 3, by: [{ group: 'large-supplier', approve: 2, reject: 0 }, { group: 'network', approve: 0, reject: 1 }] }, labels, 'pass'))
      .toBe('To pass: 3 more votes (2 approve in Large Supplier Parties; 1 reject in Network Parties).');
  });
});
